"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { useMe } from "./use-me";

const OUTCOME_BADGE: Record<string, { variant: BadgeVariant; label: string }> = {
  succeeded: { variant: "live", label: "succeeded" },
  failed: { variant: "error", label: "failed" },
  running: { variant: "staging", label: "running" },
  interrupted: { variant: "warning", label: "did not finish" },
};

function every(seconds: number): string {
  if (seconds % 3600 === 0) return seconds === 3600 ? "hourly" : `every ${seconds / 3600} h`;
  if (seconds % 60 === 0) return seconds === 60 ? "every minute" : `every ${seconds / 60} min`;
  return `every ${seconds} s`;
}

/**
 * Settings → System (docs/deployment.md, Jobs): each periodic job's schedule, last run and outcome, and its recent
 * failures with their errors. Refreshes every 15 s while open. Admins only: job runs are deployment-wide.
 */
export function SystemStatus() {
  const trpc = useTRPC();
  const { atLeast, me } = useMe();
  const isAdmin = atLeast("admin");
  const status = useQuery(trpc.system.status.queryOptions(undefined, { enabled: isAdmin, refetchInterval: 15_000 }));

  if (me.isPending) return <Skeleton className="mt-4 h-40 w-full" />;
  if (!isAdmin) return <p className="pt-4 text-sm text-muted-foreground">Only admins can see the deployment&apos;s background jobs.</p>;
  if (status.isError) return <ErrorState error={status.error} title="Could not load the system status" onRetry={() => void status.refetch()} />;
  if (status.isPending) return <Skeleton className="mt-4 h-40 w-full" />;
  const { jobs, engine, queue } = status.data;
  const failing = jobs.filter((job) => job.lastRun?.outcome === "failed" || job.lastRun?.outcome === "interrupted");

  return (
    <div className="max-w-5xl space-y-6 pt-4" data-testid="system-status">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div>
          <h3 className="text-sm font-semibold">Background jobs</h3>
          <p className="text-sm text-muted-foreground">
            {queue === "pg-boss"
              ? "On PostgreSQL: the jobs are shared by every replica through a pg-boss queue; each tick runs once, on one replica."
              : "On the embedded database: this process runs every job on its own timer."}{" "}
            Database: {engine === "postgresql" ? "PostgreSQL" : "embedded PGlite"}.
          </p>
        </div>
        <Button variant="outline" size="sm" loading={status.isFetching} onClick={() => void status.refetch()}>
          Refresh
        </Button>
      </div>
      {failing.length > 0 ? (
        <p role="status" className="rounded-md border severity-error px-3 py-2 text-sm">
          {failing.length === 1 ? "1 job's" : `${failing.length} jobs'`} last run did not succeed: {failing.map((job) => job.name).join(", ")}.
        </p>
      ) : null}
      {jobs.length === 0 ? (
        <EmptyState title="No background jobs" description="This deployment runs no periodic jobs." />
      ) : (
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>Job</TableHead>
              <TableHead>Schedule</TableHead>
              <TableHead>Last run</TableHead>
              <TableHead>Outcome</TableHead>
              <TableHead>Result</TableHead>
              <TableHead className="text-right">Runs / failures (24 h)</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {jobs.map((job) => {
              const last = job.lastRun;
              const badge = last ? OUTCOME_BADGE[last.outcome] : undefined;
              return (
                <TableRow key={job.name}>
                  <TableCell className="align-top">
                    <div className="font-mono text-xs">{job.name}</div>
                    <div className="max-w-sm text-xs text-muted-foreground">{job.description}</div>
                  </TableCell>
                  <TableCell className="align-top text-sm whitespace-nowrap">{every(job.intervalSeconds)}</TableCell>
                  <TableCell className="align-top text-sm whitespace-nowrap">
                    {last ? <TimeAgo date={last.startedAt} /> : <span className="text-muted-foreground">not yet</span>}
                    {last ? <div className="text-xs text-muted-foreground" title="The replica that ran it (host:pid)">{last.replica}</div> : null}
                  </TableCell>
                  <TableCell className="align-top">
                    {badge ? <Badge variant={badge.variant}>{badge.label}</Badge> : <Badge variant="outline">never ran</Badge>}
                    {last && last.attempts > 1 ? <div className="text-xs text-muted-foreground">attempt {last.attempts}</div> : null}
                  </TableCell>
                  <TableCell className="align-top text-sm break-words">
                    {last?.error ? <span className="text-destructive">{last.error}</span> : (last?.summary ?? "—")}
                    {last?.durationMs != null ? <div className="text-xs text-muted-foreground">{last.durationMs} ms</div> : null}
                  </TableCell>
                  <TableCell className="align-top text-right text-sm tabular-nums">
                    {job.runsLast24h} / <span className={job.failuresLast24h > 0 ? "font-semibold text-destructive" : undefined}>{job.failuresLast24h}</span>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      )}
      {jobs.some((job) => job.recentFailures.length > 0) ? (
        <section className="space-y-2">
          <h3 className="text-sm font-semibold">Recent failures</h3>
          <ul className="space-y-1 text-sm">
            {jobs.flatMap((job) =>
              job.recentFailures.map((failure) => (
                <li key={`${job.name}-${String(failure.startedAt)}`} className="flex flex-wrap gap-x-2">
                  <span className="font-mono text-xs">{job.name}</span>
                  <TimeAgo date={failure.startedAt} className="text-muted-foreground" />
                  <span className="text-muted-foreground">attempt {failure.attempts} on {failure.replica}:</span>
                  <span className="break-all text-destructive">{failure.error ?? "no message"}</span>
                </li>
              )),
            )}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
