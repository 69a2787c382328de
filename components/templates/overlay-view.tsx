"use client";

import { useInfiniteQuery, useQueries, useQuery } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { ChevronDown, ChevronRight, File, Folder, FolderOpen, ShieldAlert } from "lucide-react";
import { memo, useCallback, useEffect, useMemo, useRef, useState, type KeyboardEvent } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ErrorState } from "@/components/ui/error-state";
import { ModuleChip } from "@/components/ui/module-chip";
import { moduleColor } from "@/components/ui/module-color";
import { SearchInput } from "@/components/ui/search-input";
import { NativeSelect } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { useUrlState } from "@/components/ui/use-url-state";
import { groupThousands, plural } from "@/server/domain/plural";
import { MIXED_WINNER, NO_WINNER, type OverlayFilter, type OverlayPage, type OverlayRow, type PathStory, type Preview } from "./types";

const PAGE = 2000;
const ROW_HEIGHT = 28;

const FILTERS: Array<{ value: Exclude<OverlayFilter, "module">; label: string }> = [
  { value: "all", label: "All" },
  { value: "contested", label: "Contested" },
  { value: "conflicts", label: "Conflicts only" },
  { value: "shadowed", label: "Shadowed only" },
  { value: "dropped", label: "Dropped only" },
];

interface PageState {
  data?: OverlayPage;
  error: unknown;
  refetch: () => unknown;
}

function combinePages(results: Array<{ data?: OverlayPage; error: unknown; refetch: () => unknown }>): PageState[] {
  return results.map((r) => ({ data: r.data, error: r.error, refetch: r.refetch }));
}

type FlatRow =
  | { kind: "row"; row: OverlayRow; depth: number }
  | { kind: "loading"; dir: string; depth: number }
  | { kind: "more"; dir: string; depth: number; remaining: number }
  | { kind: "error"; dir: string; depth: number; message: string };

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
 * "Who wins each file": the composed filesystem as a lazily loaded, virtualised tree (only expanded directories
 * are fetched and materialised, so 200,000 paths stay smooth), a path/glob search, filters, and the full story
 * of the selected path.
 */
export function OverlayView({ templateId, preview }: { templateId: string; preview: Preview }) {
  const trpc = useTRPC();
  const { params, set } = useUrlState();
  const search = params.get("q") ?? "";
  const filterParam = params.get("filter") ?? "all";
  const module = params.get("module") ?? undefined;
  const filter: OverlayFilter = module ? "module" : FILTERS.some((f) => f.value === filterParam) ? (filterParam as OverlayFilter) : "all";
  const selected = params.get("path");
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set(selected ? ancestorsOf(selected) : []));
  const [pagesByDir, setPagesByDir] = useState<ReadonlyMap<string, number>>(new Map());
  const [active, setActive] = useState(0);
  const listRef = useRef<HTMLDivElement | null>(null);

  const base = { templateId, filter, module: filter === "module" ? module : undefined };
  const dirs = useMemo(() => ["", ...[...expanded].sort()], [expanded]);
  const keys = useMemo(() => dirs.flatMap((dir) => Array.from({ length: pagesByDir.get(dir) ?? 1 }, (_, page) => ({ dir, page }))), [dirs, pagesByDir]);
  const treeQueries = useQueries({
    queries: search
      ? []
      : keys.map(({ dir, page }) =>
          trpc.templates.overlay.queryOptions({ ...base, dir, cursor: page * PAGE, limit: PAGE }, { staleTime: 60_000, placeholderData: (p) => p }),
        ),
    // A stable combined result: the flattened tree is rebuilt only when a page arrives, not on every scroll frame.
    combine: combinePages,
  });
  const searchQuery = useInfiniteQuery(
    trpc.templates.overlay.infiniteQueryOptions(
      { ...base, search, limit: 500 },
      { enabled: search !== "", getNextPageParam: (last) => last.nextCursor ?? undefined, staleTime: 60_000 },
    ),
  );

  const flat: FlatRow[] = useMemo(() => {
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

  const virtualizer = useVirtualizer({ count: flat.length, getScrollElement: () => listRef.current, estimateSize: () => ROW_HEIGHT, overscan: 24 });

  // Infinite search: fetch the next page as the end comes into view.
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;
  useEffect(() => {
    if (search && searchQuery.hasNextPage && !searchQuery.isFetchingNextPage && lastIndex >= flat.length - 50) void searchQuery.fetchNextPage();
  }, [search, searchQuery, lastIndex, flat.length]);

  const toggle = (path: string) =>
    setExpanded((prev) => {
      const next = new Set(prev);
      if (next.has(path)) next.delete(path);
      else next.add(path);
      return next;
    });
  const select = (path: string) => set({ path });
  const loadMore = (dir: string) => setPagesByDir((prev) => new Map(prev).set(dir, (prev.get(dir) ?? 1) + 1));

  const flatRef = useRef(flat);
  flatRef.current = flat;
  const onRowClick = useCallback(
    (index: number) => {
      const f = flatRef.current[index];
      setActive(index);
      if (!f) return;
      if (f.kind === "row") {
        if (f.row.kind === "dir") toggle(f.row.path);
        else select(f.row.path);
      } else if (f.kind === "more") loadMore(f.dir);
    },
    // toggle/select/loadMore only close over setters and the URL writer.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [set],
  );

  const activate = (index: number) => {
    const clamped = Math.max(0, Math.min(flat.length - 1, index));
    setActive(clamped);
    virtualizer.scrollToIndex(clamped, { align: "auto" });
    const f = flat[clamped];
    // The detail pane follows the keyboard through files.
    if (f?.kind === "row" && f.row.kind === "file") select(f.row.path);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const current = flat[active];
    switch (e.key) {
      case "ArrowDown":
        activate(active + 1);
        break;
      case "ArrowUp":
        activate(active - 1);
        break;
      case "Home":
        activate(0);
        break;
      case "End":
        activate(flat.length - 1);
        break;
      case "PageDown":
        activate(active + 15);
        break;
      case "PageUp":
        activate(active - 15);
        break;
      case "ArrowRight":
        if (current?.kind === "row" && current.row.kind === "dir") {
          if (!expanded.has(current.row.path)) toggle(current.row.path);
          else activate(active + 1);
        }
        break;
      case "ArrowLeft": {
        if (current?.kind === "row" && current.row.kind === "dir" && expanded.has(current.row.path)) {
          toggle(current.row.path);
        } else if (current) {
          for (let i = active - 1; i >= 0; i--) {
            const f = flat[i];
            if (f?.kind === "row" && f.depth < current.depth) {
              activate(i);
              break;
            }
          }
        }
        break;
      }
      case "Enter":
      case " ":
        if (current?.kind === "row") {
          if (current.row.kind === "dir") toggle(current.row.path);
          else select(current.row.path);
        } else if (current?.kind === "more") loadMore(current.dir);
        break;
      default:
        return;
    }
    e.preventDefault();
  };

  // Opening a link to a path (?path=…) reveals it: its ancestors are expanded above; scroll to it once loaded.
  const revealed = useRef(false);
  useEffect(() => {
    if (revealed.current || !selected || search) return;
    const index = flat.findIndex((f) => f.kind === "row" && f.row.path === selected);
    if (index < 0) return;
    revealed.current = true;
    setActive(index);
    virtualizer.scrollToIndex(index, { align: "center" });
  }, [flat, selected, search, virtualizer]);

  const error = search ? searchQuery.error : treeQueries[0]?.error;
  const loading = search ? searchQuery.isPending : !treeQueries[0]?.data && !treeQueries[0]?.error;
  const matching = search ? (searchQuery.data?.pages[0]?.total ?? 0) : (treeQueries[0]?.data?.matchingFiles ?? 0);

  if (preview.overlay.mode === "globs" || preview.overlay.mode === "empty") {
    return <GlobOnly preview={preview} />;
  }

  return (
    <div className="space-y-3" data-testid="overlay-view">
      <div className="flex flex-wrap items-end gap-2" role="search" aria-label="Filter the overlay">
        <div className="w-80">
          <SearchInput
            aria-label="Search paths"
            placeholder="Path or glob, e.g. nginx.conf or /etc/**/*.conf"
            defaultValue={search}
            onValueChange={(value) => {
              setActive(0);
              set({ q: value || undefined });
            }}
          />
        </div>
        <div className="flex flex-wrap gap-1" role="group" aria-label="Show">
          {FILTERS.map((f) => (
            <Button
              key={f.value}
              size="sm"
              variant={filter === f.value ? "secondary" : "ghost"}
              aria-pressed={filter === f.value}
              onClick={() => {
                setActive(0);
                set({ filter: f.value === "all" ? undefined : f.value, module: undefined });
              }}
            >
              {f.label}
            </Button>
          ))}
        </div>
        <label className="inline-flex items-center gap-1.5 text-xs">
          <span className="text-muted-foreground">By module</span>
          <NativeSelect size="sm" className="w-44" aria-label="Show paths of module" value={filter === "module" ? (module ?? "") : ""} onChange={(e) => set({ module: e.target.value || undefined, filter: undefined })}>
            <option value="">Any module</option>
            {[...preview.layers].reverse().map((l) => (
              <option key={l.label} value={l.label}>
                {l.label}
              </option>
            ))}
          </NativeSelect>
        </label>
        <span className="ml-auto text-xs text-muted-foreground" aria-live="polite">
          {loading ? "Loading…" : `${groupThousands(matching)} of ${plural(rootPage?.pathCount ?? preview.overlay.pathCount, "path", { thousands: true })}${search ? " match" : ""}`}
        </span>
      </div>

      <div className="grid gap-3 lg:grid-cols-[minmax(0,1fr)_minmax(0,24rem)]">
        <div className="min-w-0 rounded-md border">
          {error ? (
            <ErrorState compact error={error} title="Could not load the overlay" onRetry={() => (search ? void searchQuery.refetch() : void treeQueries[0]?.refetch())} />
          ) : loading ? (
            <div className="space-y-1 p-2" aria-busy="true" aria-label="Loading the overlay">
              {Array.from({ length: 10 }, (_, i) => (
                <Skeleton key={i} className="h-6 w-full" />
              ))}
            </div>
          ) : flat.length === 0 ? (
            <p className="p-6 text-center text-sm text-muted-foreground">{search ? "No path matches this search." : "No path matches this filter."}</p>
          ) : (
            <div
              ref={listRef}
              className="group h-[560px] overflow-auto focus-visible:outline-2 focus-visible:-outline-offset-2"
              role={search ? "listbox" : "tree"}
              aria-label={search ? "Matching paths" : "Composed filesystem"}
              tabIndex={0}
              aria-activedescendant={flat[active] ? `ov-${active}` : undefined}
              onKeyDown={onKeyDown}
              data-testid="overlay-tree"
            >
              <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
                {items.map((item) => {
                  const f = flat[item.index]!;
                  return (
                    <div
                      key={item.key}
                      id={`ov-${item.index}`}
                      style={{ position: "absolute", top: 0, left: 0, right: 0, height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                    >
                      <TreeRow
                        f={f}
                        index={item.index}
                        search={search !== ""}
                        layers={layers}
                        active={item.index === active}
                        selected={f.kind === "row" && f.row.path === selected}
                        expanded={f.kind === "row" && expanded.has(f.row.path)}
                        onRowClick={onRowClick}
                      />
                    </div>
                  );
                })}
              </div>
            </div>
          )}
        </div>
        <PathDetail templateId={templateId} path={selected} />
      </div>
      <LayerCounts preview={preview} activeModule={filter === "module" ? (module ?? null) : null} onPick={(m) => set({ module: m ?? undefined, filter: undefined })} />
      {preview.overlay.globOverlapCount > 0 ? (
        <div className="space-y-1">
          <h3 className="text-xs font-semibold">Glob-level overlaps (layers without a known file list)</h3>
          <GlobOverlaps preview={preview} />
        </div>
      ) : null}
    </div>
  );
}

function WinnerBar({ winner, layers }: { winner: number; layers: readonly string[] }) {
  if (winner >= 0) return <span aria-hidden className="absolute inset-y-1 left-0 w-1 rounded-r" style={{ backgroundColor: moduleColor(layers[winner] ?? "").solid }} />;
  if (winner === MIXED_WINNER)
    return <span aria-hidden className="absolute inset-y-1 left-0 w-1 rounded-r bg-[repeating-linear-gradient(180deg,var(--muted-foreground)_0_3px,transparent_3px_6px)]" />;
  return null;
}

const TreeRow = memo(function TreeRow({
  f,
  index,
  search,
  layers,
  active,
  selected,
  expanded,
  onRowClick,
}: {
  f: FlatRow;
  index: number;
  search: boolean;
  layers: readonly string[];
  active: boolean;
  selected: boolean;
  expanded: boolean;
  onRowClick: (index: number) => void;
}) {
  const onClick = () => onRowClick(index);
  const indent = { paddingLeft: 8 + f.depth * 16 };
  // The keyboard cursor shows while the tree has focus; the selected file always shows.
  const base = cn(
    "relative flex h-full w-full cursor-pointer items-center gap-1.5 pr-2 text-left text-xs select-none hover:bg-muted/60",
    active && "group-focus-visible:bg-accent group-focus-visible:outline-1 group-focus-visible:outline-ring",
    selected && "bg-accent font-medium",
  );
  if (f.kind === "loading") {
    return (
      <div className="flex h-full items-center text-xs text-muted-foreground" style={indent} role="treeitem" aria-selected={false} aria-level={f.depth + 1}>
        Loading…
      </div>
    );
  }
  if (f.kind === "error") {
    return (
      <div className="flex h-full items-center text-xs text-error" style={indent} role="treeitem" aria-selected={false} aria-level={f.depth + 1}>
        {f.message}
      </div>
    );
  }
  if (f.kind === "more") {
    return (
      <div className={cn(base, "text-muted-foreground underline")} style={indent} onClick={onClick} role="treeitem" aria-selected={false} aria-level={f.depth + 1}>
        Load {Math.min(PAGE, f.remaining).toLocaleString()} more of {f.remaining.toLocaleString()}…
      </div>
    );
  }
  const row = f.row;
  if (row.kind === "dir") {
    const winner = row.winner >= 0 ? layers[row.winner] : null;
    return (
      <div
        className={base}
        style={indent}
        onClick={onClick}
        role="treeitem"
        aria-level={f.depth + 1}
        aria-expanded={expanded}
        aria-selected={selected}
        data-path={row.path}
        data-testid="overlay-dir"
      >
        <WinnerBar winner={row.winner} layers={layers} />
        {expanded ? <ChevronDown aria-hidden className="size-3.5 shrink-0" /> : <ChevronRight aria-hidden className="size-3.5 shrink-0" />}
        {expanded ? <FolderOpen aria-hidden className="size-3.5 shrink-0 text-muted-foreground" /> : <Folder aria-hidden className="size-3.5 shrink-0 text-muted-foreground" />}
        <span className="truncate font-mono">{row.name}</span>
        <span className="text-muted-foreground tabular-nums">{row.files.toLocaleString()}</span>
        {row.contested ? (
          <Badge variant="outline" className="h-4 px-1 text-[10px]">
            {row.contested.toLocaleString()} contested
          </Badge>
        ) : null}
        <span className="ml-auto">{winner ? <ModuleChip name={winner} variant="dot" /> : row.winner === MIXED_WINNER ? <span className="text-muted-foreground">mixed</span> : null}</span>
      </div>
    );
  }
  const winner = row.winner !== NO_WINNER ? layers[row.winner] : null;
  return (
    <div
      className={base}
      style={indent}
      onClick={onClick}
      role={search ? "option" : "treeitem"}
      aria-level={search ? undefined : f.depth + 1}
      aria-selected={selected}
      data-path={row.path}
      data-testid="overlay-file"
    >
      <WinnerBar winner={row.winner} layers={layers} />
      {search ? null : <span className="w-3.5 shrink-0" />}
      <File aria-hidden className="size-3.5 shrink-0 text-muted-foreground" />
      <span className="truncate font-mono">{search ? row.path : row.name}</span>
      {row.shadowed ? (
        <Badge variant="outline" className="h-4 shrink-0 px-1 text-[10px]">
          shadows {row.shadowed}
        </Badge>
      ) : null}
      {row.dropped ? (
        <Badge variant="conflict" className="h-4 shrink-0 px-1 text-[10px]">
          {row.dropped} dropped
        </Badge>
      ) : null}
      {row.conflict ? (
        <Badge variant="conflict" className="h-4 shrink-0 px-1 text-[10px]">
          <ShieldAlert aria-hidden /> protected twice
        </Badge>
      ) : null}
      <span className="ml-auto shrink-0">{winner ? <ModuleChip name={winner} variant="dot" /> : <span className="text-muted-foreground">nobody ships it</span>}</span>
    </div>
  );
});

const DROP_TEXT: Record<string, string> = {
  protected: "protected by",
  protected_conflict: "protected by two modules, including",
  mask: "masked by its own mask",
  outside_file_spec: "listed but outside its file_spec",
};

function LayerLine({ r, role }: { r: PathStory["shadowed"][number]; role?: string }) {
  return (
    <li className="flex flex-wrap items-center gap-1.5">
      <ModuleChip name={r.module} />
      {r.version ? <span className="font-mono text-xs">{r.version}</span> : null}
      <span className="text-xs text-muted-foreground">priority {r.effectivePriority}</span>
      {r.fileSpecGlob ? (
        <span className="text-xs text-muted-foreground">
          via <code className="font-mono text-foreground">{r.fileSpecGlob}</code>
        </span>
      ) : null}
      {role ? <span className="text-xs text-muted-foreground">{role}</span> : null}
    </li>
  );
}

function PathDetail({ templateId, path }: { templateId: string; path: string | null }) {
  const trpc = useTRPC();
  const story = useQuery(trpc.templates.overlayPath.queryOptions({ templateId, path: path ?? "/" }, { enabled: path !== null, staleTime: 60_000, placeholderData: (p) => p }));
  return (
    <aside className="min-w-0 space-y-3 rounded-md border p-3 text-sm" aria-label="Path details" aria-live="polite" data-testid="path-detail">
      {path === null ? (
        <p className="text-xs text-muted-foreground">Select a file to see which module wins it, what it shadows, and which copies were dropped and why.</p>
      ) : story.isError ? (
        <ErrorState compact error={story.error} onRetry={() => void story.refetch()} />
      ) : !story.data ? (
        <Skeleton className="h-24 w-full" />
      ) : (
        <>
          <div className="font-mono text-xs break-all" data-testid="detail-path">
            {story.data.path}
          </div>
          {!story.data.listed ? (
            <div className="space-y-1.5">
              <p className="text-xs text-muted-foreground">No layer&apos;s file list contains this path.</p>
              {story.data.selectedBy.length ? (
                <>
                  <div className="text-xs font-medium">Layers whose file_spec selects it (top first)</div>
                  <ul className="space-y-1">
                    {story.data.selectedBy.map((r) => (
                      <LayerLine key={r.module} r={r} />
                    ))}
                  </ul>
                </>
              ) : null}
            </div>
          ) : (
            <>
              <section className="space-y-1">
                <h3 className="text-xs font-semibold">Winner</h3>
                {story.data.winner ? (
                  <ul data-testid="detail-winner">
                    <LayerLine r={story.data.winner} />
                  </ul>
                ) : (
                  <p className="text-xs text-conflict">Nobody ships this path{story.data.protectors ? `: ${story.data.protectors.join(" and ")} both protect it` : ""}.</p>
                )}
              </section>
              <section className="space-y-1">
                <h3 className="text-xs font-semibold">Shadowed ({story.data.shadowed.length})</h3>
                {story.data.shadowed.length ? (
                  <ul className="space-y-1" data-testid="detail-shadowed">
                    {story.data.shadowed.map((r) => (
                      <LayerLine key={r.module} r={r} />
                    ))}
                  </ul>
                ) : (
                  <p className="text-xs text-muted-foreground">No lower layer ships it.</p>
                )}
              </section>
              <section className="space-y-1">
                <h3 className="text-xs font-semibold">Dropped copies ({story.data.dropped.length})</h3>
                {story.data.dropped.length ? (
                  <ul className="space-y-1.5" data-testid="detail-dropped">
                    {story.data.dropped.map((d, i) => (
                      <li key={`${d.module}-${i}`} className="flex flex-wrap items-center gap-1.5 text-xs">
                        <ModuleChip name={d.module} />
                        <span className="text-muted-foreground">{DROP_TEXT[d.reason] ?? d.reason}</span>
                        {d.byModule ? <ModuleChip name={d.byModule} /> : null}
                        {d.glob ? (
                          <span className="text-muted-foreground">
                            glob <code className="font-mono text-foreground">{d.glob}</code>
                          </span>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="text-xs text-muted-foreground">No copy was dropped.</p>
                )}
              </section>
            </>
          )}
        </>
      )}
    </aside>
  );
}

function LayerCounts({ preview, activeModule, onPick }: { preview: Preview; activeModule: string | null; onPick: (module: string | null) => void }) {
  const rows = [...preview.layers].reverse();
  return (
    <div className="space-y-1">
      <h3 className="text-xs font-semibold">Per layer</h3>
      <Table aria-label="Files per layer">
        <TableHeader sticky={false}>
          <TableRow>
            <TableHead>Layer (top wins)</TableHead>
            <TableHead align="right">Priority</TableHead>
            <TableHead align="right">Shipped</TableHead>
            <TableHead align="right">Winning</TableHead>
            <TableHead align="right">Shadowed</TableHead>
            <TableHead align="right">Dropped</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((l) => {
            const c = l.counts;
            const dropped = c.droppedByMask + c.droppedByProtection + c.droppedByConflict + c.outsideFileSpec;
            return (
              <TableRow key={l.label} className={cn(activeModule === l.label && "bg-accent")} data-testid="layer-counts-row">
                <TableCell>
                  <button type="button" className="rounded" onClick={() => onPick(activeModule === l.label ? null : l.label)} aria-pressed={activeModule === l.label} title="Show only this module's paths">
                    <ModuleChip name={l.label} />
                  </button>
                </TableCell>
                <TableCell align="right" className="font-mono tabular-nums">
                  {l.effectivePriority}
                </TableCell>
                {l.filesKnown ? (
                  <>
                    <TableCell align="right" className="tabular-nums">
                      {c.shipped.toLocaleString()}
                    </TableCell>
                    <TableCell align="right" className="tabular-nums">
                      {c.winning.toLocaleString()}
                    </TableCell>
                    <TableCell align="right" className="tabular-nums">
                      {c.shadowed.toLocaleString()}
                    </TableCell>
                    <TableCell
                      align="right"
                      className="tabular-nums"
                      title={`mask ${c.droppedByMask}, protection ${c.droppedByProtection}, protected twice ${c.droppedByConflict}, outside file_spec ${c.outsideFileSpec}`}
                    >
                      {dropped.toLocaleString()}
                    </TableCell>
                  </>
                ) : (
                  <TableCell colSpan={4} className="text-xs text-muted-foreground">
                    files unknown (globs only)
                  </TableCell>
                )}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </div>
  );
}

function GlobOnly({ preview }: { preview: Preview }) {
  return (
    <div className="space-y-2" data-testid="overlay-view">
      <p className="text-sm text-muted-foreground">
        {preview.overlay.mode === "empty"
          ? "No layer ships any file yet. Add modules to see the composed filesystem."
          : "No layer has a known file list (no pinned or live version with files), so the overlay is glob-level: where the layers' globs may overlap."}
      </p>
      <GlobOverlaps preview={preview} />
    </div>
  );
}

/** Glob-level findings for layers whose file lists are unknown (draft manifests). */
function GlobOverlaps({ preview }: { preview: Preview }) {
  const overlaps = preview.overlay.globOverlaps;
  return (
    <>
      {overlaps.length ? (
        <Table aria-label="Glob-level overlaps">
          <TableHeader sticky={false}>
            <TableRow>
              <TableHead>Kind</TableHead>
              <TableHead>Lower</TableHead>
              <TableHead>Higher</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {overlaps.map((g, i) => (
              <TableRow key={i}>
                <TableCell>
                  <Badge variant={g.kind === "shadow" ? (g.ambiguous ? "warning" : "outline") : "conflict"}>{g.kind.replace("_", " ")}</Badge>
                </TableCell>
                <TableCell>
                  <ModuleChip name={g.moduleA} /> <code className="font-mono text-xs">{g.globA}</code>
                </TableCell>
                <TableCell>
                  <ModuleChip name={g.moduleB} /> <code className="font-mono text-xs">{g.globB}</code>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ) : null}
      {preview.overlay.globOverlapCount > overlaps.length ? <p className="text-xs text-muted-foreground">… and {preview.overlay.globOverlapCount - overlaps.length} more.</p> : null}
    </>
  );
}
