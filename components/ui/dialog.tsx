"use client";

import * as React from "react";
import * as DialogPrimitive from "@radix-ui/react-dialog";
import { X } from "lucide-react";

import { Button } from "./button";
import { cn } from "./cn";

export const Dialog = DialogPrimitive.Root;
export const DialogTrigger = DialogPrimitive.Trigger;
export const DialogPortal = DialogPrimitive.Portal;
export const DialogClose = DialogPrimitive.Close;

export function DialogOverlay({ className, ...props }: React.ComponentProps<typeof DialogPrimitive.Overlay>) {
  return (
    <DialogPrimitive.Overlay
      data-slot="dialog-overlay"
      className={cn("fixed inset-0 z-50 bg-black/50 motion-safe:animate-fade-in", className)}
      {...props}
    />
  );
}

export type DialogContentProps = React.ComponentProps<typeof DialogPrimitive.Content> & {
  /** Render the top-right close (×) button. Confirmation dialogs turn it off: they have Cancel. */
  showClose?: boolean;
  size?: "sm" | "md" | "lg" | "xl";
};

const dialogSizes = {
  sm: "max-w-sm",
  md: "max-w-lg",
  lg: "max-w-2xl",
  xl: "max-w-4xl",
} as const;

export function DialogContent({ className, children, showClose = true, size = "md", ...props }: DialogContentProps) {
  return (
    <DialogPortal>
      <DialogOverlay />
      <DialogPrimitive.Content
        data-slot="dialog-content"
        className={cn(
          "fixed top-1/2 left-1/2 z-50 grid max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] -translate-x-1/2 -translate-y-1/2",
          // One column that may shrink below its content's width: without minmax(0, 1fr) a long path or a wide
          // message widens the grid track past the dialog and is clipped at its right edge.
          "grid-cols-[minmax(0,1fr)] gap-4 overflow-x-hidden overflow-y-auto rounded-lg border bg-background p-5 shadow-lg outline-none motion-safe:animate-pop-in",
          dialogSizes[size],
          className,
        )}
        {...props}
      >
        {children}
        {showClose ? (
          <DialogPrimitive.Close
            className={cn(
              "absolute top-3.5 right-3.5 rounded-sm p-0.5 text-muted-foreground opacity-80 transition-opacity",
              "hover:opacity-100 disabled:pointer-events-none",
            )}
          >
            <X aria-hidden="true" className="size-4" />
            <span className="sr-only">Close</span>
          </DialogPrimitive.Close>
        ) : null}
      </DialogPrimitive.Content>
    </DialogPortal>
  );
}

export function DialogHeader({ className, ...props }: React.ComponentProps<"div">) {
  return <div data-slot="dialog-header" className={cn("flex flex-col gap-1.5 pr-6", className)} {...props} />;
}

export function DialogFooter({ className, ...props }: React.ComponentProps<"div">) {
  return (
    <div
      data-slot="dialog-footer"
      className={cn("flex flex-col-reverse gap-2 sm:flex-row sm:justify-end", className)}
      {...props}
    />
  );
}

export interface FormDialogFooterProps {
  /** The submit button's label ("Create token", "Save"). */
  submitLabel: React.ReactNode;
  /** The mutation is in flight: the submit button spins and both buttons are disabled. */
  pending: boolean;
  onCancel: () => void;
  cancelLabel?: React.ReactNode;
  destructive?: boolean;
  /** The form's id when the footer is outside the `<form>`. */
  form?: string;
}

/** The footer of a dialog's form: Cancel, then the submit button. One look and one pending rule for every form dialog. */
export function FormDialogFooter({ submitLabel, pending, onCancel, cancelLabel = "Cancel", destructive = false, form }: FormDialogFooterProps) {
  return (
    <DialogFooter>
      <Button type="button" variant="outline" disabled={pending} onClick={onCancel}>
        {cancelLabel}
      </Button>
      <Button type="submit" form={form} variant={destructive ? "destructive" : "default"} loading={pending}>
        {submitLabel}
      </Button>
    </DialogFooter>
  );
}

export function DialogTitle({ className, ...props }: React.ComponentProps<typeof DialogPrimitive.Title>) {
  return (
    <DialogPrimitive.Title
      data-slot="dialog-title"
      className={cn("text-base leading-tight font-semibold", className)}
      {...props}
    />
  );
}

export function DialogDescription({ className, ...props }: React.ComponentProps<typeof DialogPrimitive.Description>) {
  return (
    <DialogPrimitive.Description
      data-slot="dialog-description"
      className={cn("text-sm text-muted-foreground", className)}
      {...props}
    />
  );
}
