"use client";

import type { FieldValues, Path, UseFormReturn } from "react-hook-form";
import { fieldErrorsOf } from "@/components/trpc/client";
import { toastError } from "./toast";

/**
 * A failed form mutation: errors the server tied to fields appear under those fields; anything else becomes an
 * error toast with `failureTitle` (docs/ui.md, Patterns).
 */
export function showFormError<T extends FieldValues>(form: UseFormReturn<T>, error: unknown, failureTitle: string): void {
  const fields = fieldErrorsOf(error);
  for (const [name, message] of Object.entries(fields)) form.setError(name as Path<T>, { message });
  if (Object.keys(fields).length === 0) toastError(error, failureTitle);
}
