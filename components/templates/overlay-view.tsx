"use client";

import { useQuery } from "@tanstack/react-query";
import { useVirtualizer } from "@tanstack/react-virtual";
import { ChevronDown, ChevronRight, File, Folder, FolderOpen, ShieldAlert } from "lucide-react";
import { memo, useEffect, useRef, type KeyboardEvent } from "react";
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
import { groupThousands, plural } from "@/server/domain/plural";
import { MIXED_WINNER, NO_WINNER, type PathStory, type Preview } from "./types";
import { OVERLAY_FILTERS, OVERLAY_PAGE, useOverlayTree, type FlatRow } from "./use-overlay-tree";

const ROW_HEIGHT = 28;

/**
 * "Who wins each file": the composed filesystem as a lazily loaded, virtualised tree, a path/glob search, filters,
 * and the full story of the selected path. The tree's state and data live in `useOverlayTree`; this renders them.
 */
export function OverlayView({ templateId, preview }: { templateId: string; preview: Preview }) {
  const tree = useOverlayTree({ templateId, preview });
  const { rows, search, selected, active, pendingReveal, revealDone, showingUpTo } = tree;
  const listRef = useRef<HTMLDivElement | null>(null);
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => listRef.current, estimateSize: () => ROW_HEIGHT, overscan: 24 });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? 0;

  useEffect(() => {
    showingUpTo(lastIndex);
  }, [showingUpTo, lastIndex]);

  useEffect(() => {
    if (pendingReveal === null) return;
    revealDone(pendingReveal);
    virtualizer.scrollToIndex(pendingReveal, { align: "center" });
  }, [pendingReveal, revealDone, virtualizer]);

  if (!tree.browsable) return <GlobOnly preview={preview} />;

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const result = tree.handleKey(e.key);
    if (!result.handled) return;
    e.preventDefault();
    if (result.scrollTo !== undefined) virtualizer.scrollToIndex(result.scrollTo, { align: "auto" });
  };

  return (
    <div className="space-y-3" data-testid="overlay-view">
      <div className="flex flex-wrap items-end gap-2" role="search" aria-label="Filter the overlay">
        <div className="w-80">
          <SearchInput aria-label="Search paths" placeholder="Path or glob, e.g. nginx.conf or /etc/**/*.conf" defaultValue={search} onValueChange={tree.setSearch} />
        </div>
        <div className="flex flex-wrap gap-1" role="group" aria-label="Show">
          {OVERLAY_FILTERS.map((f) => (
            <Button key={f.value} size="sm" variant={tree.filter === f.value ? "secondary" : "ghost"} aria-pressed={tree.filter === f.value} onClick={() => tree.showFilter(f.value)}>
              {f.label}
            </Button>
          ))}
        </div>
        <label className="inline-flex items-center gap-1.5 text-xs">
          <span className="text-muted-foreground">By module</span>
          <NativeSelect size="sm" className="w-44" aria-label="Show paths of module" value={tree.module ?? ""} onChange={(e) => tree.showModule(e.target.value || null)}>
            <option value="">Any module</option>
            {[...preview.layers].reverse().map((l) => (
              <option key={l.label} value={l.label}>
                {l.label}
              </option>
            ))}
          </NativeSelect>
        </label>
        <span className="ml-auto text-xs text-muted-foreground" aria-live="polite">
          {tree.loading ? "Loading…" : `${groupThousands(tree.matching)} of ${plural(tree.pathCount, "path", { thousands: true })}${search ? " match" : ""}`}
        </span>
      </div>

      <div className="grid gap-3 lg:grid-cols-[minmax(0,1fr)_minmax(0,24rem)]">
        <div className="min-w-0 rounded-md border">
          {tree.error ? (
            <ErrorState compact error={tree.error} title="Could not load the overlay" onRetry={tree.retry} />
          ) : tree.loading ? (
            <div className="space-y-1 p-2" aria-busy="true" aria-label="Loading the overlay">
              {Array.from({ length: 10 }, (_, i) => (
                <Skeleton key={i} className="h-6 w-full" />
              ))}
            </div>
          ) : rows.length === 0 ? (
            <p className="p-6 text-center text-sm text-muted-foreground">{search ? "No path matches this search." : "No path matches this filter."}</p>
          ) : (
            <div
              ref={listRef}
              className="group h-[560px] overflow-auto focus-visible:outline-2 focus-visible:-outline-offset-2"
              role={search ? "listbox" : "tree"}
              aria-label={search ? "Matching paths" : "Composed filesystem"}
              tabIndex={0}
              aria-activedescendant={rows[active] ? `ov-${active}` : undefined}
              onKeyDown={onKeyDown}
              data-testid="overlay-tree"
            >
              <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
                {items.map((item) => {
                  const f = rows[item.index]!;
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
                        layers={tree.layers}
                        active={item.index === active}
                        selected={f.kind === "row" && f.row.path === selected}
                        expanded={f.kind === "row" && tree.expanded.has(f.row.path)}
                        onRowClick={tree.open}
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
      <LayerCounts preview={preview} activeModule={tree.module ?? null} onPick={tree.showModule} />
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
        Load {groupThousands(Math.min(OVERLAY_PAGE, f.remaining))} more of {groupThousands(f.remaining)}…
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
