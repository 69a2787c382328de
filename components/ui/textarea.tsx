"use client";

import * as React from "react";

import { cn } from "./cn";
import { useFieldControl } from "./field";
import { controlClasses } from "./input";

export type TextareaProps = React.ComponentProps<"textarea">;

export function Textarea({ className, rows = 3, ...props }: TextareaProps) {
  const fieldProps = useFieldControl(props);
  return (
    <textarea
      data-slot="textarea"
      rows={rows}
      className={cn(controlClasses, "min-h-16 max-h-80 px-2.5 py-1.5 field-sizing-content", className)}
      {...props}
      {...fieldProps}
    />
  );
}
