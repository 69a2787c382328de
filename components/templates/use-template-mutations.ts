"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { toastError } from "@/components/ui/toast";

/**
 * The assignment mutations of one template. Success toasts come from the callers (they know what changed);
 * every settle invalidates the templates queries (the composition, the overlay and the list badge all change).
 */
export function useTemplateMutations() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invalidate = () => queryClient.invalidateQueries(trpc.templates.pathFilter());
  const options = {
    onSettled: () => void invalidate(),
    // The ConfirmDialog shows the message in place; a toast as well keeps failures visible after it closes.
    onError: (error: unknown) => {
      toastError(error, "The change was not saved");
    },
  };
  return {
    assign: useMutation(trpc.templates.assign.mutationOptions(options)),
    update: useMutation(trpc.templates.updateAssignment.mutationOptions(options)),
    unassign: useMutation(trpc.templates.unassign.mutationOptions(options)),
  };
}

/** The value after `ms` of quiet (for what-if previews while the operator types). */
export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}
