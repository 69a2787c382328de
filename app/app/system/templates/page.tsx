import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Suspense } from "react";
import { PageHeader } from "@/components/shell/page-header";
import { TemplatesList } from "@/components/templates/templates-list";
import { templatesListInput, templatesState } from "@/components/templates/templates-input";
import { paramsOf } from "@/components/ui/search-params";
import { Skeleton } from "@/components/ui/skeleton";
import { prefetchForHydration } from "@/server/api/rsc";

export const metadata: Metadata = { title: "Templates" };

export default async function TemplatesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // The first page of templates is in the HTML: the same input the list derives from the URL (templates-input.ts),
  // and the fleet counts of its Instances column. Not the user (auth.me): role-gated controls render once the page
  // is interactive, never clickable before it.
  const input = templatesListInput(templatesState(paramsOf(await searchParams)));
  const state = await prefetchForHydration((trpc, queryClient) => [
    queryClient.prefetchQuery(trpc.templates.list.queryOptions(input)),
    queryClient.prefetchQuery(trpc.instances.countsByTemplate.queryOptions()),
  ]);
  return (
    <HydrationBoundary state={state}>
      <div className="space-y-4">
        <PageHeader
          title="Templates"
          description="Compositions of modules that nodes boot from. The badge is the health of each template's composition as it would deploy now."
        />
        <Suspense fallback={<Skeleton className="h-40 w-full" />}>
          <TemplatesList />
        </Suspense>
      </div>
    </HydrationBoundary>
  );
}
