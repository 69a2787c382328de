"use client";

import * as React from "react";

import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle, DialogTrigger, FormDialogFooter } from "./dialog";
import { Field } from "./field";
import { Textarea } from "./textarea";
import { getErrorMessage } from "./errors";

export interface ConfirmDialogProps {
  /** Controlled open state. Omit both and pass `trigger` for an uncontrolled dialog. */
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  /** Element that opens the dialog (rendered with Radix `asChild`, so pass a single element like a Button). */
  trigger?: React.ReactElement;
  title: React.ReactNode;
  description?: React.ReactNode;
  /** Extra body content between the description and the reason: blast radius, diff summary, etc. */
  children?: React.ReactNode;
  /** Label of the confirm button, a verb: "Promote to live", "Retire 1.4.2". Default "Confirm". */
  confirmLabel?: React.ReactNode;
  cancelLabel?: React.ReactNode;
  /** `destructive` paints the confirm button red (retire, rollback, reject, revoke). */
  variant?: "default" | "destructive";
  /** Show a reason textarea: `"required"` blocks confirm until it is non-blank. Default `"none"`. */
  reason?: "none" | "optional" | "required";
  reasonLabel?: React.ReactNode;
  reasonPlaceholder?: string;
  reasonDescription?: React.ReactNode;
  /**
   * Runs the action. The dialog shows a pending state until it settles, closes on success and, if it throws,
   * stays open showing the error message (so the operator can fix the reason or cancel). Toast the success from
   * here or from the mutation's onSuccess. `reason` is trimmed; `""` when there is no reason field.
   */
  onConfirm: (input: { reason: string }) => unknown | Promise<unknown>;
}

/**
 * The confirmation every fleet-changing mutation goes through (promote, approve, rollback, retire, assign).
 * Escape / outside click / Cancel are disabled while the action is pending, so it cannot be half-dismissed.
 */
export function ConfirmDialog({
  open: openProp,
  onOpenChange,
  trigger,
  title,
  description,
  children,
  confirmLabel = "Confirm",
  cancelLabel = "Cancel",
  variant = "default",
  reason = "none",
  reasonLabel = "Reason",
  reasonPlaceholder = "Why? This is recorded in the audit log.",
  reasonDescription,
  onConfirm,
}: ConfirmDialogProps) {
  const [uncontrolledOpen, setUncontrolledOpen] = React.useState(false);
  const open = openProp ?? uncontrolledOpen;
  const [pending, setPending] = React.useState(false);
  const [reasonText, setReasonText] = React.useState("");
  const [reasonError, setReasonError] = React.useState<string | null>(null);
  const [actionError, setActionError] = React.useState<string | null>(null);
  const mounted = React.useRef(true);
  React.useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  const setOpen = React.useCallback(
    (next: boolean) => {
      if (openProp === undefined) setUncontrolledOpen(next);
      onOpenChange?.(next);
    },
    [openProp, onOpenChange],
  );

  // Every opening starts clean: no leftover reason or error from a previous attempt.
  React.useEffect(() => {
    if (open) {
      setReasonText("");
      setReasonError(null);
      setActionError(null);
      setPending(false);
    }
  }, [open]);

  const handleOpenChange = (next: boolean) => {
    if (pending && !next) return;
    setOpen(next);
  };

  const submit = async () => {
    if (pending) return;
    const trimmed = reason === "none" ? "" : reasonText.trim();
    if (reason === "required" && !trimmed) {
      setReasonError("A reason is required.");
      return;
    }
    setReasonError(null);
    setActionError(null);
    setPending(true);
    try {
      await onConfirm({ reason: trimmed });
      if (!mounted.current) return;
      setPending(false);
      setOpen(false);
    } catch (error) {
      if (!mounted.current) return;
      setPending(false);
      setActionError(getErrorMessage(error));
    }
  };

  return (
    <Dialog open={open} onOpenChange={handleOpenChange}>
      {trigger ? <DialogTrigger asChild>{trigger}</DialogTrigger> : null}
      <DialogContent
        showClose={false}
        role="alertdialog"
        // Radix links a rendered <DialogDescription> itself; without one, say so explicitly (no dev warning).
        {...(description ? {} : { "aria-describedby": undefined })}
        onEscapeKeyDown={(event) => {
          if (pending) event.preventDefault();
        }}
        onPointerDownOutside={(event) => {
          if (pending) event.preventDefault();
        }}
        onInteractOutside={(event) => {
          if (pending) event.preventDefault();
        }}
      >
        <form
          className="grid min-w-0 grid-cols-[minmax(0,1fr)] gap-4"
          aria-busy={pending || undefined}
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
        >
          <DialogHeader>
            <DialogTitle>{title}</DialogTitle>
            {description ? <DialogDescription>{description}</DialogDescription> : null}
          </DialogHeader>
          {children ? <div className="min-w-0 text-sm wrap-break-word">{children}</div> : null}
          {reason !== "none" ? (
            <Field
              label={reasonLabel}
              required={reason === "required"}
              optional={reason === "optional"}
              description={reasonDescription}
              error={reasonError ?? undefined}
            >
              <Textarea
                name="reason"
                value={reasonText}
                placeholder={reasonPlaceholder}
                // readOnly, not disabled: a disabled field drops focus out of the dialog mid-action.
                readOnly={pending}
                onChange={(event) => {
                  setReasonText(event.target.value);
                  if (reasonError && event.target.value.trim()) setReasonError(null);
                }}
                onKeyDown={(event) => {
                  // Enter makes a new line in a textarea; Ctrl/Cmd+Enter confirms.
                  if (event.key === "Enter" && (event.metaKey || event.ctrlKey)) {
                    event.preventDefault();
                    void submit();
                  }
                }}
              />
            </Field>
          ) : null}
          {actionError ? (
            <p role="alert" className="rounded-md border px-3 py-2 text-sm severity-error">
              {actionError}
            </p>
          ) : null}
          <FormDialogFooter
            submitLabel={confirmLabel}
            cancelLabel={cancelLabel}
            pending={pending}
            destructive={variant === "destructive"}
            onCancel={() => setOpen(false)}
          />
        </form>
      </DialogContent>
    </Dialog>
  );
}
