import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { AuditLog } from "@/components/audit/audit-log";
import { auditListInput, auditNextCursor, auditState } from "@/components/audit/audit-input";
import { PageHeader } from "@/components/shell/page-header";
import { paramsOf } from "@/components/ui/search-params";
import { prefetchForHydration } from "@/server/api/rsc";

export const metadata: Metadata = { title: "Audit" };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // The first page of events is in the HTML: the same input the log derives from the URL (audit-input.ts). A date
  // filter is a day in the browser's time zone, which the server does not know: those pages load in the browser.
  const log = auditState(paramsOf(await searchParams));
  const state =
    log.from || log.to
      ? null
      : await prefetchForHydration((trpc, queryClient) => [
          queryClient.prefetchInfiniteQuery(trpc.audit.list.infiniteQueryOptions(auditListInput(log), { getNextPageParam: auditNextCursor })),
          queryClient.prefetchQuery(trpc.audit.actions.queryOptions()),
        ]);
  return (
    <div className="space-y-4">
      <PageHeader title="Audit log" description="Every change in this account: who did what, to what, when and why. Newest first." />
      <HydrationBoundary state={state}>
        <AuditLog />
      </HydrationBoundary>
    </div>
  );
}
