import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import Link from "next/link";
import { approvalsListInput, approvalsState } from "@/components/approvals/approvals-input";
import { ApprovalsQueue } from "@/components/approvals/approvals-queue";
import { PageHeader } from "@/components/shell/page-header";
import { buttonVariants } from "@/components/ui/button-variants";
import { paramsOf } from "@/components/ui/search-params";
import { prefetchForHydration } from "@/server/api/rsc";

export const metadata: Metadata = { title: "Approvals" };

export default async function ApprovalsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // The first page of the queue is in the HTML: the same input the queue derives from the URL (approvals-input.ts).
  const input = approvalsListInput(approvalsState(paramsOf(await searchParams)));
  const state = await prefetchForHydration((trpc, queryClient) => [queryClient.prefetchQuery(trpc.approvals.list.queryOptions(input))]);
  return (
    <div className="space-y-4">
      <PageHeader
        title="Approvals"
        description="Live requests waiting for approvers, soonest expiry first, and the history of decided ones. Open a request to see its blast radius before deciding."
        actions={
          <Link href="/app/system/pipeline" className={buttonVariants({ variant: "outline", size: "sm" })}>
            Pipeline board
          </Link>
        }
      />
      <HydrationBoundary state={state}>
        <ApprovalsQueue />
      </HydrationBoundary>
    </div>
  );
}
