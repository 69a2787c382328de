"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Boxes, Plus } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { useMe } from "@/components/settings/use-me";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { DataTable, type ColumnDef, type SortingState } from "@/components/ui/data-table";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { ModuleChip } from "@/components/ui/module-chip";
import { Pagination } from "@/components/ui/pagination";
import { SearchInput } from "@/components/ui/search-input";
import { NativeSelect } from "@/components/ui/native-select";
import { Skeleton } from "@/components/ui/skeleton";
import { TimeAgo } from "@/components/ui/time-ago";
import { STATE_TONES } from "@/components/ui/state-colors";
import { SimpleTooltip } from "@/components/ui/tooltip";
import { oneOf } from "@/components/ui/search-params";
import { IntentLink } from "@/components/ui/intent-link";
import {
  CATALOG_SORTS,
  CATALOG_STATE_FILTERS,
  MODULE_VARIETIES,
  type CatalogStateFilter,
  type ModuleVariety,
} from "@/server/contracts/module-values";
import { CATALOG_PAGE_SIZE, catalogListInput, catalogState } from "./catalog-input";
import type { CatalogRowDto } from "./types";
import { LatestVersionBadges, SensorBadges } from "./version-badges";

const VARIETY_LABELS: Record<ModuleVariety, string> = { subscription: "Subscription", config: "Config", instance: "Instance" };
const STATE_FILTER_LABELS: Record<CatalogStateFilter, string> = {
  built: "Built",
  staging: "Staging",
  blessed: "Blessed",
  live: "Live",
  retired: "Retired",
  none: "No versions yet",
};

/** Every filter, the sort and the page live in the query string, so a filtered catalog can be linked to. */
export function useCatalogUrlState() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const state = catalogState(params);
  const set = useCallback(
    (changes: Record<string, string | undefined>) => {
      const next = new URLSearchParams(params.toString());
      for (const [key, value] of Object.entries(changes)) {
        if (value) next.set(key, value);
        else next.delete(key);
      }
      // Any change but paging starts from the first page again.
      if (!("page" in changes)) next.delete("page");
      router.replace(`${pathname}${next.size ? `?${next}` : ""}`, { scroll: false });
    },
    [params, router, pathname],
  );
  return { state, set };
}

export function RegisterModuleButton() {
  const { atLeast } = useMe();
  if (!atLeast("author")) return null;
  return (
    <Button asChild size="sm">
      <Link href="/app/system/modules/new">
        <Plus aria-hidden="true" />
        Register module
      </Link>
    </Button>
  );
}

/**
 * Nine facts per row in about 950 px: the display name sits under the name (one cell, two short lines), the
 * sensor flags follow the version badges.
 */
// Below 1400 px the table's box (beside the categories) cannot hold every column: Variety and Updated give way so
// the version chips keep their room instead of spilling past the table's edge.
const WIDE_ONLY = "hidden min-[1400px]:table-cell";

const columns: ColumnDef<CatalogRowDto>[] = [
  {
    id: "name",
    // An accessor makes the column sortable for TanStack; the server does the sorting (manualSorting).
    accessorFn: (row) => row.name,
    header: "Name",
    meta: { className: "max-w-64 py-1" },
    cell: ({ row }) => (
      <div className="flex min-w-0 flex-col">
        <IntentLink href={`/app/system/modules/${row.original.name}`} className="w-fit max-w-full rounded-sm hover:underline focus-visible:outline-2">
          <ModuleChip name={row.original.name} variant="dot" />
        </IntentLink>
        <span className="truncate pl-3.5 text-xs text-muted-foreground" title={row.original.displayName}>
          {row.original.displayName}
        </span>
      </div>
    ),
  },
  {
    id: "category",
    accessorFn: (row) => row.category.position,
    header: "Category",
    meta: { className: "whitespace-nowrap" },
    cell: ({ row }) => <span className="text-muted-foreground">{row.original.category.name}</span>,
  },
  {
    id: "variety",
    header: "Variety",
    enableSorting: false,
    meta: { className: WIDE_ONLY, headerClassName: WIDE_ONLY },
    cell: ({ row }) => <Badge variant="outline">{row.original.variety}</Badge>,
  },
  {
    id: "priority",
    accessorFn: (row) => row.priority,
    header: "Prio",
    meta: { align: "right", className: "font-mono tabular-nums", headerClassName: "w-16" },
    cell: ({ row }) => <span title="Module priority (0–999), the tie-breaker inside a category">{row.original.priority}</span>,
  },
  {
    id: "effectivePriority",
    accessorFn: (row) => row.effectivePriority,
    header: "Effective",
    meta: { align: "right", headerClassName: "w-24" },
    cell: ({ row }) => (
      <SimpleTooltip content={<span className="font-mono">{row.original.derivation}</span>}>
        <span
          tabIndex={0}
          className="cursor-help rounded-sm font-mono tabular-nums underline decoration-dotted underline-offset-2"
          aria-label={`Effective priority ${row.original.effectivePriority}: ${row.original.derivation}`}
        >
          {row.original.effectivePriority}
        </span>
      </SimpleTooltip>
    ),
  },
  {
    id: "versions",
    header: "Latest version per state",
    enableSorting: false,
    cell: ({ row }) => (
      <div className="flex flex-wrap items-center gap-1">
        <LatestVersionBadges summary={row.original.versions} />
        <SensorBadges summary={row.original.versions} />
      </div>
    ),
  },
  {
    id: "updated",
    accessorFn: (row) => row.updatedAt,
    header: "Updated",
    meta: { align: "right", className: `text-muted-foreground whitespace-nowrap ${WIDE_ONLY}`, headerClassName: `w-24 ${WIDE_ONLY}` },
    cell: ({ row }) => <TimeAgo date={row.original.updatedAt} />,
  },
];

/** Re-pushed tags (docs/ingest.md, Attempts): loud, because a moved tag is how a supply-chain swap looks. */
function TagOverwriteBanner() {
  const trpc = useTRPC();
  const overwrites = useQuery(trpc.ingest.overwrites.queryOptions(undefined, { staleTime: 60_000 }));
  const all = overwrites.data ?? [];
  const first = all[0];
  if (!first) return null;
  return (
    <div role="alert" data-testid="tag-overwrite-banner" className="rounded-md border px-3 py-2 text-sm severity-error">
      Possible tag overwrite: <span className="font-mono">{first.module}:{first.tag}</span> was re-pushed with another digest
      {all.length > 1 ? ` (and ${all.length - 1} more in the last 14 days)` : ""}. No version changed.{" "}
      <Link className="font-medium underline" href={`/app/system/modules/${encodeURIComponent(first.module)}/ingest`}>
        See the attempts
      </Link>
    </div>
  );
}

export function ModulesCatalog() {
  const trpc = useTRPC();
  const router = useRouter();
  const { state, set } = useCatalogUrlState();
  const { atLeast } = useMe();
  // The page prefetched this very input on the server (catalog-input.ts): the first render has the rows.
  const query = useQuery(trpc.modules.list.queryOptions(catalogListInput(state), { placeholderData: keepPreviousData }));
  const hasFilters = Boolean(state.search || state.category || state.variety || state.state);
  const sorting = useMemo<SortingState>(() => [{ id: state.sort, desc: state.direction === "desc" }], [state.sort, state.direction]);

  const empty = hasFilters ? (
    <EmptyState
      compact
      icon={Boxes}
      title="No modules match these filters"
      description="Clear a filter or search for something else."
      action={
        <Button variant="outline" size="sm" onClick={() => set({ q: undefined, category: undefined, variety: undefined, state: undefined })}>
          Clear filters
        </Button>
      }
    />
  ) : (
    <EmptyState
      compact
      icon={Boxes}
      title="No modules yet"
      description={atLeast("author") ? "Register the first module, then push its builds from CI with an API token." : "Ask an author to register the first module."}
      action={
        atLeast("author") ? (
          <Button asChild size="sm">
            <Link href="/app/system/modules/new">Register module</Link>
          </Button>
        ) : undefined
      }
    />
  );

  return (
    <div className="grid gap-4 md:grid-cols-[13rem_minmax(0,1fr)]">
      <CategorySidebar
        categories={query.data?.categories}
        allCount={query.data?.allCount}
        active={state.category}
        onSelect={(category) => set({ category })}
      />
      <div className="min-w-0 space-y-3">
        <TagOverwriteBanner />
        <div className="flex flex-wrap items-end gap-2" role="search" aria-label="Filter modules">
          <SearchInput
            defaultValue={state.search ?? ""}
            placeholder="Search modules…"
            aria-label="Search modules by name, display name or description"
            onValueChange={(value) => set({ q: value.trim() || undefined })}
            containerClassName="max-w-sm"
          />
          <NativeSelect
            aria-label="Variety"
            size="md"
            className="w-40"
            value={state.variety ?? ""}
            onChange={(event) => set({ variety: event.target.value || undefined })}
          >
            <option value="">All varieties</option>
            {MODULE_VARIETIES.map((variety) => (
              <option key={variety} value={variety}>
                {VARIETY_LABELS[variety]}
              </option>
            ))}
          </NativeSelect>
          <NativeSelect
            aria-label="State of the latest version"
            className="w-52"
            value={state.state ?? ""}
            onChange={(event) => set({ state: event.target.value || undefined })}
          >
            <option value="">Latest version: any</option>
            {CATALOG_STATE_FILTERS.map((value) => (
              <option key={value} value={value}>
                {value === "none" ? STATE_FILTER_LABELS[value] : `Latest version: ${STATE_FILTER_LABELS[value].toLowerCase()}`}
              </option>
            ))}
          </NativeSelect>
          {hasFilters ? (
            <Button variant="ghost" size="sm" onClick={() => set({ q: undefined, category: undefined, variety: undefined, state: undefined })}>
              Clear filters
            </Button>
          ) : null}
        </div>

        <DataTable
          aria-label="Modules"
          columns={columns}
          data={query.data?.modules}
          getRowId={(row) => row.id}
          sorting={sorting}
          manualSorting
          onSortingChange={(next) => {
            const first = next[0];
            const sort = oneOf(CATALOG_SORTS, first?.id ?? null);
            // Name ascending is the default and stays out of the URL.
            set({ sort: sort === "name" && !first?.desc ? undefined : sort, dir: first?.desc ? "desc" : undefined });
          }}
          onRowClick={(row) => router.push(`/app/system/modules/${row.name}`)}
          rowLabel={(row) => `Open ${row.name}`}
          skeletonRows={10}
          empty={empty}
          error={
            query.isError ? <ErrorState compact title="Could not load modules" error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} /> : undefined
          }
          className={cn(query.isFetching && query.isPlaceholderData && "opacity-70 transition-opacity")}
        />
        {query.data && query.data.total > 0 ? (
          <div className="flex flex-wrap items-center justify-between gap-x-4">
            <StateLegend />
            <Pagination page={state.page} pageSize={CATALOG_PAGE_SIZE} total={query.data.total} item="module" onPageChange={(page) => set({ page: String(page) })} className="grow" />
          </div>
        ) : null}
      </div>
    </div>
  );
}

/** The badges carry the version, the colour carries the state: say which colour is which. */
function StateLegend() {
  return (
    <p className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground" aria-hidden="true">
      {(["live", "blessed", "staging", "built"] as const).map((state) => (
        <span key={state} className="inline-flex items-center gap-1">
          <span className={cn("size-2 rounded-full", STATE_TONES[state].solid)} />
          {state}
        </span>
      ))}
    </p>
  );
}

function CategorySidebar({
  categories,
  allCount,
  active,
  onSelect,
}: {
  categories: Array<{ slug: string; name: string; position: number; count: number }> | undefined;
  allCount: number | undefined;
  active: string | undefined;
  onSelect: (slug: string | undefined) => void;
}) {
  const item = (slug: string | undefined, label: string, count: number | undefined, position?: number) => {
    const current = active === slug;
    return (
      <li key={slug ?? "all"}>
        <button
          type="button"
          aria-current={current ? "true" : undefined}
          onClick={() => onSelect(slug)}
          className={cn(
            "flex h-8 w-full items-center justify-between gap-2 rounded-md px-2 text-left text-sm",
            "hover:bg-accent hover:text-accent-foreground focus-visible:outline-2 focus-visible:outline-ring",
            current ? "bg-accent font-medium text-accent-foreground" : "text-muted-foreground",
          )}
        >
          <span className="truncate">
            {label}
            {position !== undefined ? <span className="ml-1.5 font-mono text-xs text-muted-foreground/80">{position}</span> : null}
          </span>
          <span className="rounded-full bg-muted px-1.5 text-xs tabular-nums text-muted-foreground">{count ?? "–"}</span>
        </button>
      </li>
    );
  };
  return (
    <nav aria-label="Categories" className="md:sticky md:top-[calc(var(--topbar-height)+1rem)] md:self-start">
      <h2 className="mb-1 px-2 text-xs font-medium tracking-wide text-muted-foreground uppercase">Categories</h2>
      {categories === undefined ? (
        <div className="space-y-1.5 px-2" aria-busy="true">
          {Array.from({ length: 6 }, (_, i) => (
            <Skeleton key={i} className="h-6 w-full" />
          ))}
        </div>
      ) : (
        <ul className="space-y-0.5">
          {item(undefined, "All modules", allCount)}
          {categories.map((c) => item(c.slug, c.name, c.count, c.position))}
        </ul>
      )}
    </nav>
  );
}
