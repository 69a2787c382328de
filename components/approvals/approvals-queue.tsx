"use client";

import { useQuery } from "@tanstack/react-query";
import { Inbox, ShieldCheck } from "lucide-react";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { ModuleChip } from "@/components/ui/module-chip";
import { Pagination } from "@/components/ui/pagination";
import { SearchInput } from "@/components/ui/search-input";
import { NativeSelect } from "@/components/ui/native-select";
import { Skeleton } from "@/components/ui/skeleton";
import { StateBadge } from "@/components/ui/state-badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Tabs, TabsContent, TabsList, TabsTrigger } from "@/components/ui/tabs";
import { TimeAgo } from "@/components/ui/time-ago";
import { ExpiryCountdown } from "./expiry-countdown";
import { RequestStatusBadge } from "./request-status-badge";
import type { RequestListItem } from "./types";
import { useUrlState } from "@/components/ui/use-url-state";
import { IntentLink } from "@/components/ui/intent-link";
import { APPROVALS_PAGE_SIZE, approvalsListInput, approvalsState } from "./approvals-input";

/** The approvals queue: pending live requests (soonest expiry first) and the history of decided ones. */
export function ApprovalsQueue() {
  const trpc = useTRPC();
  const { params, set } = useUrlState();
  const queue = approvalsState(params);
  const { tab, page, search, requester, historyStatus } = queue;
  // The page prefetched this very input on the server (approvals-input.ts): the first render has the rows.
  const list = useQuery(
    trpc.approvals.list.queryOptions(approvalsListInput(queue), { placeholderData: (previous) => previous, refetchInterval: 30_000 }),
  );
  const filtered = Boolean(search || requester || (tab === "history" && historyStatus !== "decided"));

  return (
    <div className="space-y-3">
      <Tabs value={tab} onValueChange={(value) => set({ tab: value === "history" ? "history" : undefined, status: undefined })}>
        <TabsList>
          <TabsTrigger value="pending">Pending</TabsTrigger>
          <TabsTrigger value="history">History</TabsTrigger>
        </TabsList>
        {/* The active tab's panel, so its aria-controls names an element in the document (docs/ui.md). */}
        <TabsContent value={tab} className="space-y-3">
          <div className="flex flex-wrap items-end gap-3" role="search" aria-label="Filter live requests">
            <div className="w-56">
              <Field label="Module">
                <SearchInput defaultValue={search ?? ""} placeholder="Search modules…" onValueChange={(value) => set({ q: value || undefined })} />
              </Field>
            </div>
            <div className="w-56">
              <Field label="Requested by">
                <Input defaultValue={requester ?? ""} placeholder="email or token:name" onChange={(e) => set({ requester: e.target.value || undefined })} />
              </Field>
            </div>
            {tab === "history" ? (
              <div className="w-44">
                <Field label="Outcome">
                  <NativeSelect value={historyStatus} onChange={(e) => set({ status: e.target.value === "decided" ? undefined : e.target.value })}>
                    <option value="decided">All outcomes</option>
                    <option value="approved">Approved</option>
                    <option value="rejected">Rejected</option>
                    <option value="cancelled">Cancelled</option>
                    <option value="expired">Expired</option>
                  </NativeSelect>
                </Field>
              </div>
            ) : null}
            {filtered ? (
              <Button variant="ghost" size="sm" onClick={() => set({ q: undefined, requester: undefined, status: undefined })}>
                Clear filters
              </Button>
            ) : null}
          </div>

          {list.isError ? (
            <ErrorState title="Could not load live requests" error={list.error} onRetry={() => void list.refetch()} />
          ) : list.isPending ? (
            <div className="space-y-2" aria-busy="true" aria-label="Loading live requests">
              {Array.from({ length: 5 }, (_, i) => (
                <Skeleton key={i} className="h-10 w-full" />
              ))}
            </div>
          ) : list.data.requests.length === 0 ? (
            tab === "pending" ? (
              <EmptyState
                icon={<ShieldCheck />}
                title={filtered ? "No pending request matches" : "Nothing waits for approval"}
                description={
                  filtered
                    ? "Clear a filter to see every pending request."
                    : "When an operator requests a blessed version for live, the request appears here for approvers."
                }
              />
            ) : (
              <EmptyState icon={<Inbox />} title={filtered ? "No decided request matches" : "No decided requests yet"} description="Approved, rejected, cancelled and expired requests are listed here." />
            )
          ) : (
            <>
              {tab === "pending" ? <PendingTable items={list.data.requests} now={list.data.now} /> : <HistoryTable items={list.data.requests} />}
              <Pagination page={page} pageSize={APPROVALS_PAGE_SIZE} total={list.data.total} item="request" onPageChange={(p) => set({ page: String(p) })} />
            </>
          )}
        </TabsContent>
      </Tabs>
    </div>
  );
}

function RequestLink({ item }: { item: RequestListItem }) {
  return (
    <IntentLink href={`/app/system/approvals/${item.id}`} className="inline-flex items-center gap-2 hover:underline" data-testid="request-link">
      <ModuleChip name={item.version.moduleName} variant="dot" />
      <span className="font-mono text-xs">{item.version.version}</span>
    </IntentLink>
  );
}

function PendingTable({ items, now }: { items: RequestListItem[]; now: Date }) {
  return (
    <Table aria-label="Pending live requests">
      <TableHeader>
        <TableRow>
          <TableHead>Version</TableHead>
          <TableHead>Requested by</TableHead>
          <TableHead>Reason</TableHead>
          <TableHead className="w-24">Age</TableHead>
          <TableHead className="w-28">Expires</TableHead>
          <TableHead className="w-24" align="right">
            Approvals
          </TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {items.map((item) => (
          <TableRow key={item.id} data-testid="pending-request">
            <TableCell>
              <RequestLink item={item} />
            </TableCell>
            <TableCell className="font-mono text-xs">{item.requestedByLabel}</TableCell>
            <TableCell className="max-w-sm truncate" title={item.reason}>
              {item.reason}
            </TableCell>
            <TableCell>
              <TimeAgo date={item.createdAt} />
            </TableCell>
            <TableCell>
              <ExpiryCountdown createdAt={item.createdAt} expiresAt={item.expiresAt} now={now} />
            </TableCell>
            <TableCell align="right" className="tabular-nums">
              {item.approvals} / {item.requiredApprovals}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function HistoryTable({ items }: { items: RequestListItem[] }) {
  return (
    <Table aria-label="Decided live requests">
      <TableHeader>
        <TableRow>
          <TableHead>Version</TableHead>
          <TableHead className="w-28">Outcome</TableHead>
          <TableHead>Requested by</TableHead>
          <TableHead>Decision</TableHead>
          <TableHead className="w-28">Decided</TableHead>
          <TableHead className="w-24">Now</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {items.map((item) => {
          const decider = item.decisions.find((d) => (item.status === "rejected" ? d.decision === "reject" : d.decision === "approve"));
          return (
            <TableRow key={item.id} data-testid="decided-request">
              <TableCell>
                <RequestLink item={item} />
              </TableCell>
              <TableCell>
                <RequestStatusBadge status={item.status} />
              </TableCell>
              <TableCell className="font-mono text-xs">{item.requestedByLabel}</TableCell>
              <TableCell className="max-w-sm truncate" title={item.decisionNote ?? undefined}>
                {decider ? <span className="font-mono text-xs">{decider.userEmail}</span> : null}
                {decider && (decider.comment ?? item.decisionNote) ? " — " : null}
                {decider?.comment ?? item.decisionNote ?? (decider ? null : <span className="text-muted-foreground">—</span>)}
              </TableCell>
              <TableCell>{item.decidedAt ? <TimeAgo date={item.decidedAt} /> : <span className="text-muted-foreground">—</span>}</TableCell>
              <TableCell>
                <StateBadge state={item.version.state} />
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
