"use client";

import * as React from "react";
import { useTheme } from "next-themes";
import { Toaster as Sonner, toast, type ToasterProps } from "sonner";
import { CircleAlert, CircleCheck, Info, LoaderCircle, TriangleAlert } from "lucide-react";

export { toast };

/**
 * Mount once in the root layout (inside ThemeProvider). Follows the light/dark/system theme and uses the
 * console's surface tokens; the icon carries the meaning (green success, red error, amber warning).
 */
export function Toaster(props: ToasterProps) {
  const { theme = "system" } = useTheme();
  return (
    <Sonner
      theme={theme === "light" || theme === "dark" ? theme : "system"}
      position="bottom-right"
      closeButton
      visibleToasts={5}
      icons={{
        success: <CircleCheck aria-hidden="true" className="size-4 text-state-live" />,
        error: <CircleAlert aria-hidden="true" className="size-4 text-error" />,
        warning: <TriangleAlert aria-hidden="true" className="size-4 text-warning" />,
        info: <Info aria-hidden="true" className="size-4 text-muted-foreground" />,
        loading: <LoaderCircle aria-hidden="true" className="size-4 animate-spin text-muted-foreground" />,
      }}
      toastOptions={{
        classNames: {
          toast: "!rounded-md !text-sm !shadow-md",
          title: "!font-medium",
          description: "!text-muted-foreground",
        },
      }}
      style={
        {
          "--normal-bg": "var(--popover)",
          "--normal-text": "var(--popover-foreground)",
          "--normal-border": "var(--border)",
          "--border-radius": "0.375rem",
        } as React.CSSProperties
      }
      {...props}
    />
  );
}

/** A tRPC client error (or anything shaped like one) as far as the UI needs it. */
interface ErrorLike {
  message?: unknown;
  data?: { code?: unknown; httpStatus?: unknown } | null;
  shape?: { message?: unknown } | null;
}

/**
 * The human message of an error: `Error.message`, a TRPCClientError's message, a REST `{error: {message}}`,
 * or a string. Falls back to a generic sentence; never returns an empty string.
 */
export function getErrorMessage(error: unknown, fallback = "Something went wrong. Please try again."): string {
  if (typeof error === "string") return error.trim() || fallback;
  if (error && typeof error === "object") {
    const e = error as ErrorLike & { error?: { message?: unknown } };
    if (typeof e.message === "string" && e.message.trim()) return e.message;
    if (e.shape && typeof e.shape.message === "string" && e.shape.message.trim()) return e.shape.message;
    if (e.error && typeof e.error.message === "string" && e.error.message.trim()) return e.error.message;
  }
  return fallback;
}

/** The tRPC error code (`CONFLICT`, `FORBIDDEN`, ...) of an error, if it carries one. */
export function getErrorCode(error: unknown): string | undefined {
  if (error && typeof error === "object") {
    const data = (error as ErrorLike).data;
    if (data && typeof data.code === "string") return data.code;
  }
  return undefined;
}

// Extra context for codes an operator can act on; the server's message stays the title.
const CODE_HINTS: Record<string, string> = {
  CONFLICT: "Someone else changed this first. Refresh to see the current state, then try again.",
  FORBIDDEN: "Your role in this account does not allow this action.",
  UNAUTHORIZED: "Your session has expired. Sign in again.",
  TOO_MANY_REQUESTS: "Too many requests. Wait a moment and try again.",
};

export function toastSuccess(title: React.ReactNode, description?: React.ReactNode): string | number {
  return toast.success(title, description === undefined ? undefined : { description });
}

/**
 * Shows an error toast for an Error, a TRPCClientError or a string. With `title`, the error's message becomes
 * the description ("Promotion failed" / "Version 1.2.0 is no longer blessed").
 */
export function toastError(error: unknown, title?: React.ReactNode): string | number {
  const message = getErrorMessage(error);
  const code = getErrorCode(error);
  const hint = code ? CODE_HINTS[code] : undefined;
  if (title !== undefined) {
    return toast.error(title, { description: hint ? `${message} ${hint}` : message });
  }
  return toast.error(message, hint ? { description: hint } : undefined);
}
