"use client";

import * as React from "react";
import { useTheme } from "next-themes";
import { Toaster as Sonner, toast, type ToasterProps } from "sonner";
import { CircleAlert, CircleCheck, Info, LoaderCircle, TriangleAlert } from "lucide-react";

import { CODE_HINTS, getErrorCode, getErrorMessage } from "./errors";

export { toast, getErrorCode, getErrorMessage };

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
