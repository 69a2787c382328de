"use client";

import * as React from "react";
import { useQuery } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { ErrorState } from "@/components/ui/error-state";
import { SEVERITY_TONES } from "@/components/ui/state-colors";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { groupThousands, plural } from "@/server/domain/plural";
import { FileDiff } from "./file-diff";
import { ManifestDiff } from "./manifest-diff";
import type { BlastRadius as BlastRadiusData } from "./types";

/** What the fleet would run differently if the candidate went live: shown before anyone clicks approve. */
export function BlastRadius({ requestId }: { requestId: string }) {
  const trpc = useTRPC();
  const radius = useQuery(trpc.approvals.blastRadius.queryOptions({ requestId }));
  if (radius.isError) return <ErrorState title="Could not compute the blast radius" error={radius.error} onRetry={() => void radius.refetch()} />;
  if (radius.isPending) {
    return (
      <div className="space-y-3" aria-busy="true" aria-label="Computing the blast radius">
        <Skeleton className="h-20 w-full" />
        <Skeleton className="h-40 w-full" />
      </div>
    );
  }
  const data = radius.data;
  const affected = data.templates.filter((t) => t.affected);
  const candidate = `${data.module.name} ${data.candidate.version}`;
  return (
    <section aria-labelledby="blast-radius-heading" className="space-y-6" data-testid="blast-radius">
      <div className="space-y-3">
        <h2 id="blast-radius-heading" className="text-base font-semibold">
          Blast radius
        </h2>
        {data.requestStatus !== "pending" ? (
          <p className="text-xs text-muted-foreground">This request is {data.requestStatus}; the blast radius below is computed against the fleet as it is now.</p>
        ) : null}
        <dl className="grid gap-2 sm:grid-cols-4">
          <Stat label="Templates affected" value={`${affected.length} of ${data.templates.length}`} testId="stat-templates" />
          <Stat label="Instances that will change" value={data.instances.total.toLocaleString()} testId="stat-instances" />
          <Stat label="Paths added / removed" value={`+${data.files.addedCount.toLocaleString()} / −${data.files.removedCount.toLocaleString()}`} testId="stat-files" />
          <Stat label="Packages changed" value={String(data.packages.changed.length + data.packages.added.length + data.packages.removed.length)} testId="stat-packages" />
        </dl>
      </div>

      <div className="space-y-2">
        <h3 className="text-sm font-semibold">Templates that include {data.module.name}</h3>
        {data.templates.length === 0 ? (
          <p className="text-sm text-muted-foreground">No template includes {data.module.name}: going live changes no node until a template assigns it.</p>
        ) : (
          <Table aria-label="Templates that include the module">
            <TableHeader>
              <TableRow>
                <TableHead>Template</TableHead>
                <TableHead className="w-28">Effect</TableHead>
                <TableHead>Why</TableHead>
                <TableHead className="w-24" align="right">
                  Instances
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.templates.map((t) => (
                <TableRow key={t.assignmentId} data-testid="blast-template">
                  <TableCell className="font-mono text-xs">{t.templateName}</TableCell>
                  <TableCell>{t.affected ? <Badge variant="staging">changes</Badge> : <Badge variant="outline">unaffected</Badge>}</TableCell>
                  <TableCell className="text-xs text-muted-foreground">{t.why}</TableCell>
                  <TableCell align="right" className="tabular-nums">
                    {t.instanceCount}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </div>

      <Instances data={data} />

      <div className="space-y-2">
        <h3 className="text-sm font-semibold">Manifest diff</h3>
        <ManifestDiff
          original={data.manifest.live}
          modified={data.manifest.candidate}
          originalLabel={data.live ? `${data.module.name} ${data.live.version} (live)` : "live"}
          modifiedLabel={`${candidate} (candidate)`}
        />
      </div>

      <div className="space-y-2">
        <h3 className="text-sm font-semibold">Files</h3>
        <FileDiff files={data.files} packages={data.packages} liveVersion={data.live?.version ?? null} candidateVersion={data.candidate.version} />
      </div>

      <Compositions data={data} />
    </section>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="rounded-md border bg-card px-3 py-2" data-testid={testId}>
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums">{value}</dd>
    </div>
  );
}

const INSTANCE_ROW = 32;

/** Instances of the affected templates; virtualised, since a template can carry thousands of nodes. */
function Instances({ data }: { data: BlastRadiusData }) {
  const parent = React.useRef<HTMLDivElement>(null);
  const items = data.instances.items;
  const virtualizer = useVirtualizer({ count: items.length, getScrollElement: () => parent.current, estimateSize: () => INSTANCE_ROW, overscan: 10 });
  return (
    <div className="space-y-2">
      <h3 className="text-sm font-semibold">
        Instances that will change <span className="font-normal text-muted-foreground">({data.instances.total.toLocaleString()})</span>
      </h3>
      {items.length === 0 ? (
        <p className="text-sm text-muted-foreground">No instance runs an affected template.</p>
      ) : (
        <div ref={parent} className="max-h-80 overflow-auto rounded-md border" tabIndex={0} role="table" aria-label="Instances that will change" aria-rowcount={items.length + 1}>
          <div role="rowgroup" className="sticky top-0 z-10 grid grid-cols-[1.5fr_1fr_0.8fr_1.3fr_0.8fr] gap-2 border-b bg-muted px-3 py-1.5 text-xs font-medium text-muted-foreground">
            <div role="row" className="contents">
              <span role="columnheader">Instance</span>
              <span role="columnheader">Template</span>
              <span role="columnheader">Status</span>
              <span role="columnheader">Runs now</span>
              <span role="columnheader">Heartbeat</span>
            </div>
          </div>
          <div role="rowgroup" style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
            {virtualizer.getVirtualItems().map((row) => {
              const i = items[row.index]!;
              return (
                <div
                  key={i.id}
                  role="row"
                  data-testid="blast-instance"
                  className="absolute inset-x-0 grid grid-cols-[1.5fr_1fr_0.8fr_1.3fr_0.8fr] items-center gap-2 border-b px-3 text-xs"
                  style={{ height: INSTANCE_ROW, transform: `translateY(${row.start}px)` }}
                >
                  <span role="cell" className="truncate font-mono">
                    {i.name}
                  </span>
                  <span role="cell" className="truncate font-mono text-muted-foreground">
                    {i.templateName ?? "—"}
                  </span>
                  <span role="cell">{i.status}</span>
                  <span role="cell" className="truncate font-mono">
                    {i.alreadyRunsCandidate ? (
                      <span className="text-state-live-fg">candidate already</span>
                    ) : i.runningVersion ? (
                      i.runningVersion
                    ) : i.runningDigest ? (
                      <span className="text-warning-fg" title={i.runningDigest}>
                        unknown digest
                      </span>
                    ) : (
                      <span className="text-muted-foreground">not reported</span>
                    )}
                  </span>
                  <span role="cell">{i.lastHeartbeatAt ? <TimeAgo date={i.lastHeartbeatAt} /> : <span className="text-muted-foreground">never</span>}</span>
                </div>
              );
            })}
          </div>
        </div>
      )}
      {data.instances.total > data.instances.listed ? (
        <p className="text-xs text-muted-foreground">Showing the first {groupThousands(data.instances.listed)} of {plural(data.instances.total, "instance", { thousands: true })}.</p>
      ) : null}
    </div>
  );
}

/** The composition preview of each affected template with the candidate; issues it would introduce in red. */
function Compositions({ data }: { data: BlastRadiusData }) {
  if (!data.compositions) {
    return (
      <div className="space-y-1">
        <h3 className="text-sm font-semibold">Composition preview</h3>
        <p className="text-sm text-muted-foreground">The composition engine is not connected to approvals on this server, so conflicts the candidate would introduce are not computed here.</p>
      </div>
    );
  }
  return (
    <div className="space-y-2">
      <h3 className="text-sm font-semibold">Composition preview with the candidate</h3>
      {data.compositions.length === 0 ? <p className="text-sm text-muted-foreground">No affected template to compose.</p> : null}
      <ul className="space-y-2">
        {data.compositions.map((c) => (
          <li key={c.templateId} className="rounded-md border p-3" data-testid="blast-composition">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <span className="font-mono text-sm">{c.templateName}</span>
              <span className="flex gap-1 text-xs">
                <Badge variant="error">{plural(c.errors.length, "error")}</Badge>
                <Badge variant="conflict">{plural(c.conflicts.length, "conflict")}</Badge>
                <Badge variant="warning">{plural(c.warnings.length, "warning")}</Badge>
              </span>
            </div>
            {c.introduced.length === 0 ? (
              <p className="mt-1 text-xs text-muted-foreground">The candidate introduces no new issue in this template.</p>
            ) : (
              <ul className="mt-2 space-y-1">
                {c.introduced.map((issue, i) => (
                  <li key={`${issue.code}-${i}`} className={cn("rounded border px-2 py-1 text-xs", SEVERITY_TONES.error.badge)}>
                    <span className="font-mono">{issue.code}</span> — {issue.message}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
