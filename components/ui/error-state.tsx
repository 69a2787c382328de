"use client";

import * as React from "react";
import { CircleAlert, RefreshCw } from "lucide-react";

import { Button } from "./button";
import { cn } from "./cn";
import { getErrorMessage } from "./errors";

export interface ErrorStateProps {
  /** The failure; its message is shown unless `message` is given. */
  error?: unknown;
  title?: React.ReactNode;
  message?: React.ReactNode;
  /** Shows a Retry button (e.g. `() => void query.refetch()`). */
  onRetry?: () => void;
  /** Spinner on the Retry button while refetching. */
  retrying?: boolean;
  compact?: boolean;
  className?: string;
}

export function ErrorState({
  error,
  title = "Could not load this",
  message,
  onRetry,
  retrying = false,
  compact = false,
  className,
}: ErrorStateProps) {
  const text = message ?? (error !== undefined ? getErrorMessage(error) : undefined);
  return (
    <div
      role="alert"
      data-slot="error-state"
      className={cn(
        "flex flex-col items-center justify-center gap-2 text-center",
        compact ? "px-4 py-8" : "px-6 py-14",
        className,
      )}
    >
      <div className="mb-1 flex size-10 items-center justify-center rounded-full bg-error-bg text-error">
        <CircleAlert aria-hidden="true" className="size-5" />
      </div>
      <p className="text-sm font-medium">{title}</p>
      {text ? <p className="max-w-md text-sm break-words text-muted-foreground">{text}</p> : null}
      {onRetry ? (
        <Button variant="outline" size="sm" className="mt-2" onClick={onRetry} loading={retrying}>
          {retrying ? null : <RefreshCw aria-hidden="true" />}
          Retry
        </Button>
      ) : null}
    </div>
  );
}
