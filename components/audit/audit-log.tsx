"use client";

import { keepPreviousData, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { useMemo } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/native-select";
import { SearchInput } from "@/components/ui/search-input";
import { useUrlState } from "@/components/ui/use-url-state";
import { AuditEventsTable } from "./audit-events-table";
import { AUDIT_PAGE_SIZE, auditListInput, auditNextCursor, auditState } from "./audit-input";

export function AuditLog() {
  const trpc = useTRPC();
  const { params, set } = useUrlState();
  const logState = auditState(params);
  const { from, to, filters } = logState;
  // Cursor pages (docs/performance.md): "Load more" appends the next page after the last event shown, so page
  // 1,000 costs what page 1 costs and events written meanwhile never repeat a row.
  const pages = useInfiniteQuery(
    // Without a date filter the page prefetched this very input on the server (audit-input.ts).
    trpc.audit.list.infiniteQueryOptions(auditListInput(logState), { getNextPageParam: auditNextCursor, placeholderData: keepPreviousData }),
  );
  const data = useMemo(() => {
    const loaded = pages.data?.pages ?? [];
    const first = loaded[0];
    return first ? { events: loaded.flatMap((p) => p.events), total: first.total, totalCapped: first.totalCapped } : undefined;
  }, [pages.data]);
  const events = { data, error: pages.error, isFetching: pages.isFetching, isPlaceholderData: pages.isPlaceholderData, refetch: pages.refetch };
  const actions = useQuery(trpc.audit.actions.queryOptions());
  const hasFilters = Object.values(filters).some(Boolean);

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-3" role="search" aria-label="Filter audit events">
        <div className="w-64">
          <Field label="Target">
            <SearchInput
              defaultValue={filters.target ?? ""}
              placeholder="Module, version, token…"
              onValueChange={(value) => set({ target: value || undefined })}
            />
          </Field>
        </div>
        <div className="w-56">
          <Field label="Actor">
            <Input defaultValue={filters.actor ?? ""} placeholder="email or token:name" onChange={(e) => set({ actor: e.target.value || undefined })} />
          </Field>
        </div>
        <div className="w-56">
          <Field label="Action">
            <NativeSelect value={filters.action ?? ""} onChange={(e) => set({ action: e.target.value || undefined })}>
              <option value="">All actions</option>
              {(actions.data ?? []).map((action) => (
                <option key={action} value={action}>
                  {action}
                </option>
              ))}
            </NativeSelect>
          </Field>
        </div>
        <div className="w-40">
          <Field label="From">
            <Input type="date" value={from} onChange={(e) => set({ from: e.target.value || undefined })} />
          </Field>
        </div>
        <div className="w-40">
          <Field label="To">
            <Input type="date" value={to} onChange={(e) => set({ to: e.target.value || undefined })} />
          </Field>
        </div>
        {hasFilters ? (
          <Button variant="ghost" size="sm" onClick={() => set({ actor: undefined, action: undefined, target: undefined, from: undefined, to: undefined })}>
            Clear filters
          </Button>
        ) : null}
      </div>

      <AuditEventsTable
        query={events}
        page={1}
        pageSize={AUDIT_PAGE_SIZE}
        onPageChange={() => undefined}
        loadMore={{ hasNextPage: pages.hasNextPage, isFetchingNextPage: pages.isFetchingNextPage, fetchNextPage: pages.fetchNextPage }}
        aria-label="Audit events"
        errorTitle="Could not load the audit log"
        empty={
          hasFilters
            ? { title: "No events match these filters", description: "Widen the time range or clear a filter." }
            : { title: "No events yet", description: "Changes to modules, versions, templates and settings appear here as they happen." }
        }
      />
    </div>
  );
}
