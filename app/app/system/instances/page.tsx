import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Suspense } from "react";
import { INSTANCE_TEMPLATES_INPUT, instancesListInput, instancesNextCursor, instancesState } from "@/components/fleet/instances-input";
import { InstancesList } from "@/components/fleet/instances-list";
import { paramsOf } from "@/components/ui/search-params";
import { Skeleton } from "@/components/ui/skeleton";
import { prefetchForHydration } from "@/server/api/rsc";

export const metadata: Metadata = { title: "Instances" };

/** The fleet: nodes, drift, heartbeats (docs/fleet.md). */
export default async function InstancesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // The first page of nodes is in the HTML: the same input the list derives from the URL (instances-input.ts), and
  // the template names of its filter. Not the user (auth.me): role-gated controls render once the page is
  // interactive, never clickable before it.
  const input = instancesListInput(instancesState(paramsOf(await searchParams)));
  const state = await prefetchForHydration((trpc, queryClient) => [
    queryClient.prefetchInfiniteQuery(trpc.instances.list.infiniteQueryOptions(input, { getNextPageParam: instancesNextCursor })),
    queryClient.prefetchQuery(trpc.templates.list.queryOptions(INSTANCE_TEMPLATES_INPUT)),
  ]);
  return (
    <HydrationBoundary state={state}>
      <Suspense fallback={<Skeleton className="h-64 w-full" />}>
        <InstancesList />
      </Suspense>
    </HydrationBoundary>
  );
}
