import * as React from "react";

import { cn } from "./cn";
import { moduleColor } from "./module-color";

export interface ModuleChipProps extends Omit<React.ComponentProps<"span">, "children"> {
  /** Module name; decides the colour and is the text. */
  name: string;
  /** Shown instead of the name (the colour still comes from `name`), e.g. `nginx@1.4.2`. */
  children?: React.ReactNode;
  /** `"chip"` (default): tinted pill. `"dot"`: plain text with a coloured dot, for dense tables. */
  variant?: "chip" | "dot";
}

/** A module name in its identity colour (the same hue in overlay, layer stack and dependency graph). */
export function ModuleChip({ name, children, variant = "chip", className, style, ...props }: ModuleChipProps) {
  const color = moduleColor(name);
  if (variant === "dot") {
    return (
      <span
        data-slot="module-chip"
        className={cn("inline-flex min-w-0 items-center gap-1.5 font-mono text-xs", className)}
        style={style}
        {...props}
      >
        <span aria-hidden="true" className="size-2 shrink-0 rounded-full" style={{ backgroundColor: color.solid }} />
        <span className="truncate">{children ?? name}</span>
      </span>
    );
  }
  return (
    <span
      data-slot="module-chip"
      className={cn(
        "inline-flex h-5 max-w-full min-w-0 items-center gap-1 rounded-md border px-1.5 font-mono text-xs",
        className,
      )}
      style={{ backgroundColor: color.bg, color: color.fg, borderColor: color.border, ...style }}
      {...props}
    >
      <span aria-hidden="true" className="size-1.5 shrink-0 rounded-full" style={{ backgroundColor: color.solid }} />
      <span className="truncate">{children ?? name}</span>
    </span>
  );
}
