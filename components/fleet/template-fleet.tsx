"use client";

import { useQuery } from "@tanstack/react-query";
import { Server } from "lucide-react";
import Link from "next/link";
import { useTRPC } from "@/components/trpc/client";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { plural } from "@/server/domain/plural";
import { DriftBadge } from "./drift-badge";
import { EnrollmentTokens } from "./enrollment-tokens";
import { FleetSummaryStrip } from "./fleet-summary-strip";
import { HeartbeatCell, InstanceStatusBadge, ModulesInSync } from "./instance-cells";

const SHOWN = 20;

/** A template's nodes (worst drift first), its fleet summary and its enrollment tokens: the template page's Instances tab. */
export function TemplateFleet({ templateId, templateName }: { templateId: string; templateName: string }) {
  const trpc = useTRPC();
  const list = useQuery(
    trpc.instances.list.queryOptions({ templateId, sort: "drift", page: 1, pageSize: SHOWN }, { placeholderData: (previous) => previous, refetchInterval: 15_000 }),
  );
  const allHref = `/app/system/instances?template=${encodeURIComponent(templateId)}`;
  return (
    <div className="space-y-6 pt-2">
      <section aria-labelledby="template-instances-heading" className="space-y-2">
        <div className="flex flex-wrap items-end justify-between gap-2">
          <h2 id="template-instances-heading" className="text-sm font-semibold">
            Instances of {templateName}
          </h2>
          {list.data && list.data.total > 0 ? (
            <Link href={allHref} className="text-xs underline underline-offset-2 hover:text-foreground">
              {list.data.total > SHOWN ? `All ${plural(list.data.total, "instance", { thousands: true })}` : "Open in Instances"}
            </Link>
          ) : null}
        </div>
        {list.isError ? null : <FleetSummaryStrip summary={list.data?.summary} templateId={templateId} current={{}} />}
        {list.isError ? (
          <ErrorState compact title="Could not load this template's instances" error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />
        ) : list.isPending ? (
          <Skeleton className="h-40 w-full" aria-label="Loading instances" />
        ) : list.data.instances.length === 0 ? (
          <EmptyState compact icon={<Server />} title="No instances run this template" description="Register a node on the Instances page, or create an enrollment token below." />
        ) : (
          <Table aria-label={`Instances of ${templateName}`}>
            <TableHeader>
              <TableRow>
                <TableHead>Instance</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Drift</TableHead>
                <TableHead align="right">In sync</TableHead>
                <TableHead>Last heartbeat</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {list.data.instances.map((row) => (
                <TableRow key={row.id}>
                  <TableCell>
                    <Link href={`/app/system/instances/${row.id}`} className="font-mono text-sm hover:underline">
                      {row.name}
                    </Link>
                  </TableCell>
                  <TableCell>
                    <InstanceStatusBadge status={row.status} />
                  </TableCell>
                  <TableCell>
                    <DriftBadge severity={row.driftSeverity} differences={row.driftDifferences} neverReported={row.neverReported} />
                  </TableCell>
                  <TableCell align="right">
                    <ModulesInSync inSync={row.modulesInSync} desired={row.modulesDesired} />
                  </TableCell>
                  <TableCell>
                    <HeartbeatCell at={row.lastHeartbeatAt} stale={row.stale} staleAfterMinutes={list.data.staleAfterMinutes} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>
      <EnrollmentTokens templateId={templateId} templateName={templateName} />
    </div>
  );
}

/** "12 instances · 9 in sync" from `instances.countsByTemplate`; used by the templates list and the template page. */
export function TemplateInstanceCount({ counts, className }: { counts: { total: number; inSync: number } | undefined; className?: string }) {
  if (!counts) return <span className={className} aria-busy="true">… instances</span>;
  if (counts.total === 0) return <span className={className}>{plural(0, "instance")}</span>;
  return (
    <span className={className} title={`${counts.inSync} of ${plural(counts.total, "instance")} in sync with a fresh heartbeat`}>
      {plural(counts.total, "instance", { thousands: true })} · <span className={counts.inSync < counts.total ? "text-warning-fg" : undefined}>{counts.inSync} in sync</span>
    </span>
  );
}
