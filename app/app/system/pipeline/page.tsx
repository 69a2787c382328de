import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import Link from "next/link";
import { FleetBoard } from "@/components/pipeline/fleet-board";
import { ActiveRollouts } from "@/components/rollouts/active-rollouts";
import { PageHeader } from "@/components/shell/page-header";
import { ACTIVE_ROLLOUTS_INPUT, boardInput, boardState } from "@/components/pipeline/board-input";
import { buttonVariants } from "@/components/ui/button-variants";
import { paramsOf } from "@/components/ui/search-params";
import { prefetchForHydration } from "@/server/api/rsc";

export const metadata: Metadata = { title: "Pipeline board" };

export default async function PipelineBoardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // The board's first page and the rollouts strip are in the HTML: the inputs the client derives (board-input.ts).
  const input = boardInput(boardState(paramsOf(await searchParams)));
  const state = await prefetchForHydration((trpc, queryClient) => [
    queryClient.prefetchQuery(trpc.promotion.board.queryOptions(input)),
    queryClient.prefetchQuery(trpc.rollouts.list.queryOptions(ACTIVE_ROLLOUTS_INPUT)),
  ]);
  return (
    <div className="space-y-4">
      <PageHeader
        title="Pipeline board"
        description="Every module with its versions in state columns. Filter for what needs attention: stale staging, versions ready to bless, live requests awaiting approval."
        actions={
          <Link href="/app/system/approvals" className={buttonVariants({ variant: "outline", size: "sm" })}>
            Approvals
          </Link>
        }
      />
      <HydrationBoundary state={state}>
        <ActiveRollouts />
        <FleetBoard />
      </HydrationBoundary>
    </div>
  );
}
