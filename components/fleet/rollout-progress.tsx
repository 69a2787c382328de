"use client";

import { useQuery } from "@tanstack/react-query";
import { AlertTriangle } from "lucide-react";
import Link from "next/link";
import { useTRPC } from "@/components/trpc/client";
import { cn } from "@/components/ui/cn";
import { ErrorState } from "@/components/ui/error-state";
import { Progress } from "@/components/ui/progress";
import { Skeleton } from "@/components/ui/skeleton";
import { plural } from "@/server/domain/plural";
import { InstanceStatusBadge } from "./instance-cells";
import type { RolloutProgressDto } from "./types";

type TemplateProgress = RolloutProgressDto["templates"][number];

/** While nodes converge, poll often; the query stops mattering once everything runs the digest. */
const POLL_MS = 5_000;

/**
 * How far a live version has rolled out (docs/fleet.md, Rollout progress): per template that delivers it, how many
 * nodes run its digest `n/m`, which lag and which report `error`. `compact` is the pipeline's live lane.
 */
export function RolloutProgress({ moduleName, version, compact = false }: { moduleName: string; version: string; compact?: boolean }) {
  const trpc = useTRPC();
  const progress = useQuery(trpc.instances.rolloutProgress.queryOptions({ moduleName, version }, { refetchInterval: POLL_MS, placeholderData: (previous) => previous }));
  if (progress.isError) {
    return <ErrorState compact title="Could not load the rollout progress" error={progress.error} onRetry={() => void progress.refetch()} retrying={progress.isFetching} />;
  }
  if (progress.isPending) return <Skeleton className={compact ? "h-10 w-full" : "h-32 w-full"} aria-label="Loading the rollout progress" />;
  const data = progress.data;
  const label = `${data.moduleName} ${data.version}`;
  const done = data.total > 0 && data.converged === data.total;

  if (compact) {
    return (
      <div className="space-y-1.5 rounded-md border bg-card p-2 text-xs" data-testid="rollout-progress-compact">
        <p className="flex items-center justify-between gap-2">
          <span className="font-medium">Rollout</span>
          <span className="tabular-nums" data-testid="rollout-total">
            {data.converged}/{data.total}
          </span>
        </p>
        <Progress value={data.converged} max={data.total} size="sm" aria-label={`Nodes running ${label}`} valueText={`${data.converged} of ${plural(data.total, "node")}`} />
        {data.templates.length === 0 ? (
          <p className="text-muted-foreground">No template delivers {data.moduleName}.</p>
        ) : (
          <ul className="space-y-1">
            {data.templates.map((t) => (
              <li key={t.templateId} className="flex items-center justify-between gap-2">
                <Link href={`/app/system/templates/${t.templateId}?tab=instances`} className="truncate font-mono hover:underline">
                  {t.templateName}
                </Link>
                <span className={cn("shrink-0 tabular-nums", t.errors > 0 && "text-error")}>
                  {t.pinnedVersion !== null && t.pinnedVersion !== data.version ? `pins ${t.pinnedVersion}` : `${t.converged}/${t.total}`}
                  {t.errors > 0 ? ` · ${plural(t.errors, "error")}` : ""}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  }

  return (
    <section aria-labelledby="rollout-heading" className="space-y-3 rounded-lg border bg-card p-4" data-testid="rollout-progress">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="rollout-heading" className="text-sm font-semibold">
          Rollout progress
        </h2>
        <p className="text-sm" data-testid="rollout-summary" data-converged={data.converged} data-total={data.total}>
          {data.total === 0 ? (
            <span className="text-muted-foreground">No node is expected to run {label}.</span>
          ) : (
            <>
              <span className="font-semibold tabular-nums">
                {data.converged}/{data.total}
              </span>{" "}
              nodes run {label}
              {done ? <span className="text-muted-foreground"> — converged</span> : null}
              {data.errors > 0 ? <span className="text-error"> · {plural(data.errors, "node")} in error</span> : null}
            </>
          )}
        </p>
      </div>
      <Progress value={data.converged} max={data.total} aria-label={`Nodes running ${label}`} valueText={`${data.converged} of ${plural(data.total, "node")}`} />
      {data.templates.length === 0 ? (
        <p className="text-sm text-muted-foreground">No template has an enabled assignment of {data.moduleName}: nothing rolls out.</p>
      ) : (
        <ul className="divide-y">
          {data.templates.map((t) => (
            <TemplateRow key={t.templateId} t={t} version={data.version} label={label} />
          ))}
        </ul>
      )}
    </section>
  );
}

function TemplateRow({ t, version, label }: { t: TemplateProgress; version: string; label: string }) {
  const pinnedElsewhere = t.pinnedVersion !== null && t.pinnedVersion !== version;
  return (
    <li className="space-y-1.5 py-2" data-testid="rollout-template" data-template={t.templateName} data-converged={t.converged} data-total={t.total}>
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <Link href={`/app/system/templates/${t.templateId}?tab=instances`} className="font-mono hover:underline">
          {t.templateName}
        </Link>
        {pinnedElsewhere ? (
          <span className="text-xs text-muted-foreground">pins {t.pinnedVersion}: not expected to converge</span>
        ) : (
          <span className="flex items-center gap-3 text-xs tabular-nums">
            <span className="font-medium">
              {t.converged}/{t.total}
            </span>
            {t.errors > 0 ? <span className="text-error">{plural(t.errors, "error")}</span> : null}
            {t.stale > 0 ? <span className="text-warning-fg">{t.stale} stale</span> : null}
          </span>
        )}
      </div>
      {pinnedElsewhere ? null : (
        <Progress
          value={t.converged}
          max={t.total}
          size="sm"
          aria-label={`${t.templateName}: nodes running ${label}`}
          valueText={`${t.converged} of ${plural(t.total, "node")}`}
          indicatorClassName={t.errors > 0 ? "bg-warning" : undefined}
        />
      )}
      {!pinnedElsewhere && t.lagging.length > 0 ? (
        <details className="text-xs">
          <summary className="cursor-pointer rounded-sm text-muted-foreground hover:text-foreground">
            {t.total - t.converged > t.lagging.length ? `${t.lagging.length} of ${t.total - t.converged} lagging nodes` : plural(t.lagging.length, "lagging node")}
          </summary>
          <ul className="mt-1 grid gap-1 sm:grid-cols-2 lg:grid-cols-3" aria-label={`Lagging nodes of ${t.templateName}`}>
            {t.lagging.map((l) => (
              <li key={l.id} className="flex items-center gap-2">
                <Link href={`/app/system/instances/${l.id}`} className="truncate font-mono hover:underline">
                  {l.name}
                </Link>
                <InstanceStatusBadge status={l.status} />
                {l.stale ? (
                  <span className="inline-flex items-center gap-0.5 text-warning-fg">
                    <AlertTriangle aria-hidden className="size-3" /> stale
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </li>
  );
}
