"use client";

import { useQuery } from "@tanstack/react-query";
import { ScrollText } from "lucide-react";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";
import { Pagination } from "@/components/ui/pagination";
import { SearchInput } from "@/components/ui/search-input";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { useUrlState } from "@/components/ui/use-url-state";

const PAGE_SIZE = 50;

function toDateInput(value: string | null): string {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : "";
}

export function AuditLog() {
  const trpc = useTRPC();
  const { params, set } = useUrlState();
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
  const from = toDateInput(params.get("from"));
  const to = toDateInput(params.get("to"));
  const filters = {
    actor: params.get("actor") ?? undefined,
    action: params.get("action") ?? undefined,
    target: params.get("target") ?? undefined,
    from: from ? new Date(`${from}T00:00:00`) : undefined,
    to: to ? new Date(`${to}T23:59:59.999`) : undefined,
  };
  const events = useQuery(trpc.audit.list.queryOptions({ ...filters, page, pageSize: PAGE_SIZE }, { placeholderData: (previous) => previous }));
  const actions = useQuery(trpc.audit.actions.queryOptions());
  const [expanded, setExpanded] = useState<string | null>(null);
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

      {events.isError ? (
        <ErrorState title="Could not load the audit log" message={events.error.message} onRetry={() => void events.refetch()} />
      ) : events.isPending ? (
        <div className="space-y-2" aria-busy="true" aria-label="Loading audit events">
          {Array.from({ length: 8 }, (_, i) => (
            <Skeleton key={i} className="h-9 w-full" />
          ))}
        </div>
      ) : events.data.events.length === 0 ? (
        <EmptyState
          icon={<ScrollText />}
          title={hasFilters ? "No events match these filters" : "No events yet"}
          description={hasFilters ? "Widen the time range or clear a filter." : "Changes to modules, versions, templates and settings appear here as they happen."}
        />
      ) : (
        <>
          <Table aria-label="Audit events">
            <TableHeader>
              <TableRow>
                <TableHead className="w-36">When</TableHead>
                <TableHead>Actor</TableHead>
                <TableHead>Action</TableHead>
                <TableHead>Target</TableHead>
                <TableHead>Reason</TableHead>
                <TableHead className="w-20">
                  <span className="sr-only">Details</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {events.data.events.map((event) => (
                <AuditRow key={event.id} event={event} expanded={expanded === event.id} onToggle={() => setExpanded(expanded === event.id ? null : event.id)} />
              ))}
            </TableBody>
          </Table>
          <Pagination page={page} pageSize={PAGE_SIZE} total={events.data.total} item="event" onPageChange={(p) => set({ page: String(p) })} />
        </>
      )}
    </div>
  );
}

interface AuditEventRow {
  id: string;
  actorLabel: string;
  action: string;
  targetType: string;
  targetLabel: string;
  reason: string | null;
  before: unknown;
  after: unknown;
  createdAt: Date;
}

function AuditRow({ event, expanded, onToggle }: { event: AuditEventRow; expanded: boolean; onToggle: () => void }) {
  const hasDetails = event.before != null || event.after != null;
  return (
    <>
      <TableRow data-testid="audit-row">
        <TableCell>
          <TimeAgo date={event.createdAt} />
        </TableCell>
        <TableCell className="font-mono text-xs">{event.actorLabel}</TableCell>
        <TableCell>
          <Badge variant="neutral" className="font-mono">
            {event.action}
          </Badge>
        </TableCell>
        <TableCell>
          <span className="text-muted-foreground">{event.targetType} </span>
          <span className="font-mono text-xs">{event.targetLabel}</span>
        </TableCell>
        <TableCell className="max-w-xs truncate" title={event.reason ?? undefined}>
          {event.reason ?? <span className="text-muted-foreground">—</span>}
        </TableCell>
        <TableCell>
          {hasDetails ? (
            <Button variant="ghost" size="sm" aria-expanded={expanded} onClick={onToggle}>
              {expanded ? "Hide" : "Details"}
            </Button>
          ) : null}
        </TableCell>
      </TableRow>
      {expanded ? (
        <TableRow>
          <TableCell colSpan={6} className="bg-muted/40">
            <div className="grid gap-3 py-2 md:grid-cols-2">
              <div>
                <div className="mb-1 text-xs font-medium text-muted-foreground">Before</div>
                <pre className="overflow-auto rounded bg-background p-2 font-mono text-xs">{JSON.stringify(event.before ?? null, null, 2)}</pre>
              </div>
              <div>
                <div className="mb-1 text-xs font-medium text-muted-foreground">After</div>
                <pre className="overflow-auto rounded bg-background p-2 font-mono text-xs">{JSON.stringify(event.after ?? null, null, 2)}</pre>
              </div>
            </div>
          </TableCell>
        </TableRow>
      ) : null}
    </>
  );
}
