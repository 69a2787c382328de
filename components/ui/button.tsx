"use client";

import * as React from "react";
import { Slot } from "@radix-ui/react-slot";
import { LoaderCircle } from "lucide-react";

import { buttonVariants, type ButtonVariantProps } from "./button-variants";
import { cn } from "./cn";

export { buttonVariants };

export type ButtonProps = React.ComponentProps<"button"> &
  ButtonVariantProps & {
    /** Render the child element (e.g. a Next `<Link>`) with button styling instead of a `<button>`. */
    asChild?: boolean;
    /** Shows a spinner, disables the button and sets `aria-busy` while an action is pending. */
    loading?: boolean;
  };

export function Button({
  className,
  variant,
  size,
  asChild = false,
  loading = false,
  disabled,
  type,
  children,
  ...props
}: ButtonProps) {
  const classes = cn(buttonVariants({ variant, size }), className);

  if (asChild) {
    // A slotted child (usually a link) cannot be `disabled`; mark it busy/disabled for AT and styling instead.
    return (
      <Slot
        data-slot="button"
        className={classes}
        aria-busy={loading || undefined}
        aria-disabled={disabled || loading || undefined}
        {...props}
      >
        {children}
      </Slot>
    );
  }

  return (
    <button
      data-slot="button"
      type={type ?? "button"}
      className={classes}
      disabled={disabled || loading}
      aria-busy={loading || undefined}
      {...props}
    >
      {loading ? <LoaderCircle aria-hidden="true" className="animate-spin" /> : null}
      {/* An icon-only button swaps its icon for the spinner; its aria-label still names it. */}
      {loading && (size === "icon" || size === "icon-sm") ? null : children}
    </button>
  );
}
