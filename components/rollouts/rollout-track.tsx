"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { CircleAlert, CirclePause, CirclePlay, FastForward, Undo2 } from "lucide-react";
import { useTRPC } from "@/components/trpc/client";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Digest } from "@/components/ui/digest";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Progress } from "@/components/ui/progress";
import { Skeleton } from "@/components/ui/skeleton";
import { TimeAgo } from "@/components/ui/time-ago";
import { toastSuccess } from "@/components/ui/toast";
import { describeWaveSpec } from "@/server/domain/rollouts/wave-text";
import { BadBadge } from "./bad-badge";
import type { RolloutDetail, RolloutInstance, RolloutPlan, RolloutWave } from "./types";

const STATE_VARIANT: Record<RolloutDetail["state"], BadgeVariant> = {
  progressing: "blessed",
  paused: "warning",
  halted: "error",
  completed: "live",
  rolled_back: "retired",
};

const HEALTH_VARIANT: Record<RolloutInstance["health"], BadgeVariant> = {
  healthy: "live",
  soaking: "blessed",
  pending: "outline",
  stale: "warning",
  error: "error",
  held: "outline",
};

export function RolloutStateBadge({ state }: { state: RolloutDetail["state"] }) {
  return (
    <Badge variant={STATE_VARIANT[state]} data-testid="rollout-state">
      {state.replace("_", " ")}
    </Badge>
  );
}

/** The rollout a live request started, or the plan it will start (pending requests). Polls while it moves. */
export function RequestRollout({ requestId, status }: { requestId: string; status: string }) {
  const trpc = useTRPC();
  const approved = status === "approved";
  const rollout = useQuery(trpc.rollouts.ofRequest.queryOptions({ requestId }, { enabled: approved, refetchInterval: 5_000 }));
  const plan = useQuery(trpc.rollouts.plan.queryOptions({ requestId }, { enabled: status === "pending" }));
  if (approved) {
    if (rollout.isError) return <ErrorState title="Could not load the rollout" error={rollout.error} onRetry={() => void rollout.refetch()} />;
    if (rollout.isPending) return <Skeleton className="h-40 w-full" />;
    return rollout.data ? <RolloutTrackView rollout={rollout.data} /> : null;
  }
  if (status !== "pending") return null;
  if (plan.isError) return <ErrorState title="Could not plan the rollout" error={plan.error} onRetry={() => void plan.refetch()} />;
  if (plan.isPending) return <Skeleton className="h-32 w-full" />;
  return <RolloutPlanView plan={plan.data} />;
}

/** The waves an approval would start: before approving, the approver sees which instances go first. */
export function RolloutPlanView({ plan }: { plan: RolloutPlan }) {
  return (
    <section className="space-y-3 rounded-lg border bg-card p-4" aria-labelledby="rollout-plan-title" data-testid="rollout-plan">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="rollout-plan-title" className="text-sm font-semibold">
          Rollout plan
        </h2>
        <p className="text-xs text-muted-foreground">
          Waves {plan.policy.waves.map(describeWaveSpec).join(" → ")} · soak {plan.policy.soakMinutes} min · deadline {plan.policy.deadlineMinutes} min · success{" "}
          {plan.policy.successPercent}% · {plan.policy.autoRollback ? "rolls back on failure" : "pauses on failure"}
        </p>
      </div>
      {plan.totalInstances === 0 ? (
        <EmptyState compact title="No instance receives this module" description="The version goes live at once: no template delivering it has nodes." />
      ) : (
        <ol className="grid gap-2 md:grid-cols-2 xl:grid-cols-4">
          {plan.waves.map((wave) => (
            <li key={wave.index} className="rounded-md border p-2 text-sm">
              <div className="font-medium">
                Wave {wave.index + 1} <span className="text-muted-foreground tabular-nums">· {wave.size} instance{wave.size === 1 ? "" : "s"}</span>
              </div>
              <ul className="mt-1 max-h-32 overflow-auto font-mono text-xs">
                {wave.instances.map((i) => (
                  <li key={i.id}>
                    {i.name} {i.canary ? <Badge variant="outline">canary</Badge> : null}
                  </li>
                ))}
                {wave.size > wave.instances.length ? <li className="font-sans text-muted-foreground">and {wave.size - wave.instances.length} more</li> : null}
              </ul>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** The most recent rollout of a module (the module's versions page), with its progress track. */
export function ModuleRollout({ moduleName }: { moduleName: string }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.rollouts.list.queryOptions({ moduleName, state: "all", page: 1, pageSize: 1 }, { refetchInterval: 10_000 }));
  const latest = list.data?.items[0];
  const detail = useQuery(trpc.rollouts.get.queryOptions({ rolloutId: latest?.id ?? "00000000-0000-0000-0000-000000000000" }, { enabled: latest !== undefined, refetchInterval: 5_000 }));
  if (list.isError) return <ErrorState title="Could not load rollouts" error={list.error} onRetry={() => void list.refetch()} />;
  if (list.isPending) return <Skeleton className="h-24 w-full" />;
  if (!latest) return null;
  if (detail.isError) return <ErrorState title="Could not load the rollout" error={detail.error} onRetry={() => void detail.refetch()} />;
  if (!detail.data) return <Skeleton className="h-24 w-full" />;
  return <RolloutTrackView rollout={detail.data} />;
}

/** Waves, per-wave instances with health and digest, soak timers, the failure and the actions. */
export function RolloutTrackView({ rollout }: { rollout: RolloutDetail }) {
  const label = `${rollout.moduleName} ${rollout.toVersion.version}`;
  return (
    <section className="space-y-3 rounded-lg border bg-card p-4" aria-labelledby={`rollout-${rollout.id}`} data-testid="rollout-track">
      <div className="flex flex-wrap items-center gap-2">
        <h2 id={`rollout-${rollout.id}`} className="text-sm font-semibold">
          Rollout of <span className="font-mono">{label}</span>
        </h2>
        <RolloutStateBadge state={rollout.state} />
        {rollout.toVersion.bad ? <BadBadge reason={rollout.toVersion.badReason} /> : null}
        <span className="text-xs text-muted-foreground">
          from {rollout.fromVersion ? <span className="font-mono">{rollout.fromVersion.version}</span> : "nothing live"} · started <TimeAgo date={rollout.createdAt} />
        </span>
        <div className="ml-auto">{rollout.can.manage ? <RolloutActions rollout={rollout} /> : null}</div>
      </div>
      <Progress
        value={rollout.releasedInstances}
        max={rollout.totalInstances}
        aria-label={`${label}: instances released`}
        valueText={`${rollout.releasedInstances} of ${rollout.totalInstances} instances released`}
      />
      <p className="text-xs text-muted-foreground tabular-nums">
        {rollout.releasedInstances} of {rollout.totalInstances} instances released · soak {rollout.policy.soakMinutes} min · deadline {rollout.policy.deadlineMinutes} min
      </p>
      {rollout.haltReason ? (
        <div role="alert" className="rounded-md border border-error/40 bg-error/5 p-3 text-sm" data-testid="rollout-failure">
          <p className="flex items-center gap-1 font-medium text-error">
            <CircleAlert aria-hidden="true" className="size-4" /> {rollout.state === "rolled_back" ? "Rolled back" : "Halted"}: {rollout.haltReason}
          </p>
          {rollout.failure ? (
            <dl className="mt-2 grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1 text-xs">
              <dt className="text-muted-foreground">Instance</dt>
              <dd className="font-mono">{rollout.failure.name}</dd>
              <dt className="text-muted-foreground">Reported</dt>
              <dd>
                {rollout.failure.status} {rollout.failure.digest ? <Digest value={rollout.failure.digest} /> : "no digest"}
              </dd>
              {rollout.failure.report ? (
                <>
                  <dt className="text-muted-foreground">Modules</dt>
                  <dd className="font-mono break-all">{Object.entries(rollout.failure.report.modules).map(([m, d]) => `${m}=${d.slice(0, 19)}…`).join(", ") || "none"}</dd>
                </>
              ) : null}
            </dl>
          ) : null}
        </div>
      ) : null}
      {rollout.waves.length === 0 ? (
        <EmptyState compact title="No waves" description="No instance received this module when it went live." />
      ) : (
        <ol className="space-y-2" aria-label="Waves">
          {rollout.waves.map((wave) => (
            <WaveRow
              key={wave.index}
              wave={wave}
              ended={rollout.state === "rolled_back"}
              current={wave.index === rollout.currentWave && rollout.state !== "completed" && rollout.state !== "rolled_back"}
            />
          ))}
        </ol>
      )}
    </section>
  );
}

/** A wave's badge; once the rollout is rolled back, a wave it had not finished is stopped (released) or never ran. */
function waveStatus(wave: RolloutWave, ended: boolean): { text: string; variant: BadgeVariant } {
  if (wave.failedAt) return { text: "failed", variant: "error" };
  if (wave.passedAt) return { text: "passed", variant: "live" };
  if (wave.releasedAt) return ended ? { text: "stopped", variant: "neutral" } : { text: "gating", variant: "blessed" };
  return ended ? { text: "not run", variant: "outline" } : { text: "waiting", variant: "outline" };
}

function WaveRow({ wave, current, ended }: { wave: RolloutWave; current: boolean; ended: boolean }) {
  const status = waveStatus(wave, ended);
  return (
    <li className={cn("rounded-md border p-2", current && "border-primary/50")} data-testid="rollout-wave">
      <details open={current || wave.failedAt !== null}>
        <summary className="flex cursor-pointer flex-wrap items-center gap-2 text-sm">
          <span className="font-medium">Wave {wave.index + 1}</span>
          <Badge variant={status.variant}>{status.text}</Badge>
          <span className="text-xs text-muted-foreground tabular-nums">
            {wave.size} instance{wave.size === 1 ? "" : "s"}
            {wave.releasedAt ? ` · ${wave.converged}/${wave.required} healthy needed` : ""}
          </span>
          {!ended && wave.releasedAt && !wave.passedAt && !wave.failedAt && wave.deadlineAt ? (
            <span className="text-xs text-muted-foreground">
              deadline <TimeAgo date={wave.deadlineAt} />
            </span>
          ) : null}
        </summary>
        <table className="mt-2 w-full text-xs">
          <thead className="text-left text-muted-foreground">
            <tr>
              <th className="py-1 font-medium">Instance</th>
              <th className="py-1 font-medium">Health</th>
              <th className="py-1 font-medium">Digest</th>
              <th className="py-1 font-medium">Soak</th>
              <th className="py-1 font-medium">Heartbeat</th>
            </tr>
          </thead>
          <tbody>
            {wave.instances.map((i) => (
              <tr key={i.id} className="h-8 border-t" data-testid="rollout-instance">
                <td className="font-mono">
                  {i.name} {i.canary ? <Badge variant="outline">canary</Badge> : null}
                </td>
                <td>
                  <Badge variant={HEALTH_VARIANT[i.health]}>{i.health}</Badge> <span className="text-muted-foreground">{i.status}</span>
                </td>
                <td>{i.digest ? <Digest value={i.digest} /> : <span className="text-muted-foreground">not reported</span>}</td>
                <td>{i.soakEndsAt ? <span>ends <TimeAgo date={i.soakEndsAt} /></span> : "—"}</td>
                <td>{i.lastHeartbeatAt ? <TimeAgo date={i.lastHeartbeatAt} /> : <span className="text-muted-foreground">never</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {wave.instancesTruncated ? <p className="mt-1 text-xs text-muted-foreground">The first 200 instances of this wave are listed; counts cover all of them.</p> : null}
      </details>
    </li>
  );
}

/** Pause, resume, promote now, abort: each behind a dialog with a required reason, each ending in a toast. */
function RolloutActions({ rollout }: { rollout: RolloutDetail }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const label = `${rollout.moduleName} ${rollout.toVersion.version}`;
  const invalidate = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.rollouts.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.promotion.pipeline.queryKey({ moduleName: rollout.moduleName }) });
    void queryClient.invalidateQueries({ queryKey: trpc.promotion.board.pathKey() });
  };
  const pause = useMutation(trpc.rollouts.pause.mutationOptions({ onSettled: invalidate }));
  const resume = useMutation(trpc.rollouts.resume.mutationOptions({ onSettled: invalidate }));
  const promoteNow = useMutation(trpc.rollouts.promoteNow.mutationOptions({ onSettled: invalidate }));
  const abort = useMutation(trpc.rollouts.abort.mutationOptions({ onSettled: invalidate }));
  const active = rollout.state === "progressing" || rollout.state === "paused" || rollout.state === "halted";
  if (!active) return null;
  return (
    <div className="flex flex-wrap gap-2" role="group" aria-label="Rollout actions">
      {rollout.state === "progressing" ? (
        <ConfirmDialog
          trigger={
            <Button size="sm" variant="outline">
              <CirclePause aria-hidden="true" /> Pause
            </Button>
          }
          title={`Pause the rollout of ${label}?`}
          description="No further wave is released until someone resumes it. Released instances keep the new version."
          reason="required"
          confirmLabel="Pause"
          onConfirm={async ({ reason }) => {
            await pause.mutateAsync({ rolloutId: rollout.id, reason });
            toastSuccess(`Paused the rollout of ${label}`);
          }}
        />
      ) : (
        <ConfirmDialog
          trigger={
            <Button size="sm" variant="outline">
              <CirclePlay aria-hidden="true" /> Resume
            </Button>
          }
          title={`Resume the rollout of ${label}?`}
          description="The current wave's gate starts again: its soak and deadline count from now."
          reason="required"
          confirmLabel="Resume"
          onConfirm={async ({ reason }) => {
            await resume.mutateAsync({ rolloutId: rollout.id, reason });
            toastSuccess(`Resumed the rollout of ${label}`);
          }}
        />
      )}
      <ConfirmDialog
        trigger={
          <Button size="sm" variant="outline">
            <FastForward aria-hidden="true" /> Promote now
          </Button>
        }
        title={`Release ${label} to every instance now?`}
        description={`Skips the remaining waves and their health gates: ${rollout.totalInstances - rollout.releasedInstances} more instances get it at once.`}
        reason="required"
        confirmLabel="Promote to 100%"
        onConfirm={async ({ reason }) => {
          await promoteNow.mutateAsync({ rolloutId: rollout.id, reason });
          toastSuccess(`${label} released to every instance`);
        }}
      />
      <ConfirmDialog
        trigger={
          <Button size="sm" variant="destructive">
            <Undo2 aria-hidden="true" /> Abort and roll back
          </Button>
        }
        title={`Abort the rollout of ${label} and roll back?`}
        description={`Released instances return to ${rollout.fromVersion?.version ?? "no version of this module"}; ${rollout.toVersion.version} is retired with your reason.`}
        variant="destructive"
        reason="required"
        confirmLabel="Abort and roll back"
        onConfirm={async ({ reason }) => {
          await abort.mutateAsync({ rolloutId: rollout.id, reason });
          toastSuccess(`Rolled back ${label}`);
        }}
      />
    </div>
  );
}
