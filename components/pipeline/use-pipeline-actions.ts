"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { toastError, toastSuccess } from "@/components/ui/toast";
import { plural } from "@/server/domain/plural";
import { applyLiveRequest, applyRollback, applyTransition, withPendingRequestId } from "./optimistic";
import { usePipelineInvalidation } from "./invalidate";
import type { PipelineData } from "./types";

/**
 * The pipeline's mutations with optimistic updates: the card moves the moment the operator confirms; if the server
 * refuses (a concurrent change, a missing permission, a freeze), the snapshot is restored and a toast names the
 * error. Only the queries an action affects are invalidated (`usePipelineInvalidation`): this module's header,
 * pipeline and activity, the fleet board, rollouts, the approvals queue and its badge, and the attention home.
 */
export function usePipelineActions(moduleName: string, requesterLabel: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const key = trpc.promotion.pipeline.queryKey({ moduleName });

  const snapshot = async (update: (data: PipelineData) => PipelineData) => {
    await queryClient.cancelQueries({ queryKey: key });
    const previous = queryClient.getQueryData(key);
    if (previous) queryClient.setQueryData(key, update(previous));
    return { previous };
  };
  const restore = (context: { previous?: PipelineData } | undefined) => {
    if (context?.previous) queryClient.setQueryData(key, context.previous);
  };
  const label = (versionId: string) => {
    const version = queryClient.getQueryData(key)?.versions.find((v) => v.id === versionId);
    return version ? `${moduleName} ${version.version}` : moduleName;
  };
  const invalidation = usePipelineInvalidation();
  const settle = () => invalidation.versionsMoved(moduleName);

  const promote = useMutation(
    trpc.promotion.promote.mutationOptions({
      onMutate: (input) => snapshot((data) => applyTransition(data, input.versionId, input.targetState, new Date())),
      onError: (error, input, context) => {
        restore(context);
        toastError(error, `Could not promote ${label(input.versionId)} to ${input.targetState}`);
      },
      onSuccess: (result) => toastSuccess(`${result.moduleName} ${result.version} is ${result.promotionState}`),
      onSettled: settle,
    }),
  );
  const demote = useMutation(
    trpc.promotion.demote.mutationOptions({
      onMutate: (input) => snapshot((data) => applyTransition(data, input.versionId, "built", new Date())),
      onError: (error, input, context) => {
        restore(context);
        toastError(error, `Could not demote ${label(input.versionId)}`);
      },
      onSuccess: (result) => toastSuccess(`${result.moduleName} ${result.version} is back in built`),
      onSettled: settle,
    }),
  );
  const retire = useMutation(
    trpc.promotion.retire.mutationOptions({
      onMutate: (input) => snapshot((data) => applyTransition(data, input.versionId, "retired", new Date(), input.reason)),
      onError: (error, input, context) => {
        restore(context);
        toastError(error, `Could not retire ${label(input.versionId)}`);
      },
      onSuccess: (result) => toastSuccess(`${result.moduleName} ${result.version} is retired`),
      onSettled: settle,
    }),
  );
  const requestLive = useMutation(
    trpc.promotion.requestLive.mutationOptions({
      onMutate: (input) => snapshot((data) => applyLiveRequest(data, input.versionId, input.reason, requesterLabel, new Date())),
      onError: (error, input, context) => {
        restore(context);
        toastError(error, `Could not request ${label(input.versionId)} for live`);
      },
      onSuccess: (result) => {
        if (result.applied) {
          toastSuccess(`${result.moduleName} ${result.version} is live`, "The policy requires no approval for this module.");
          return;
        }
        // Until the refetch lands, the optimistic card's link would lead to the queue, not to this request.
        const current = queryClient.getQueryData(key);
        if (current) queryClient.setQueryData(key, withPendingRequestId(current, result.versionId, result.requestId));
        toastSuccess(
          `Live request for ${result.moduleName} ${result.version} sent`,
          `It needs ${plural(result.requiredApprovals, "approval")} from someone other than you.`,
        );
      },
      onSettled: settle,
    }),
  );
  const rollback = useMutation(
    trpc.promotion.rollback.mutationOptions({
      onMutate: (input) => snapshot((data) => applyRollback(data, new Date(), input.reason)),
      onError: (error, input, context) => {
        restore(context);
        toastError(error, `Could not roll back ${input.moduleName}`);
      },
      onSuccess: (result) => toastSuccess(`Rolled back ${result.moduleName}`, `${result.live ?? "—"} is live; ${result.retired} is retired.`),
      onSettled: settle,
    }),
  );
  return { promote, demote, retire, requestLive, rollback };
}
