"use client";

import * as React from "react";

type TriggerProps = React.ButtonHTMLAttributes<HTMLButtonElement> & { "data-state"?: string };

export interface DeferredMenuProps {
  /** The button that opens the menu: rendered as is until the menu's code is needed, then as the menu's trigger. */
  trigger: React.ReactElement<TriggerProps>;
  /** Starts loading the menu's module (`() => void import(…)`); called when the pointer or focus reaches the button. */
  preload: () => void;
  /** The lazy menu (a `React.lazy` component that takes the same `trigger`), opened on its first render. */
  menu: React.ReactNode;
}

/**
 * A dropdown menu whose code (Radix menu, popper, focus scope: ~20 kB gzip) loads when the pointer or focus reaches
 * its button instead of with the page. Until then the button is the same element with `aria-haspopup`; pressing it
 * (pointer, Enter, Space, ↓) renders `menu`, which opens where the button was and takes focus like any Radix menu
 * (docs/ui.md, First paint).
 */
export function DeferredMenu({ trigger, preload, menu }: DeferredMenuProps) {
  const [requested, setRequested] = React.useState<false | "pointer" | "keyboard">(false);
  const { onPointerEnter, onFocus, onPointerDown, onKeyDown } = trigger.props;
  const placeholder = React.cloneElement(trigger, {
    "aria-haspopup": "menu",
    "aria-expanded": false,
    "data-state": "closed",
    onPointerEnter: (event: React.PointerEvent<HTMLButtonElement>) => {
      onPointerEnter?.(event);
      preload();
    },
    onFocus: (event: React.FocusEvent<HTMLButtonElement>) => {
      onFocus?.(event);
      preload();
    },
    onPointerDown: (event: React.PointerEvent<HTMLButtonElement>) => {
      onPointerDown?.(event);
      // As Radix: the primary button without Ctrl opens (Ctrl+click is a context menu on macOS).
      if (event.button !== 0 || event.ctrlKey) return;
      event.preventDefault();
      setRequested("pointer");
    },
    onKeyDown: (event: React.KeyboardEvent<HTMLButtonElement>) => {
      onKeyDown?.(event);
      if (event.key !== "Enter" && event.key !== " " && event.key !== "ArrowDown") return;
      event.preventDefault();
      setRequested("keyboard");
    },
  });
  if (!requested) return placeholder;
  return (
    <React.Suspense fallback={placeholder}>
      {menu}
      {requested === "keyboard" ? <FocusFirstItem /> : null}
    </React.Suspense>
  );
}

/**
 * A Radix menu opened from the keyboard focuses its first item, but it learns "keyboard" from a key pressed while it
 * is mounted; this one mounted after the key. Once the open menu has taken focus, move it to the first item.
 */
function FocusFirstItem() {
  React.useEffect(() => {
    const frame = requestAnimationFrame(() => {
      const active = document.activeElement;
      if (active?.getAttribute("role") !== "menu") return;
      active.querySelector<HTMLElement>('[role^="menuitem"]:not([data-disabled])')?.focus();
    });
    return () => cancelAnimationFrame(frame);
  }, []);
  return null;
}
