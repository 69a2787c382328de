"use client";

import { ScrollText } from "lucide-react";
import { Fragment, useState, type ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { LoadMore } from "@/components/ui/load-more";
import { Pagination } from "@/components/ui/pagination";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { groupThousands } from "@/server/domain/plural";

/** One audit event as `audit.list` and `modules.activity` return it (the same page shape). */
export interface AuditEventRow {
  id: string;
  actorLabel: string;
  action: string;
  targetType: string;
  targetLabel: string;
  reason: string | null;
  /** The HTTP request that made the change, to find its log line (docs/observability.md). */
  requestId?: string | null;
  before: unknown;
  after: unknown;
  createdAt: Date;
}

/** The parts of a react-query result the table reads; pass the query itself. */
export interface AuditEventsQuery {
  data: { events: readonly AuditEventRow[]; total: number; totalCapped?: boolean } | undefined;
  error: unknown;
  isFetching: boolean;
  isPlaceholderData: boolean;
  refetch: () => unknown;
}

export interface AuditEventsTableProps {
  /** `audit.list` or `modules.activity`, with `placeholderData` keeping the previous page while the next loads. */
  query: AuditEventsQuery;
  /** 1-based, from the URL (offset pages: a module's Activity tab). */
  page: number;
  pageSize: number;
  onPageChange: (page: number) => void;
  /** Cursor pages (the audit log): `data.events` holds every loaded page and this appends the next one. */
  loadMore?: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
  /** The table's accessible name ("Audit events", "Activity of nginx"). */
  "aria-label": string;
  /** Title of the error state ("Could not load the audit log"). */
  errorTitle: string;
  /** What an empty list means on this page, and what to do next. */
  empty: { title: ReactNode; description?: ReactNode };
  /** Kept per page because the e2e specs address the rows by it ("audit-row", "activity-row"). */
  rowTestId?: string;
}

const COLUMN_COUNT = 6;
const SKELETON_ROWS = 8;
/** Per column, the rough width of its text, so the skeleton has the table's shape (the Details column stays empty). */
const SKELETON_WIDTHS = ["w-14", "w-40", "w-32", "w-44", "w-24"];

/**
 * The audit trail as a table: when, actor, action, target, reason and the before/after of each change. The Audit
 * page and a module's Activity tab both render it, so their loading skeleton, empty and error states and pager
 * are one (docs/ui.md, Shared feature components).
 */
export function AuditEventsTable({ query, page, pageSize, onPageChange, loadMore, errorTitle, empty, rowTestId = "audit-row", ...props }: AuditEventsTableProps) {
  const [expanded, setExpanded] = useState<string | null>(null);
  const { data, error } = query;
  const loading = !error && data === undefined;

  let body: ReactNode;
  if (error) {
    body = (
      <FullWidthRow>
        <ErrorState compact title={errorTitle} error={error} onRetry={() => void query.refetch()} retrying={query.isFetching} />
      </FullWidthRow>
    );
  } else if (!data) {
    body = Array.from({ length: SKELETON_ROWS }, (_, row) => (
      <TableRow key={row} className="hover:bg-transparent">
        {SKELETON_WIDTHS.map((width, column) => (
          <TableCell key={column}>
            <Skeleton className={cn("h-3.5 max-w-full", width)} />
          </TableCell>
        ))}
        <TableCell />
      </TableRow>
    ));
  } else if (data.total === 0) {
    body = (
      <FullWidthRow>
        <EmptyState compact icon={ScrollText} title={empty.title} description={empty.description} />
      </FullWidthRow>
    );
  } else if (data.events.length === 0) {
    // A bookmarked page past the end (events were never deleted, but filters and page size change what fits).
    body = (
      <FullWidthRow>
        <EmptyState
          compact
          icon={ScrollText}
          title={`Page ${groupThousands(page)} is past the last event`}
          action={
            <Button variant="outline" size="sm" onClick={() => onPageChange(1)}>
              First page
            </Button>
          }
        />
      </FullWidthRow>
    );
  } else {
    body = data.events.map((event) => {
      const hasDetails = event.before != null || event.after != null || event.requestId != null;
      const open = expanded === event.id;
      const detailsId = `audit-details-${event.id}`;
      return (
        <Fragment key={event.id}>
          <TableRow data-testid={rowTestId}>
            <TableCell>
              <TimeAgo date={event.createdAt} />
            </TableCell>
            <TableCell className="font-mono text-xs">{event.actorLabel}</TableCell>
            <TableCell>
              <Badge variant="neutral" className="font-mono">
                {event.action}
              </Badge>
            </TableCell>
            <TableCell className="py-1">
              {/* The label on one line (a version label must not break at its dashes), its type under it. */}
              <span className="block font-mono text-xs whitespace-nowrap">{event.targetLabel}</span>
              <span className="block text-xs text-muted-foreground">{event.targetType}</span>
            </TableCell>
            <TableCell>
              {/* A table cell ignores max-width, so the cut happens on a block inside it, narrower on narrower
                  screens so the six columns fit the console's content width. */}
              <span className="block max-w-40 truncate xl:max-w-56 2xl:max-w-xs" title={event.reason ?? undefined}>
                {event.reason ?? <span className="text-muted-foreground">—</span>}
              </span>
            </TableCell>
            <TableCell>
              {hasDetails ? (
                <Button variant="ghost" size="sm" aria-expanded={open} aria-controls={open ? detailsId : undefined} onClick={() => setExpanded(open ? null : event.id)}>
                  {open ? "Hide" : "Details"}
                </Button>
              ) : null}
            </TableCell>
          </TableRow>
          {open ? (
            <TableRow id={detailsId} className="hover:bg-transparent">
              <TableCell colSpan={COLUMN_COUNT} className="bg-muted/40">
                {/* w-0 min-w-full: the JSON scrolls inside the row instead of widening the whole table. */}
                {event.requestId ? (
                  <div className="pt-2 text-xs text-muted-foreground">
                    Request id <span className="font-mono text-foreground">{event.requestId}</span>
                  </div>
                ) : null}
                <div className="grid w-0 min-w-full gap-3 py-2 md:grid-cols-2">
                  {(["before", "after"] as const).map((side) => (
                    <div key={side} className="min-w-0">
                      <div className="mb-1 text-xs font-medium text-muted-foreground capitalize">{side}</div>
                      <pre className="overflow-auto rounded bg-background p-2 font-mono text-xs">{JSON.stringify(event[side] ?? null, null, 2)}</pre>
                    </div>
                  ))}
                </div>
              </TableCell>
            </TableRow>
          ) : null}
        </Fragment>
      );
    });
  }

  return (
    <div className="space-y-2">
      <Table aria-label={props["aria-label"]} aria-busy={loading || undefined} className={cn(query.isFetching && query.isPlaceholderData && "opacity-70 transition-opacity")}>
        <TableHeader>
          <TableRow className="h-8 hover:bg-transparent">
            <TableHead className="w-28">When</TableHead>
            <TableHead>Actor</TableHead>
            <TableHead>Action</TableHead>
            <TableHead>Target</TableHead>
            <TableHead>Reason</TableHead>
            <TableHead className="w-20">
              <span className="sr-only">Details</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>{body}</TableBody>
      </Table>
      {loading ? (
        <span role="status" className="sr-only">
          Loading…
        </span>
      ) : null}
      {!error && data && data.events.length > 0 ? (
        loadMore ? (
          <LoadMore
            shown={data.events.length}
            total={data.total}
            totalCapped={data.totalCapped}
            hasNextPage={loadMore.hasNextPage}
            isFetchingNextPage={loadMore.isFetchingNextPage}
            onLoadMore={() => void loadMore.fetchNextPage()}
            item="event"
          />
        ) : (
          <Pagination page={page} pageSize={pageSize} total={data.total} item="event" onPageChange={onPageChange} />
        )
      ) : null}
    </div>
  );
}

function FullWidthRow({ children }: { children: ReactNode }) {
  return (
    <TableRow className="hover:bg-transparent">
      <TableCell colSpan={COLUMN_COUNT} className="p-0">
        {children}
      </TableCell>
    </TableRow>
  );
}
