import * as React from "react";

import { cn } from "./cn";

export interface ProgressProps extends Omit<React.ComponentProps<"div">, "children"> {
  /** Done so far, 0…max. */
  value: number;
  /** The whole; 0 shows an empty bar (nothing to do is not "done"). */
  max: number;
  /** Names the bar for assistive technology, e.g. "edge-web: nodes running 1.4.0". Required: a bar without a name is noise. */
  "aria-label": string;
  /** Spoken instead of a percentage, e.g. "12 of 20 nodes". Default `${value} of ${max}`. */
  valueText?: string;
  /** Colour of the filled part; default the live (emerald) solid. */
  indicatorClassName?: string;
  size?: "sm" | "md";
}

/**
 * A determinate progress bar (`role="progressbar"` with aria-valuenow/min/max and a value text). Server-renderable.
 * See docs/ui.md (Primitives).
 */
export function Progress({ value, max, valueText, indicatorClassName, size = "md", className, ...props }: ProgressProps) {
  const clamped = Math.min(Math.max(value, 0), Math.max(max, 0));
  const percent = max > 0 ? (clamped / max) * 100 : 0;
  return (
    <div
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={clamped}
      aria-valuetext={valueText ?? `${clamped} of ${max}`}
      data-slot="progress"
      className={cn("relative w-full overflow-hidden rounded-full bg-muted", size === "sm" ? "h-1.5" : "h-2", className)}
      {...props}
    >
      <div className={cn("h-full rounded-full bg-state-live transition-[width] duration-300", indicatorClassName)} style={{ width: `${percent}%` }} />
    </div>
  );
}
