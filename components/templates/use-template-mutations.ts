"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
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

export { useDebounced } from "@/components/ui/use-debounced";
