"use client";

import * as React from "react";

import { cn } from "./cn";
import { useFieldControl } from "./field";

/** Shared look of text-like controls (Input, Textarea, NativeSelect, SelectTrigger). */
export const controlClasses = cn(
  "w-full min-w-0 rounded-md border border-input bg-background text-sm shadow-xs transition-colors",
  "placeholder:text-muted-foreground focus-visible:outline-offset-0 focus-visible:border-ring",
  "disabled:cursor-not-allowed disabled:opacity-50",
  "aria-invalid:border-error aria-invalid:focus-visible:outline-error",
);

export type InputProps = React.ComponentProps<"input">;

export function Input({ className, type = "text", ...props }: InputProps) {
  const fieldProps = useFieldControl(props);
  return (
    <input
      data-slot="input"
      type={type}
      className={cn(
        controlClasses,
        "h-8 px-2.5 py-1",
        "file:mr-2 file:border-0 file:bg-transparent file:text-sm file:font-medium file:text-foreground",
        className,
      )}
      {...props}
      {...fieldProps}
    />
  );
}
