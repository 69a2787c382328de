"use client";

import * as React from "react";
import { useRouter } from "next/navigation";

import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from "@/components/ui/dialog";
import { Kbd } from "@/components/ui/kbd";

import { NAV_ITEMS } from "./nav";
import { guardedNavigate } from "./navigation-guard";

export interface ShortcutDescription {
  keys: string[];
  /** Keys pressed one after the other (`g` then `m`) rather than together. */
  sequence?: boolean;
  label: string;
}

export const SHORTCUT_GROUPS: { title: string; shortcuts: ShortcutDescription[] }[] = [
  {
    title: "General",
    shortcuts: [
      { keys: ["Ctrl/⌘", "K"], label: "Command palette: go to anything, run an action" },
      { keys: ["/"], label: "Focus the search box" },
      { keys: ["?"], label: "Show keyboard shortcuts" },
      { keys: ["Esc"], label: "Close a dialog or menu, clear the search box" },
    ],
  },
  {
    title: "Go to",
    shortcuts: NAV_ITEMS.map((item) => ({ keys: ["g", item.shortcut], sequence: true, label: item.label })),
  },
];

/** How long after `g` the second key of a sequence is accepted. */
const SEQUENCE_TIMEOUT_MS = 1500;

const NON_TEXT_INPUT_TYPES = new Set(["button", "checkbox", "color", "file", "image", "radio", "range", "reset", "submit"]);

/**
 * True when a key press belongs to what the user is typing or to a widget with its own keyboard model:
 * text inputs, textareas, selects, contenteditable, the Monaco editor, and open menus / listboxes.
 */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof Element)) return false;
  if (target instanceof HTMLInputElement) return !NON_TEXT_INPUT_TYPES.has(target.type);
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLElement && target.isContentEditable) return true;
  return (
    target.closest(
      '.monaco-editor, [contenteditable=""], [contenteditable="true"], [role="textbox"], [role="combobox"], [role="searchbox"], [role="menu"], [role="menubar"], [role="listbox"], [role="grid"], [role="dialog"], [role="alertdialog"]',
    ) !== null
  );
}

function isVisible(element: HTMLElement): boolean {
  return element.getClientRects().length > 0 && getComputedStyle(element).visibility !== "hidden";
}

/** Focuses the page's search box (the first visible `[data-search-input]`); false if there is none. */
export function focusSearchInput(): boolean {
  const candidates = document.querySelectorAll<HTMLElement>("[data-search-input]");
  for (const element of candidates) {
    if (isVisible(element) && !(element as HTMLInputElement).disabled) {
      element.focus();
      if (element instanceof HTMLInputElement) element.select();
      return true;
    }
  }
  return false;
}

export interface KeyboardShortcutsProps {
  /** Controlled state of the `?` help dialog (the AppShell's user menu also opens it). */
  helpOpen?: boolean;
  onHelpOpenChange?: (open: boolean) => void;
}

/**
 * Global shortcuts: `/` search, `g m|p|t|a|i|u|s` navigation, `?` help. Mounted once by the AppShell.
 * Keys typed into fields, the manifest editor, menus and dialogs are left alone, as are keys with Ctrl/⌘/Alt.
 */
export function KeyboardShortcuts({ helpOpen: helpOpenProp, onHelpOpenChange }: KeyboardShortcutsProps) {
  const router = useRouter();
  const [localHelpOpen, setLocalHelpOpen] = React.useState(false);
  const helpOpen = helpOpenProp ?? localHelpOpen;
  const setHelpOpen = React.useCallback(
    (open: boolean) => {
      if (helpOpenProp === undefined) setLocalHelpOpen(open);
      onHelpOpenChange?.(open);
    },
    [helpOpenProp, onHelpOpenChange],
  );

  React.useEffect(() => {
    let pendingG = 0;

    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.isComposing || event.repeat) return;
      if (event.metaKey || event.ctrlKey || event.altKey) {
        pendingG = 0;
        return;
      }
      if (isTypingTarget(event.target)) return;

      const key = event.key;
      if (pendingG && event.timeStamp - pendingG <= SEQUENCE_TIMEOUT_MS) {
        pendingG = 0;
        const item = NAV_ITEMS.find((candidate) => candidate.shortcut === key);
        if (item) {
          event.preventDefault();
          guardedNavigate(item.href, () => router.push(item.href));
          return;
        }
      }
      pendingG = 0;

      if (key === "/") {
        if (focusSearchInput()) event.preventDefault();
      } else if (key === "?") {
        event.preventDefault();
        setHelpOpen(true);
      } else if (key === "g") {
        pendingG = event.timeStamp;
      }
    };

    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, [router, setHelpOpen]);

  return (
    <Dialog open={helpOpen} onOpenChange={setHelpOpen}>
      <DialogContent size="sm">
        <DialogHeader>
          <DialogTitle>Keyboard shortcuts</DialogTitle>
          <DialogDescription>Available anywhere in the console, except while typing in a field.</DialogDescription>
        </DialogHeader>
        <div className="grid gap-4">
          {SHORTCUT_GROUPS.map((group) => (
            <section key={group.title} aria-labelledby={`shortcuts-${group.title}`}>
              <h3 id={`shortcuts-${group.title}`} className="mb-1.5 text-xs font-medium text-muted-foreground">
                {group.title}
              </h3>
              <dl className="grid gap-1">
                {group.shortcuts.map((shortcut) => (
                  <div key={shortcut.label} className="flex items-center justify-between gap-4 py-0.5">
                    <dt className="text-sm">{shortcut.label}</dt>
                    <dd className="flex items-center gap-1">
                      {shortcut.keys.map((k, index) => (
                        <React.Fragment key={k + index}>
                          {index > 0 ? (
                            <span className="text-xs text-muted-foreground">{shortcut.sequence ? "then" : "+"}</span>
                          ) : null}
                          <Kbd>{k}</Kbd>
                        </React.Fragment>
                      ))}
                    </dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
      </DialogContent>
    </Dialog>
  );
}
