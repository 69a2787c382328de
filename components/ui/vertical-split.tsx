"use client";

import * as React from "react";
import { cn } from "./cn";

const MIN_FRACTION = 0.25;
const MAX_FRACTION = 0.85;
const KEY_STEP = 0.05;

export function clampFraction(value: number): number {
  return Math.min(MAX_FRACTION, Math.max(MIN_FRACTION, value));
}

/**
 * Two panes stacked in a box that fills the viewport below where it starts (at least `minHeight`), with a
 * draggable, keyboard-operable separator between them (WAI-ARIA window splitter: ↑/↓ move it, Home/End go to the
 * limits). The top pane's share is remembered per `storageKey`. Used where the lower pane must stay on screen:
 * the manifest editor's Problems panel (docs/ui.md, "Vertical split").
 */
export function VerticalSplit({
  top,
  bottom,
  label,
  storageKey,
  defaultFraction = 0.68,
  minHeight = 440,
  className,
  testId,
}: {
  top: React.ReactNode;
  bottom: React.ReactNode;
  /** Names the separator: "Resize the editor and the Problems panel". */
  label: string;
  storageKey: string;
  defaultFraction?: number;
  minHeight?: number;
  className?: string;
  testId?: string;
}) {
  const box = React.useRef<HTMLDivElement>(null);
  const [height, setHeight] = React.useState<number | null>(null);
  const [fraction, setFraction] = React.useState(defaultFraction);

  React.useEffect(() => {
    const saved = Number(window.localStorage.getItem(storageKey));
    if (Number.isFinite(saved) && saved > 0) setFraction(clampFraction(saved));
  }, [storageKey]);

  React.useLayoutEffect(() => {
    const fit = () => {
      const el = box.current;
      if (!el) return;
      const top = el.getBoundingClientRect().top + window.scrollY;
      // Fill what is left of the viewport below the box's start, leaving the page's bottom padding.
      setHeight(Math.max(minHeight, Math.round(window.innerHeight - top - 20)));
    };
    fit();
    window.addEventListener("resize", fit);
    return () => window.removeEventListener("resize", fit);
  }, [minHeight]);

  const commit = (value: number) => {
    const next = clampFraction(value);
    setFraction(next);
    window.localStorage.setItem(storageKey, String(next));
  };

  const onPointerDown = (event: React.PointerEvent<HTMLDivElement>) => {
    const el = box.current;
    if (!el) return;
    event.preventDefault();
    const rect = el.getBoundingClientRect();
    const move = (e: PointerEvent) => commit((e.clientY - rect.top) / rect.height);
    const up = () => {
      window.removeEventListener("pointermove", move);
      window.removeEventListener("pointerup", up);
    };
    window.addEventListener("pointermove", move);
    window.addEventListener("pointerup", up);
  };

  const onKeyDown = (event: React.KeyboardEvent<HTMLDivElement>) => {
    const moves: Record<string, number> = { ArrowUp: fraction - KEY_STEP, ArrowDown: fraction + KEY_STEP, Home: MIN_FRACTION, End: MAX_FRACTION };
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    commit(next);
  };

  return (
    <div ref={box} className={cn("flex flex-col", className)} style={{ height: height ?? minHeight }} data-testid={testId}>
      <div className="min-h-0" style={{ flex: `${fraction} 1 0` }}>
        {top}
      </div>
      <div
        role="separator"
        aria-orientation="horizontal"
        aria-label={label}
        aria-valuemin={Math.round(MIN_FRACTION * 100)}
        aria-valuemax={Math.round(MAX_FRACTION * 100)}
        aria-valuenow={Math.round(fraction * 100)}
        tabIndex={0}
        onPointerDown={onPointerDown}
        onKeyDown={onKeyDown}
        className="group flex h-3 shrink-0 cursor-row-resize touch-none items-center justify-center rounded-sm outline-none focus-visible:ring-2 focus-visible:ring-ring"
      >
        <span aria-hidden="true" className="h-1 w-12 rounded-full bg-border group-hover:bg-muted-foreground group-focus-visible:bg-muted-foreground" />
      </div>
      <div className="flex min-h-0 flex-col" style={{ flex: `${1 - fraction} 1 0` }}>
        {bottom}
      </div>
    </div>
  );
}
