import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { Suspense } from "react";
import { ModulesCatalog, RegisterModuleButton } from "@/components/modules/catalog";
import { catalogListInput, catalogState } from "@/components/modules/catalog-input";
import { PageHeader } from "@/components/shell/page-header";
import { paramsOf } from "@/components/ui/search-params";
import { prefetchForHydration } from "@/server/api/rsc";

export const metadata: Metadata = { title: "Modules" };

export default async function ModulesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // The first page of the catalog is in the HTML: the same input the catalog derives from the URL (catalog-input.ts).
  // Not the user (auth.me): role-gated controls render once the page is interactive, never clickable before it.
  const input = catalogListInput(catalogState(paramsOf(await searchParams)));
  const state = await prefetchForHydration((trpc, queryClient) => [queryClient.prefetchQuery(trpc.modules.list.queryOptions(input))]);
  return (
    <HydrationBoundary state={state}>
      <div className="space-y-4">
        <PageHeader
          title="Modules"
          description="Every module of this account, in its category, with the latest version in each promotion state."
          actions={<RegisterModuleButton />}
        />
        {/* useSearchParams needs a Suspense boundary; the catalog renders its own skeleton meanwhile. */}
        <Suspense>
          <ModulesCatalog />
        </Suspense>
      </div>
    </HydrationBoundary>
  );
}
