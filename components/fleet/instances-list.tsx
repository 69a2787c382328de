"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { Plus, Server } from "lucide-react";
import dynamic from "next/dynamic";
import { useMemo, useState } from "react";
import { PageHeader } from "@/components/shell/page-header";
import { useMe } from "@/components/settings/use-me";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Field } from "@/components/ui/field";
import { LoadMore } from "@/components/ui/load-more";
import { SearchInput } from "@/components/ui/search-input";
import { NativeSelect } from "@/components/ui/native-select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useUrlState } from "@/components/ui/use-url-state";
import { IntentLink } from "@/components/ui/intent-link";
import { INSTANCE_STATUSES } from "@/server/contracts/instance-values";
import { DriftBadge } from "./drift-badge";
import { FleetSummaryStrip } from "./fleet-summary-strip";
import { HeartbeatCell, InstanceStatusBadge, ModulesInSync } from "./instance-cells";
import {
  DRIFT_FILTERS,
  INSTANCE_TEMPLATES_INPUT,
  instancesListInput,
  instancesNextCursor,
  instancesState,
  type DriftFilter,
  type InstanceSort,
} from "./instances-input";

// The form (react-hook-form, zod) loads when the dialog first opens, not with the list.
const CreateInstanceDialog = dynamic(() => import("./create-instance-dialog").then((m) => m.CreateInstanceDialog), { ssr: false });
type Sort = InstanceSort;

const DRIFT_FILTER_LABELS: Record<DriftFilter, string> = {
  drifted: "Any drift",
  critical: "Critical",
  high: "High",
  medium: "Medium",
  none: "No drift",
};

/**
 * The fleet (docs/fleet.md): every node with its status, template, drift and last heartbeat; a summary strip whose
 * counts are links that apply their filter; search, filters, sort and page in the URL.
 */
export function InstancesList() {
  const trpc = useTRPC();
  const { atLeast } = useMe();
  const canManage = atLeast("operator");
  const { params, set } = useUrlState();
  const listState = instancesState(params);
  const { q, templateId, status, drift, stale, neverReported, sort } = listState;
  const [creating, setCreatingState] = useState(false);
  // Mounted from its first opening on: after creating, it shows the new node's agent token in its own dialog.
  const [createMounted, setCreateMounted] = useState(false);
  const setCreating = (open: boolean) => {
    if (open) setCreateMounted(true);
    setCreatingState(open);
  };

  // Names for the filter and the create dialog: no health (that would compose every template), the first 200 by name.
  const templates = useQuery(trpc.templates.list.queryOptions(INSTANCE_TEMPLATES_INPUT, { staleTime: 60_000, select: (page) => page.templates }));
  // Cursor pages (docs/performance.md): "Load more" appends the nodes after the last one shown, in the current
  // sort; the refresh every 15 s refetches the loaded pages, no more.
  const pages = useInfiniteQuery(
    trpc.instances.list.infiniteQueryOptions(
      // The page prefetched this very input on the server (instances-input.ts): the first render has the rows.
      instancesListInput(listState),
      { getNextPageParam: instancesNextCursor, placeholderData: (previous) => previous, refetchInterval: 15_000 },
    ),
  );
  const data = useMemo(() => {
    const loaded = pages.data?.pages ?? [];
    const first = loaded[0];
    return first ? { ...first, instances: loaded.flatMap((p) => p.instances) } : undefined;
  }, [pages.data]);
  const list = { data, isError: pages.isError, error: pages.error, isFetching: pages.isFetching, refetch: pages.refetch };
  const filtered = Boolean(q || templateId || status || drift || stale !== undefined || neverReported !== undefined);
  const sortable = (key: Sort) => ({
    sortDirection: sort === key ? (key === "name" ? ("asc" as const) : ("desc" as const)) : undefined,
    onSort: () => set({ sort: key === "name" ? undefined : key }),
  });

  return (
    <div className="space-y-4">
      <PageHeader
        title="Instances"
        description="The nodes that run your templates: what each should run, what it reports, and how far apart the two are."
        actions={
          canManage ? (
            <Button size="sm" onClick={() => setCreating(true)}>
              <Plus aria-hidden /> New instance
            </Button>
          ) : null
        }
      />

      {list.isError ? null : <FleetSummaryStrip summary={list.data?.summary} templateId={templateId} current={{ drift, stale, neverReported }} />}

      <div className="flex flex-wrap items-end gap-3" role="search" aria-label="Filter instances">
        <div className="w-60">
          <Field label="Search">
            <SearchInput defaultValue={q ?? ""} placeholder="Instance name…" onValueChange={(value) => set({ q: value || undefined })} />
          </Field>
        </div>
        <div className="w-48">
          <Field label="Template">
            <NativeSelect value={templateId ?? ""} onChange={(e) => set({ template: e.target.value || undefined })}>
              <option value="">All templates</option>
              {(templates.data ?? []).map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </NativeSelect>
          </Field>
        </div>
        <div className="w-40">
          <Field label="Status">
            <NativeSelect value={status ?? ""} onChange={(e) => set({ status: e.target.value || undefined })}>
              <option value="">Any status</option>
              {INSTANCE_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s === "terminated" ? "terminated (decommissioned)" : s}
                </option>
              ))}
            </NativeSelect>
          </Field>
        </div>
        <div className="w-36">
          <Field label="Drift">
            <NativeSelect value={drift ?? ""} onChange={(e) => set({ drift: e.target.value || undefined })}>
              <option value="">Any</option>
              {DRIFT_FILTERS.map((d) => (
                <option key={d} value={d}>
                  {DRIFT_FILTER_LABELS[d]}
                </option>
              ))}
            </NativeSelect>
          </Field>
        </div>
        <div className="w-36">
          <Field label="Heartbeat">
            <NativeSelect value={stale === undefined ? "" : String(stale)} onChange={(e) => set({ stale: e.target.value || undefined })}>
              <option value="">Any</option>
              <option value="true">Stale</option>
              <option value="false">Fresh</option>
            </NativeSelect>
          </Field>
        </div>
        <div className="w-40">
          <Field label="Reported">
            <NativeSelect value={neverReported === undefined ? "" : String(neverReported)} onChange={(e) => set({ never_reported: e.target.value || undefined })}>
              <option value="">Any</option>
              <option value="true">Never reported</option>
              <option value="false">Has reported</option>
            </NativeSelect>
          </Field>
        </div>
        {filtered ? (
          <Button
            variant="ghost"
            size="sm"
            onClick={() => set({ q: undefined, template: undefined, status: undefined, drift: undefined, stale: undefined, never_reported: undefined })}
          >
            Clear filters
          </Button>
        ) : null}
      </div>

      {list.isError ? (
        <ErrorState title="Could not load instances" error={list.error} onRetry={() => void list.refetch()} retrying={list.isFetching} />
      ) : !list.data ? (
        <div className="space-y-2" aria-busy="true" aria-label="Loading instances">
          {Array.from({ length: 8 }, (_, i) => (
            <Skeleton key={i} className="h-9 w-full" />
          ))}
        </div>
      ) : list.data.instances.length === 0 ? (
        <EmptyState
          icon={<Server />}
          title={filtered ? "No instance matches these filters" : "No instances yet"}
          description={
            filtered
              ? "Clear a filter to see more nodes."
              : "Register a node here, or create an enrollment token on a template's page and let each machine's agent enroll itself."
          }
          action={
            !filtered && canManage ? (
              <Button size="sm" onClick={() => setCreating(true)}>
                <Plus aria-hidden /> New instance
              </Button>
            ) : undefined
          }
        />
      ) : (
        <>
          <Table aria-label="Instances">
            <TableHeader>
              <TableRow>
                <TableHead {...sortable("name")}>Instance</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Template</TableHead>
                <TableHead {...sortable("drift")}>Drift</TableHead>
                <TableHead align="right">In sync</TableHead>
                <TableHead {...sortable("lastHeartbeat")}>Last heartbeat</TableHead>
                <TableHead>Arch</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {list.data.instances.map((row) => (
                <TableRow key={row.id} data-testid="instance-row" data-instance={row.name} data-drift={row.driftSeverity}>
                  <TableCell>
                    <IntentLink href={`/app/system/instances/${row.id}`} className="font-mono text-sm font-medium hover:underline">
                      {row.name}
                    </IntentLink>
                  </TableCell>
                  <TableCell>
                    <InstanceStatusBadge status={row.status} />
                  </TableCell>
                  <TableCell>
                    {row.template ? (
                      <IntentLink href={`/app/system/templates/${row.template.id}`} className="font-mono text-xs hover:underline">
                        {row.template.name}
                      </IntentLink>
                    ) : (
                      <span className="text-muted-foreground">none</span>
                    )}
                  </TableCell>
                  <TableCell>
                    <DriftBadge severity={row.driftSeverity} differences={row.driftDifferences} neverReported={row.neverReported} />
                  </TableCell>
                  <TableCell align="right">
                    <ModulesInSync inSync={row.modulesInSync} desired={row.modulesDesired} />
                  </TableCell>
                  <TableCell>
                    <HeartbeatCell at={row.lastHeartbeatAt} stale={row.stale} staleAfterMinutes={list.data?.staleAfterMinutes ?? 0} />
                  </TableCell>
                  <TableCell className="font-mono text-xs">{row.arch}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <LoadMore
            shown={list.data.instances.length}
            total={list.data.total}
            totalCapped={list.data.totalCapped}
            hasNextPage={pages.hasNextPage}
            isFetchingNextPage={pages.isFetchingNextPage}
            onLoadMore={() => void pages.fetchNextPage()}
            item="instance"
          />
        </>
      )}
      {canManage && createMounted ? <CreateInstanceDialog open={creating} onOpenChange={setCreating} templates={templates.data ?? []} defaultTemplateId={templateId} /> : null}
    </div>
  );
}
