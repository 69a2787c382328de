"use client";

import { useInfiniteQuery, useQueries } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { useUrlState } from "@/components/ui/use-url-state";
import type { OverlayFilter, OverlayPage, OverlayRow, Preview } from "./types";

/** Rows per directory page of the tree ("Load 2,000 more of …"). */
export const OVERLAY_PAGE = 2000;
const SEARCH_PAGE = 500;
/** Rows moved by PageUp / PageDown. */
const PAGE_STEP = 15;
/** Fetch the next page of matches when the last visible row is this close to the end. */
const SEARCH_PREFETCH_ROWS = 50;

export const OVERLAY_FILTERS: Array<{ value: Exclude<OverlayFilter, "module">; label: string }> = [
  { value: "all", label: "All" },
  { value: "contested", label: "Contested" },
  { value: "conflicts", label: "Conflicts only" },
  { value: "shadowed", label: "Shadowed only" },
  { value: "dropped", label: "Dropped only" },
];

/** One line of the flattened tree: a path, or a placeholder for a directory's loading, failed or further page. */
export type FlatRow =
  | { kind: "row"; row: OverlayRow; depth: number }
  | { kind: "loading"; dir: string; depth: number }
  | { kind: "more"; dir: string; depth: number; remaining: number }
  | { kind: "error"; dir: string; depth: number; message: string };

/** What a key press did: nothing (let the browser have it), or handled, maybe with a row to scroll into view. */
export type OverlayKeyResult = { handled: false } | { handled: true; scrollTo?: number };

interface PageState {
  data?: OverlayPage;
  error: unknown;
  refetch: () => unknown;
}

function combinePages(results: Array<{ data?: OverlayPage; error: unknown; refetch: () => unknown }>): PageState[] {
  return results.map((r) => ({ data: r.data, error: r.error, refetch: r.refetch }));
}

function ancestorsOf(path: string): string[] {
  const out: string[] = [];
  let i = path.indexOf("/", 1);
  while (i > 0) {
    out.push(path.slice(0, i));
    i = path.indexOf("/", i + 1);
  }
  return out;
}

/**
 * The state behind the overlay view ("who wins each file"): search, filter and selected path in the URL; the
 * expanded directories and how many pages of each are loaded; one query per loaded page (only expanded
 * directories are fetched, so 200,000 paths stay smooth) or the paged search; the tree flattened into rows for a
 * virtual list; the keyboard cursor and what each key does to it. The view renders and scrolls; it owns no data.
 */
export function useOverlayTree({ templateId, preview }: { templateId: string; preview: Preview }) {
  const trpc = useTRPC();
  const { params, set } = useUrlState();
  const search = params.get("q") ?? "";
  const filterParam = params.get("filter") ?? "all";
  const moduleParam = params.get("module") ?? undefined;
  const filter: OverlayFilter = moduleParam ? "module" : OVERLAY_FILTERS.some((f) => f.value === filterParam) ? (filterParam as OverlayFilter) : "all";
  const module = filter === "module" ? moduleParam : undefined;
  const selected = params.get("path");
  // Glob-only and empty compositions have no file list to browse: nothing to fetch.
  const browsable = preview.overlay.mode !== "globs" && preview.overlay.mode !== "empty";

  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set(selected ? ancestorsOf(selected) : []));
  const [pagesByDir, setPagesByDir] = useState<ReadonlyMap<string, number>>(new Map());
  const [active, setActive] = useState(0);
  const [revealed, setRevealed] = useState(false);

  const base = { templateId, filter, module };
  const dirs = useMemo(() => ["", ...[...expanded].sort()], [expanded]);
  const keys = useMemo(() => dirs.flatMap((dir) => Array.from({ length: pagesByDir.get(dir) ?? 1 }, (_, page) => ({ dir, page }))), [dirs, pagesByDir]);
  const treeQueries = useQueries({
    queries:
      search || !browsable
        ? []
        : keys.map(({ dir, page }) =>
            trpc.templates.overlay.queryOptions({ ...base, dir, cursor: page * OVERLAY_PAGE, limit: OVERLAY_PAGE }, { staleTime: 60_000, placeholderData: (p) => p }),
          ),
    // A stable combined result: the flattened tree is rebuilt only when a page arrives, not on every scroll frame.
    combine: combinePages,
  });
  const searchQuery = useInfiniteQuery(
    trpc.templates.overlay.infiniteQueryOptions(
      { ...base, search, limit: SEARCH_PAGE },
      { enabled: browsable && search !== "", getNextPageParam: (last) => last.nextCursor ?? undefined, staleTime: 60_000 },
    ),
  );

  const rows: FlatRow[] = useMemo(() => {
    if (search) return (searchQuery.data?.pages ?? []).flatMap((p) => p.rows.map((row): FlatRow => ({ kind: "row", row, depth: 0 })));
    const pagesOf = new Map<string, PageState[]>();
    keys.forEach(({ dir }, i) => {
      const q = treeQueries[i];
      if (q) pagesOf.set(dir, [...(pagesOf.get(dir) ?? []), q]);
    });
    const out: FlatRow[] = [];
    const walk = (dir: string, depth: number) => {
      const pages = pagesOf.get(dir) ?? [];
      const first = pages[0];
      if (!first?.data) {
        out.push(first?.error ? { kind: "error", dir, depth, message: first.error instanceof Error ? first.error.message : "Could not load" } : { kind: "loading", dir, depth });
        return;
      }
      let last: OverlayPage | undefined;
      for (const p of pages) {
        if (!p.data) break;
        last = p.data;
        for (const row of p.data.rows) {
          out.push({ kind: "row", row, depth });
          if (row.kind === "dir" && expanded.has(row.path)) walk(row.path, depth + 1);
        }
      }
      if (last?.nextCursor != null) out.push({ kind: "more", dir, depth, remaining: last.total - last.nextCursor });
    };
    walk("", 0);
    return out;
  }, [search, searchQuery.data, keys, treeQueries, expanded]);

  const rootPage = search ? searchQuery.data?.pages[0] : treeQueries[0]?.data;
  const fallbackLayers = useMemo(() => preview.layers.map((l) => l.label), [preview.layers]);
  const layers = rootPage?.layers ?? fallbackLayers;

  const toggle = useCallback(
    (path: string) =>
      setExpanded((prev) => {
        const next = new Set(prev);
        if (next.has(path)) next.delete(path);
        else next.add(path);
        return next;
      }),
    [],
  );
  const select = useCallback((path: string) => set({ path }), [set]);
  const loadMore = useCallback((dir: string) => setPagesByDir((prev) => new Map(prev).set(dir, (prev.get(dir) ?? 1) + 1)), []);

  // Row clicks read the rows through a ref, so `open` keeps one identity and memoised rows skip re-rendering.
  const rowsRef = useRef(rows);
  useEffect(() => {
    rowsRef.current = rows;
  }, [rows]);

  /** A click on a row (or Enter / Space on it): expand or collapse a directory, select a file, load more. */
  const open = useCallback(
    (index: number) => {
      const f = rowsRef.current[index];
      setActive(index);
      if (!f) return;
      if (f.kind === "row") {
        if (f.row.kind === "dir") toggle(f.row.path);
        else select(f.row.path);
      } else if (f.kind === "more") loadMore(f.dir);
    },
    [toggle, select, loadMore],
  );

  /** Moves the keyboard cursor; the detail pane follows it through files. Returns the row to scroll to. */
  const moveTo = (index: number): number => {
    const clamped = Math.max(0, Math.min(rows.length - 1, index));
    setActive(clamped);
    const f = rows[clamped];
    if (f?.kind === "row" && f.row.kind === "file") select(f.row.path);
    return clamped;
  };

  /** The tree's keys (WAI-ARIA tree pattern): arrows, Home / End, PageUp / PageDown, Enter / Space. */
  const handleKey = (key: string): OverlayKeyResult => {
    const current = rows[active];
    const move = (index: number): OverlayKeyResult => ({ handled: true, scrollTo: moveTo(index) });
    switch (key) {
      case "ArrowDown":
        return move(active + 1);
      case "ArrowUp":
        return move(active - 1);
      case "Home":
        return move(0);
      case "End":
        return move(rows.length - 1);
      case "PageDown":
        return move(active + PAGE_STEP);
      case "PageUp":
        return move(active - PAGE_STEP);
      case "ArrowRight":
        if (current?.kind === "row" && current.row.kind === "dir") {
          if (!expanded.has(current.row.path)) toggle(current.row.path);
          else return move(active + 1);
        }
        return { handled: true };
      case "ArrowLeft":
        if (current?.kind === "row" && current.row.kind === "dir" && expanded.has(current.row.path)) {
          toggle(current.row.path);
        } else if (current) {
          for (let i = active - 1; i >= 0; i--) {
            const f = rows[i];
            if (f?.kind === "row" && f.depth < current.depth) return move(i);
          }
        }
        return { handled: true };
      case "Enter":
      case " ":
        open(active);
        return { handled: true };
      default:
        return { handled: false };
    }
  };

  /** Infinite search: the view reports the last row it shows, and the next page is fetched as the end nears. */
  const showingUpTo = (lastVisible: number) => {
    if (search && searchQuery.hasNextPage && !searchQuery.isFetchingNextPage && lastVisible >= rows.length - SEARCH_PREFETCH_ROWS) void searchQuery.fetchNextPage();
  };

  // A link to a path (?path=…) reveals it: its ancestors start expanded; once its row is loaded the view scrolls
  // to it, once.
  const pendingReveal = useMemo(() => {
    if (revealed || !selected || search) return null;
    const index = rows.findIndex((f) => f.kind === "row" && f.row.path === selected);
    return index < 0 ? null : index;
  }, [revealed, selected, search, rows]);
  const revealDone = useCallback((index: number) => {
    setRevealed(true);
    setActive(index);
  }, []);

  const setSearch = (value: string) => {
    setActive(0);
    set({ q: value || undefined });
  };
  const showFilter = (value: Exclude<OverlayFilter, "module">) => {
    setActive(0);
    set({ filter: value === "all" ? undefined : value, module: undefined });
  };
  const showModule = (name: string | null) => {
    setActive(0);
    set({ module: name ?? undefined, filter: undefined });
  };

  return {
    browsable,
    search,
    filter,
    /** The module whose paths are shown, when the filter is "module". */
    module,
    selected,
    setSearch,
    showFilter,
    showModule,
    rows,
    layers,
    expanded,
    active,
    open,
    handleKey,
    showingUpTo,
    pendingReveal,
    revealDone,
    loading: search ? searchQuery.isPending : !treeQueries[0]?.data && !treeQueries[0]?.error,
    error: search ? searchQuery.error : treeQueries[0]?.error,
    retry: () => void (search ? searchQuery.refetch() : treeQueries[0]?.refetch()),
    /** Paths matching the search or filter, and all paths of the composition. */
    matching: search ? (searchQuery.data?.pages[0]?.total ?? 0) : (treeQueries[0]?.data?.matchingFiles ?? 0),
    pathCount: rootPage?.pathCount ?? preview.overlay.pathCount,
  };
}
