/**
 * Serving a large overlay (200,000+ paths) in small pieces: the children of one directory for a lazily
 * expanded tree, a flat path search (substring or glob), per-directory aggregates for filters, and the full
 * story of one path. Pure and isomorphic; the service builds one index per cached composition and answers
 * every tree request from it, so a request costs O(rows returned) once the index exists.
 */
import { parseGlob } from "../glob";
import { lookupPath, pathId, type NamedDrop } from "./overlay";
import type { ComposeResult, Layer } from "./types";

type Result = Pick<ComposeResult, "layers" | "overlay">;

/** A directory's winner summary: a layer index when every file below is won by that layer, else MIXED / NONE. */
export const MIXED = -2;
export const NONE = -1;

export interface DirAggregate {
  /** Files in the subtree (matching the filter, for filtered aggregates). */
  files: number;
  /** Of those, contested ones (shadowed, dropped or protected by two layers). */
  contested: number;
  /** The layer that wins every file of the subtree, MIXED, or NONE when nobody ships any of them. */
  winner: number;
}

export interface OverlayIndex {
  readonly result: Result;
  /** Directory → its child directories (full paths), sorted. Root is `""`. */
  readonly childDirs: ReadonlyMap<string, readonly string[]>;
  /** Directory → ids of the files directly in it, sorted by path. */
  readonly dirFiles: ReadonlyMap<string, readonly number[]>;
  /** Every directory, children before parents (for bottom-up aggregation). */
  readonly bottomUp: readonly string[];
  /** Unfiltered aggregates. */
  readonly totals: ReadonlyMap<string, DirAggregate>;
  /** Filtered aggregates, computed on demand and kept per filter key. */
  readonly filtered: Map<string, ReadonlyMap<string, DirAggregate>>;
  /** Path ids sorted by path, computed on first search. */
  sortedIds: Int32Array | null;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function parentOf(dir: string): string {
  return dir.slice(0, dir.lastIndexOf("/"));
}

function isContested(result: Result, id: number): boolean {
  return result.overlay.details.has(id);
}

function mergeWinner(a: number | undefined, b: number): number {
  if (a === undefined) return b;
  return a === b ? a : MIXED;
}

function aggregate(index: Omit<OverlayIndex, "totals" | "filtered" | "sortedIds">, match: ((id: number) => boolean) | null): Map<string, DirAggregate> {
  const out = new Map<string, DirAggregate>();
  const winners = index.result.overlay.winner;
  for (const dir of index.bottomUp) {
    let files = 0;
    let contested = 0;
    let winner: number | undefined;
    for (const id of index.dirFiles.get(dir) ?? []) {
      if (match !== null && !match(id)) continue;
      files++;
      if (isContested(index.result, id)) contested++;
      winner = mergeWinner(winner, winners[id] ?? NONE);
    }
    for (const child of index.childDirs.get(dir) ?? []) {
      const c = out.get(child);
      if (c === undefined || c.files === 0) continue;
      files += c.files;
      contested += c.contested;
      winner = mergeWinner(winner, c.winner);
    }
    out.set(dir, { files, contested, winner: winner ?? NONE });
  }
  return out;
}

/** O(paths + directories). Built once per composition and reused by every tree request. */
export function buildOverlayIndex(result: Result): OverlayIndex {
  const o = result.overlay;
  const children = new Map<string, Set<string>>();
  const files = new Map<string, number[]>();
  const ensureDir = (dir: string): void => {
    if (children.has(dir)) return;
    children.set(dir, new Set());
    if (dir !== "") {
      const parent = parentOf(dir);
      ensureDir(parent);
      children.get(parent)!.add(dir);
    }
  };
  ensureDir("");
  for (const [dir, rec] of o.directories) {
    ensureDir(dir);
    if (rec.files !== null && rec.files.size > 0) files.set(dir, [...rec.files.values()]);
  }
  const childDirs = new Map<string, string[]>();
  for (const [dir, set] of children) childDirs.set(dir, [...set].sort(cmp));
  for (const list of files.values()) list.sort((x, y) => cmp(o.paths[x]!, o.paths[y]!));
  const depth = (d: string): number => {
    let n = 0;
    for (let i = 0; i < d.length; i++) if (d.charCodeAt(i) === 47) n++;
    return n;
  };
  const bottomUp = [...childDirs.keys()].map((d) => [depth(d), d] as const).sort((a, b) => b[0] - a[0]).map(([, d]) => d);
  const base = { result, childDirs, dirFiles: files, bottomUp };
  return { ...base, totals: aggregate(base, null), filtered: new Map(), sortedIds: null };
}

export type OverlayFilterKind = "all" | "contested" | "conflicts" | "shadowed" | "dropped" | "module";

/**
 * The predicate for a filter. `module` matches paths the module is involved in: it wins them, is shadowed on
 * them, was dropped from them, or protects them in a conflict. Unknown module → matches nothing.
 */
export function overlayPredicate(result: Result, filter: OverlayFilterKind, module?: string): ((id: number) => boolean) | null {
  const o = result.overlay;
  switch (filter) {
    case "all":
      return null;
    case "contested":
      return (id) => o.details.has(id);
    case "conflicts":
      return (id) => (o.details.get(id)?.protectors ?? null) !== null;
    case "shadowed":
      return (id) => (o.details.get(id)?.shadowed.length ?? 0) > 0;
    case "dropped":
      return (id) => (o.details.get(id)?.dropped.length ?? 0) > 0;
    case "module": {
      const layer = result.layers.find((l) => l.label === module || l.name === module)?.index;
      if (layer === undefined) return () => false;
      return (id) => {
        if (o.winner[id] === layer) return true;
        const d = o.details.get(id);
        if (d === undefined) return false;
        return d.shadowed.includes(layer) || d.dropped.some((r) => r.layer === layer) || (d.protectors?.includes(layer) ?? false);
      };
    }
  }
}

function aggregatesFor(index: OverlayIndex, filter: OverlayFilterKind, module: string | undefined): ReadonlyMap<string, DirAggregate> {
  const pred = overlayPredicate(index.result, filter, module);
  if (pred === null) return index.totals;
  const key = filter === "module" ? `module:${module ?? ""}` : filter;
  let agg = index.filtered.get(key);
  if (agg === undefined) {
    agg = aggregate(index, pred);
    // A handful of filters per composition at most; keep the newest few.
    if (index.filtered.size >= 8) index.filtered.delete(index.filtered.keys().next().value!);
    index.filtered.set(key, agg);
  }
  return agg;
}

export interface FileRow {
  kind: "file";
  path: string;
  name: string;
  /** Winning layer index, -1 when nobody ships it. */
  winner: number;
  shadowed: number;
  dropped: number;
  conflict: boolean;
}

export interface DirRow {
  kind: "dir";
  path: string;
  name: string;
  /** Files below it (matching the filter). */
  files: number;
  contested: number;
  /** Layer index when one layer wins every file below, MIXED (-2) or NONE (-1). */
  winner: number;
}

export type OverlayRow = FileRow | DirRow;

export function fileRow(result: Result, id: number): FileRow {
  const o = result.overlay;
  const path = o.paths[id]!;
  const d = o.details.get(id);
  return {
    kind: "file",
    path,
    name: path.slice(path.lastIndexOf("/") + 1),
    winner: o.winner[id] ?? NONE,
    shadowed: d?.shadowed.length ?? 0,
    dropped: d?.dropped.length ?? 0,
    conflict: (d?.protectors ?? null) !== null,
  };
}

export interface OverlayPage {
  rows: OverlayRow[];
  /** Rows in the whole listing (all pages). */
  total: number;
  /** Cursor of the next page, null at the end. */
  nextCursor: number | null;
  /** Files matching the filter under the listed directory (or in the whole search). */
  matchingFiles: number;
}

export function normalizeDir(dir: string): string {
  const trimmed = dir.replace(/\/+$/, "");
  return trimmed === "" ? "" : trimmed.startsWith("/") ? trimmed : `/${trimmed}`;
}

/** The children of one directory (directories first, then files, each sorted), filtered and paged. */
export function listChildren(
  index: OverlayIndex,
  args: { dir: string; filter?: OverlayFilterKind; module?: string; cursor?: number; limit: number },
): OverlayPage {
  const dir = normalizeDir(args.dir);
  const filter = args.filter ?? "all";
  const agg = aggregatesFor(index, filter, args.module);
  const pred = overlayPredicate(index.result, filter, args.module);
  const dirs: DirRow[] = [];
  for (const child of index.childDirs.get(dir) ?? []) {
    const a = agg.get(child);
    if (a === undefined || a.files === 0) continue;
    dirs.push({ kind: "dir", path: child, name: child.slice(child.lastIndexOf("/") + 1), files: a.files, contested: a.contested, winner: a.winner });
  }
  const fileIds = index.dirFiles.get(dir) ?? [];
  const files = pred === null ? fileIds : fileIds.filter(pred);
  const total = dirs.length + files.length;
  const cursor = Math.max(0, args.cursor ?? 0);
  const end = Math.min(total, cursor + args.limit);
  const rows: OverlayRow[] = [];
  for (let i = cursor; i < end; i++) rows.push(i < dirs.length ? dirs[i]! : fileRow(index.result, files[i - dirs.length]!));
  return { rows, total, nextCursor: end < total ? end : null, matchingFiles: agg.get(dir)?.files ?? 0 };
}

/** A search is a glob when it uses glob syntax; otherwise a case-insensitive substring of the path. */
export function isGlobSearch(query: string): boolean {
  return /[*?[]/.test(query);
}

function sortedIds(index: OverlayIndex): Int32Array {
  if (index.sortedIds === null) {
    const o = index.result.overlay;
    const ids = Int32Array.from({ length: o.pathCount }, (_, i) => i);
    ids.sort((x, y) => cmp(o.paths[x]!, o.paths[y]!));
    index.sortedIds = ids;
  }
  return index.sortedIds;
}

/** Paths matching a search and a filter, sorted by path, paged. */
export function searchPaths(
  index: OverlayIndex,
  args: { query: string; filter?: OverlayFilterKind; module?: string; cursor?: number; limit: number },
): OverlayPage & { mode: "glob" | "substring" } {
  const o = index.result.overlay;
  const pred = overlayPredicate(index.result, args.filter ?? "all", args.module);
  // A query the glob engine rejects (an unclosed [, say) is searched for as text.
  const compiled = isGlobSearch(args.query) ? parseGlob(args.query).glob : null;
  const glob = compiled !== null;
  let test: (path: string) => boolean;
  if (compiled !== null) {
    test = (p) => compiled.covers(p);
  } else {
    const needle = args.query.toLowerCase();
    test = (p) => p.toLowerCase().includes(needle);
  }
  const cursor = Math.max(0, args.cursor ?? 0);
  const rows: OverlayRow[] = [];
  let total = 0;
  for (const id of sortedIds(index)) {
    if (pred !== null && !pred(id)) continue;
    if (!test(o.paths[id]!)) continue;
    if (total >= cursor && rows.length < args.limit) rows.push(fileRow(index.result, id));
    total++;
  }
  const end = cursor + rows.length;
  return { rows, total, nextCursor: end < total ? end : null, matchingFiles: total, mode: glob ? "glob" : "substring" };
}

export interface PathLayerRef {
  layer: number;
  module: string;
  version: string | null;
  effectivePriority: number;
  /** The layer's file_spec glob that selects the path. */
  fileSpecGlob: string | null;
}

export interface PathStory {
  path: string;
  /** False when no file list contains the path (then `selectedBy` says which layers' globs would ship it). */
  listed: boolean;
  winner: PathLayerRef | null;
  /** Layers whose copy the winner shadows, highest first (the order an operator reads a stack). */
  shadowed: PathLayerRef[];
  dropped: Array<NamedDrop & { layer: number; version: string | null }>;
  protectors: string[] | null;
  /** For unlisted paths: layers whose file_spec selects the path and whose own mask does not remove it. */
  selectedBy: PathLayerRef[];
}

function firstMatching(globs: readonly string[], path: string): string | null {
  for (const g of globs) if (parseGlob(g).glob?.covers(path)) return g;
  return null;
}

function ref(layer: Layer, path: string): PathLayerRef {
  return {
    layer: layer.index,
    module: layer.label,
    version: layer.version,
    effectivePriority: layer.effectivePriority,
    fileSpecGlob: firstMatching(layer.fileSpec, path),
  };
}

/** Everything about one path: the winner, what it shadows, what was dropped and by which protecting glob. */
export function describePath(result: Result, path: string): PathStory {
  const entry = lookupPath(result, path);
  const layers = result.layers;
  if (entry === undefined) {
    const selectedBy = layers
      .filter((l) => firstMatching(l.fileSpec, path) !== null && firstMatching(l.mask, path) === null)
      .map((l) => ref(l, path))
      .reverse();
    return { path, listed: false, winner: null, shadowed: [], dropped: [], protectors: null, selectedBy };
  }
  const id = pathId(result.overlay, path)!;
  const detail = result.overlay.details.get(id);
  const winnerLayer = entry.winnerLayer >= 0 ? layers[entry.winnerLayer] : undefined;
  return {
    path,
    listed: true,
    winner: winnerLayer ? ref(winnerLayer, path) : null,
    shadowed: (detail?.shadowed ?? []).map((i) => ref(layers[i]!, path)).reverse(),
    dropped: (detail?.dropped ?? []).map((d, i) => ({ ...entry.dropped[i]!, layer: d.layer, version: layers[d.layer]?.version ?? null })),
    protectors: entry.protectors,
    selectedBy: [],
  };
}
