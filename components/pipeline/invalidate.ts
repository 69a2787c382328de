"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";

/**
 * The queries each family of pipeline actions changes, in one place (docs/architecture.md, "Caches"). A promote,
 * demote, retire, live request, approval, rejection or rollback moves versions of one module, so it invalidates:
 * the module page's header (`modules.get`: its version chips and sensor badges), its lanes and timeline
 * (`promotion.pipeline`), its Activity tab, the fleet board, rollouts (a live promotion starts one), the approvals
 * queue and its badge, and the attention home. An approval decision also changes the request and its blast radius. Nothing else: other modules' caches
 * stay warm.
 */
export function usePipelineInvalidation() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const invalidate = (queryKey: readonly unknown[]) => void queryClient.invalidateQueries({ queryKey });
  return {
    /** After any action that moves a version of `moduleName` (the Versions tab, the board, the request page). */
    versionsMoved(moduleName: string) {
      invalidate(trpc.modules.get.queryKey({ name: moduleName }));
      invalidate(trpc.promotion.pipeline.queryKey({ moduleName }));
      invalidate(trpc.modules.activity.pathKey());
      invalidate(trpc.modules.list.pathKey());
      invalidate(trpc.promotion.board.pathKey());
      invalidate(trpc.promotion.compare.pathKey());
      invalidate(trpc.rollouts.pathKey());
      invalidate(trpc.approvals.list.pathKey());
      invalidate(trpc.approvals.pendingCount.queryKey());
      invalidate(trpc.home.attention.queryKey());
    },
    /** After a decision on a live request: the request and its blast radius, then everything a moved version touches. */
    requestDecided(requestId: string, moduleName: string) {
      invalidate(trpc.approvals.get.queryKey({ requestId }));
      invalidate(trpc.approvals.blastRadius.queryKey({ requestId }));
      this.versionsMoved(moduleName);
    },
  };
}
