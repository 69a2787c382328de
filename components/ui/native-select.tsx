"use client";

import * as React from "react";
import { ChevronDown } from "lucide-react";

import { cn } from "./cn";
import { useFieldControl } from "./field";
import { controlClasses } from "./input";

export type NativeSelectProps = Omit<React.ComponentProps<"select">, "size"> & { size?: "sm" | "md" };

/**
 * A styled native `<select>`; children are `<option>`s. Spreads `register("field")` directly.
 * `className` sizes the wrapper (e.g. `w-48`); the select fills it.
 */
export function NativeSelect({ className, children, size = "md", ...props }: NativeSelectProps) {
  const fieldProps = useFieldControl(props);
  return (
    <div data-slot="native-select" className={cn("relative", className)}>
      <select
        className={cn(controlClasses, "appearance-none pr-8 pl-2.5", size === "sm" ? "h-7 text-xs" : "h-8")}
        {...props}
        {...fieldProps}
      >
        {children}
      </select>
      <ChevronDown
        aria-hidden="true"
        className="pointer-events-none absolute top-1/2 right-2.5 size-4 -translate-y-1/2 opacity-60"
      />
    </div>
  );
}
