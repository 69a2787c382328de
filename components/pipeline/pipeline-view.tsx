"use client";

import * as React from "react";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { Snowflake } from "lucide-react";
import { RolloutProgress } from "@/components/fleet/rollout-progress";
import { useMe } from "@/components/settings/use-me";
import { RoleNotice } from "@/components/shell/read-only-notice";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { formatAbsoluteTime } from "@/components/ui/format";
import { Skeleton } from "@/components/ui/skeleton";
import { PROMOTION_STATES, STATE_LABELS, STATE_TONES } from "@/components/ui/state-colors";
import { plural } from "@/server/domain/plural";
import { PipelineActionDialog, type PipelineAction } from "./pipeline-action-dialog";
import { PipelineTimeline } from "./pipeline-timeline";
import type { PipelineData } from "./types";
import { usePipelineActions } from "./use-pipeline-actions";
import { VersionCard } from "./version-card";

const RETIRED_SHOWN = 4;

/** The module's promotion pipeline: five state lanes with a card per version, its actions, and the timeline. */
export function PipelineView({ moduleName }: { moduleName: string }) {
  const trpc = useTRPC();
  const { me } = useMe();
  const pipeline = useQuery(trpc.promotion.pipeline.queryOptions({ moduleName }, { refetchInterval: 60_000 }));
  const actions = usePipelineActions(moduleName, me.data?.user?.email ?? "you");
  const [action, setAction] = React.useState<PipelineAction | null>(null);

  if (pipeline.isError) {
    return <ErrorState title={`Could not load the pipeline of ${moduleName}`} error={pipeline.error} onRetry={() => void pipeline.refetch()} />;
  }
  if (pipeline.isPending) {
    return (
      <div className="grid gap-3 md:grid-cols-5" aria-busy="true" aria-label="Loading the pipeline">
        {PROMOTION_STATES.map((state) => (
          <div key={state} className="space-y-2">
            <Skeleton className="h-6 w-24" />
            <Skeleton className="h-28 w-full" />
          </div>
        ))}
      </div>
    );
  }
  const data = pipeline.data;
  if (data.versions.length === 0) {
    return (
      <EmptyState
        title="No versions yet"
        description={`CI creates versions of ${moduleName} by POSTing builds to /api/v1/system/modules/${moduleName}/versions; each arrives in built.`}
      />
    );
  }
  return (
    <div className="space-y-6">
      <RoleNotice need="operator" sees="the pipeline" cannot="promote, demote or retire versions" />
      <PolicyLine data={data} />
      <div className="grid gap-3 md:grid-cols-5" data-testid="pipeline-lanes">
        {PROMOTION_STATES.map((state) => (
          <Lane key={state} state={state} data={data} onAction={setAction} />
        ))}
      </div>
      <PipelineTimeline data={data} />
      <PipelineActionDialog action={action} data={data} actions={actions} onClose={() => setAction(null)} />
    </div>
  );
}

function PolicyLine({ data }: { data: PipelineData }) {
  const { policy } = data;
  const overridden = policy.overriddenFields.length > 0;
  return (
    <div className="space-y-2">
      <p className="text-xs text-muted-foreground">
        {policy.requireApproval
          ? `Going live needs ${plural(policy.requiredApprovals, "approval")} from someone other than the requester; requests expire after ${policy.requestTtlHours} h.`
          : "Going live needs no approval for this module."}{" "}
        Staging goes stale after {policy.stagingStaleHours} h without operator action.
        {overridden ? ` Overridden in ${data.module.category.name}: ${policy.overriddenFields.join(", ")}.` : ""}{" "}
        <Link href="/app/system/pipeline" className="underline underline-offset-2 hover:text-foreground">
          Fleet board
        </Link>
      </p>
      {policy.activeFreezeWindows.length > 0 ? (
        <div role="status" className="flex items-start gap-2 rounded-md border px-3 py-2 text-sm severity-warning">
          <Snowflake aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
          <div>
            <p className="font-medium">Live promotions are frozen</p>
            {policy.activeFreezeWindows.map((w) => (
              <p key={`${w.reason}-${w.endsAt.toISOString()}`} className="text-xs">
                {w.reason} — until {formatAbsoluteTime(w.endsAt)}
              </p>
            ))}
          </div>
        </div>
      ) : null}
    </div>
  );
}

function Lane({ state, data, onAction }: { state: (typeof PROMOTION_STATES)[number]; data: PipelineData; onAction: (a: PipelineAction) => void }) {
  const [showAll, setShowAll] = React.useState(false);
  const versions = data.versions.filter((v) => v.promotionState === state);
  const tone = STATE_TONES[state];
  const limited = state === "retired" && !showAll ? versions.slice(0, RETIRED_SHOWN) : versions;
  const headingId = `lane-${state}`;
  return (
    <section aria-labelledby={headingId} data-testid={`lane-${state}`} className={cn("flex min-w-0 flex-col gap-2 rounded-lg border p-2", tone.bg, tone.border)}>
      <h3 id={headingId} className="flex items-center justify-between text-xs font-semibold tracking-wide uppercase">
        <span className="flex items-center gap-1.5">
          <span aria-hidden="true" className={cn("size-2 rounded-full", tone.solid)} />
          <span className={state === "retired" ? "" : tone.text}>{STATE_LABELS[state]}</span>
        </span>
        <span className="text-muted-foreground tabular-nums">{versions.length}</span>
      </h3>
      {versions.length === 0 ? (
        <p className="px-1 py-3 text-center text-xs text-muted-foreground">{state === "live" ? "No live version" : "None"}</p>
      ) : (
        <ul className="flex flex-col gap-2">
          {limited.map((v) => (
            <VersionCard key={v.id} version={v} data={data} onAction={onAction} />
          ))}
        </ul>
      )}
      {state === "live" && versions[0] ? <RolloutProgress moduleName={data.module.name} version={versions[0].version} compact /> : null}
      {versions.length > limited.length || (showAll && versions.length > RETIRED_SHOWN) ? (
        <Button variant="ghost" size="sm" className="h-7 text-xs" onClick={() => setShowAll(!showAll)}>
          {showAll ? "Show fewer" : `Show ${versions.length - limited.length} more`}
        </Button>
      ) : null}
    </section>
  );
}
