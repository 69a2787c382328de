"use client";

import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { ErrorState } from "@/components/ui/error-state";
import { Progress } from "@/components/ui/progress";
import { Skeleton } from "@/components/ui/skeleton";
import { TimeAgo } from "@/components/ui/time-ago";
import { ACTIVE_ROLLOUTS_INPUT } from "@/components/pipeline/board-input";
import { BadBadge } from "./bad-badge";
import { RolloutStateBadge } from "./rollout-track";

/**
 * The pipeline board's strip of unfinished rollouts (progressing, paused, halted), newest first; each links to the
 * module's versions page where its track and actions are.
 */
export function ActiveRollouts() {
  const trpc = useTRPC();
  const list = useQuery(trpc.rollouts.list.queryOptions(ACTIVE_ROLLOUTS_INPUT, { refetchInterval: 10_000 }));
  if (list.isError) return <ErrorState title="Could not load rollouts" error={list.error} onRetry={() => void list.refetch()} />;
  if (list.isPending) return <Skeleton className="h-16 w-full" />;
  return (
    <section aria-labelledby="active-rollouts" className="rounded-lg border bg-card p-3" data-testid="active-rollouts">
      <h2 id="active-rollouts" className="mb-2 text-sm font-semibold">
        Rollouts in progress <span className="text-muted-foreground tabular-nums">({list.data.total})</span>
      </h2>
      {list.data.items.length === 0 ? (
        <p className="text-xs text-muted-foreground">No rollout is progressing, paused or halted. Approving a live request starts one.</p>
      ) : (
        <ul className="grid gap-2 md:grid-cols-2 xl:grid-cols-3">
          {list.data.items.map((r) => (
            <li key={r.id} className="space-y-1 rounded-md border p-2 text-sm" data-testid="active-rollout">
              <div className="flex flex-wrap items-center gap-2">
                <Link href={`/app/system/modules/${encodeURIComponent(r.moduleName)}/versions`} className="font-mono hover:underline">
                  {r.moduleName} {r.toVersion.version}
                </Link>
                <RolloutStateBadge state={r.state} />
                {r.toVersion.bad ? <BadBadge reason={r.toVersion.badReason} /> : null}
              </div>
              <Progress
                size="sm"
                value={r.releasedInstances}
                max={r.totalInstances}
                aria-label={`${r.moduleName} ${r.toVersion.version}: instances released`}
                valueText={`${r.releasedInstances} of ${r.totalInstances} instances released`}
              />
              <p className="text-xs text-muted-foreground tabular-nums">
                wave {r.currentWave + 1} of {r.waves.length} · {r.releasedInstances}/{r.totalInstances} released · started <TimeAgo date={r.createdAt} />
                {r.haltReason ? <span className="block text-error">{r.haltReason}</span> : null}
              </p>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
