/**
 * The per-file overlay (file lists known) and the glob-level analysis (file lists unknown).
 *
 * Per file: layers are walked in ascending order; each layer's file list is walked once. A path's fate in a
 * layer is decided per directory where possible (see server/domain/glob/directory-index.ts): a directory whose verdict is "ship" or a
 * constant "drop" costs one comparison per file; only directories where some glob depends on the base name
 * test the base name. Paths are interned into one Map; the winner of each path is an Int32Array slot; only
 * contested paths allocate a detail record.
 */
import { coversGlob, type DirState, type Glob, GlobIndex, type IndexedGlob, lastSegment, overlap, segmentMatches } from "../glob";
import type {
  ComposeResult,
  DropReason,
  DropRecord,
  GlobOverlap,
  LayerCounts,
  Overlay,
  OverlayMode,
  PathDetail,
} from "./types";

const FILE_SPEC = 0;
const MASK = 1;
const PROTECTED = 2;

interface Entry extends IndexedGlob {
  readonly layer: number;
  readonly role: 0 | 1 | 2;
  readonly globIndex: number;
}

export interface OverlayLayerInput {
  index: number;
  effectivePriority: number;
  fileSpec: readonly Glob[];
  mask: readonly Glob[];
  protectedSpec: readonly Glob[];
  files: readonly string[] | null;
}

export interface PairFinding {
  a: number;
  b: number;
  count: number;
  example: string | null;
  globA: string | null;
  globB: string | null;
}

export interface OverlayBuild {
  overlay: Overlay;
  counts: LayerCounts[];
  /** Paths protected by two layers, per pair (a < b). */
  protectedConflicts: Map<string, PairFinding>;
  /** Copies dropped by another layer's protection: a = dropped layer, b = protector. */
  protectedDrops: Map<string, PairFinding>;
  /** Paths shipped by two layers of equal effective priority (a < b). */
  ambiguous: Map<string, PairFinding>;
  /** Listed paths outside file_spec, per layer: a = layer. */
  outsideFileSpec: Map<number, PairFinding>;
  /** Entries that are not absolute file paths, per layer. */
  invalidPaths: Map<number, PairFinding>;
}

export function emptyCounts(): LayerCounts {
  return {
    listed: 0,
    shipped: 0,
    winning: 0,
    shadowed: 0,
    droppedByMask: 0,
    droppedByProtection: 0,
    droppedByConflict: 0,
    outsideFileSpec: 0,
    invalidPaths: 0,
    duplicates: 0,
  };
}

function entry(glob: Glob, layer: number, role: 0 | 1 | 2, globIndex: number): Entry {
  return { glob, last: lastSegment(glob), layer, role, globIndex };
}

/**
 * One directory of the composition (a directory holding listed files, or an ancestor of one). Per-directory
 * glob states hang off it, so a directory costs one Map lookup per layer that visits it.
 */
interface DirRecord {
  readonly parent: DirRecord | null;
  /** Last path segment (`nginx` for `/etc/nginx`). */
  readonly name: string;
  /** Full path → path id, for the files directly in this directory; null until it holds one. */
  files: Map<string, number> | null;
  readonly prot: DirState<Entry>;
  /** The state of the layer currently being walked (`ownLayer`) in its own file_spec/mask index. */
  ownLayer: number;
  own: DirState<Entry> | null;
}

function dirRecord(dirs: Map<string, DirRecord>, prot: GlobIndex<Entry>, dir: string): DirRecord {
  let rec = dirs.get(dir);
  if (rec !== undefined) return rec;
  if (dir === "") {
    rec = { parent: null, name: "", files: null, prot: prot.root, ownLayer: -1, own: null };
  } else {
    const slash = dir.lastIndexOf("/");
    const parent = dirRecord(dirs, prot, dir.slice(0, slash));
    const name = dir.slice(slash + 1);
    rec = { parent, name, files: null, prot: prot.child(parent.prot, name), ownLayer: -1, own: null };
  }
  dirs.set(dir, rec);
  return rec;
}

function ownState(rec: DirRecord, li: number, own: GlobIndex<Entry>): DirState<Entry> {
  if (rec.ownLayer === li) return rec.own!;
  const state = rec.parent === null ? own.root : own.child(ownState(rec.parent, li, own), rec.name);
  rec.ownLayer = li;
  rec.own = state;
  return state;
}

const SHIP = 0;
const DROP = 1;
const PER_FILE = 2;

interface Verdict {
  kind: 0 | 1 | 2;
  reason: DropReason;
  by: number;
  glob: string | null;
  fsAll: boolean;
  maskAll: Entry | null;
  /** Protecting layers selected at directory level, ascending, with the first matching glob of each. */
  protLayers: number[];
  protGlobs: string[];
  own: DirState<Entry>;
  prot: DirState<Entry>;
}

function firstByGlobIndex(list: readonly Entry[], role: number): Entry | null {
  let best: Entry | null = null;
  for (const e of list) if (e.role === role && (best === null || e.globIndex < best.globIndex)) best = e;
  return best;
}

function hasFileLevel(state: DirState<Entry>, role: number): boolean {
  if (state.fileLiteral) for (const list of state.fileLiteral.values()) if (list.some((e) => e.role === role)) return true;
  return state.filePattern?.some((e) => e.role === role) ?? false;
}

/** Adds each protecting layer once, keeping its lowest-index glob; layers kept ascending. */
function addProtector(layers: number[], globs: string[], idx: number[], e: Entry): void {
  const at = layers.indexOf(e.layer);
  if (at >= 0) {
    if (e.globIndex < idx[at]!) {
      globs[at] = e.glob.source;
      idx[at] = e.globIndex;
    }
    return;
  }
  let pos = layers.length;
  while (pos > 0 && layers[pos - 1]! > e.layer) pos--;
  layers.splice(pos, 0, e.layer);
  globs.splice(pos, 0, e.glob.source);
  idx.splice(pos, 0, e.globIndex);
}

function computeVerdict(own: DirState<Entry>, prot: DirState<Entry>, li: number): Verdict {
  const fsAll = own.all.some((e) => e.role === FILE_SPEC);
  const fsFile = !fsAll && hasFileLevel(own, FILE_SPEC);
  const maskAll = firstByGlobIndex(own.all, MASK);
  const maskFile = maskAll === null && hasFileLevel(own, MASK);
  const protLayers: number[] = [];
  const protGlobs: string[] = [];
  const protIdx: number[] = [];
  for (const e of prot.all) addProtector(protLayers, protGlobs, protIdx, e);
  const protFile = prot.fileLiteral !== null || prot.filePattern !== null;
  const v: Verdict = {
    kind: PER_FILE,
    reason: "mask",
    by: -1,
    glob: null,
    fsAll,
    maskAll,
    protLayers,
    protGlobs,
    own,
    prot,
  };
  if (!fsAll && !fsFile) {
    v.kind = DROP;
    v.reason = "outside_file_spec";
  } else if (fsAll && maskAll !== null) {
    v.kind = DROP;
    v.reason = "mask";
    v.glob = maskAll.glob.source;
  } else if (fsAll && !maskFile && !protFile) {
    if (protLayers.length === 0 || (protLayers.length === 1 && protLayers[0] === li)) v.kind = SHIP;
    else if (protLayers.length === 1) {
      v.kind = DROP;
      v.reason = "protected";
      v.by = protLayers[0]!;
      v.glob = protGlobs[0]!;
    }
  }
  return v;
}

/** The verdict of (own state, protection state), cached on the own state: one slot, then a map. */
function verdictFor(own: DirState<Entry>, prot: DirState<Entry>, li: number): Verdict {
  if (own.cacheKey === prot) return own.cacheValue as Verdict;
  if (own.cacheKey === undefined) {
    const v = computeVerdict(own, prot, li);
    own.cacheKey = prot;
    own.cacheValue = v;
    return v;
  }
  own.cacheMore ??= new Map();
  let v = own.cacheMore.get(prot) as Verdict | undefined;
  if (v === undefined) {
    v = computeVerdict(own, prot, li);
    own.cacheMore.set(prot, v);
  }
  return v;
}

/** Per-file evaluation result (reused object: no allocation on the hot path). */
interface FileFate {
  ship: boolean;
  reason: DropReason;
  by: number;
  glob: string | null;
  protectors: number[] | null;
  protectorGlobs: string[] | null;
}

function evaluateFile(v: Verdict, li: number, base: string, out: FileFate): void {
  out.ship = false;
  out.by = -1;
  out.glob = null;
  out.protectors = null;
  out.protectorGlobs = null;
  const own = v.own;
  if (!v.fsAll) {
    let inSpec = false;
    const lit = own.fileLiteral?.get(base);
    if (lit) for (const e of lit) if (e.role === FILE_SPEC) inSpec = true;
    if (!inSpec && own.filePattern)
      for (const e of own.filePattern) if (e.role === FILE_SPEC && e.last !== null && matchesLast(e, base)) inSpec = true;
    if (!inSpec) {
      out.reason = "outside_file_spec";
      return;
    }
  }
  let mask = v.maskAll;
  if (mask === null) {
    const lit = own.fileLiteral?.get(base);
    if (lit) for (const e of lit) if (e.role === MASK && (mask === null || e.globIndex < mask.globIndex)) mask = e;
    if (own.filePattern)
      for (const e of own.filePattern)
        if (e.role === MASK && (mask === null || e.globIndex < mask.globIndex) && matchesLast(e, base)) mask = e;
  }
  if (mask !== null) {
    out.reason = "mask";
    out.glob = mask.glob.source;
    return;
  }
  let layers = v.protLayers;
  let globs = v.protGlobs;
  const prot = v.prot;
  if (prot.fileLiteral !== null || prot.filePattern !== null) {
    layers = layers.slice();
    globs = globs.slice();
    const idx = layers.map(() => -1);
    const lit = prot.fileLiteral?.get(base);
    if (lit) for (const e of lit) addProtector(layers, globs, idx, e);
    if (prot.filePattern) for (const e of prot.filePattern) if (matchesLast(e, base)) addProtector(layers, globs, idx, e);
  }
  if (layers.length === 0 || (layers.length === 1 && layers[0] === li)) {
    out.ship = true;
    return;
  }
  if (layers.length === 1) {
    out.reason = "protected";
    out.by = layers[0]!;
    out.glob = globs[0]!;
    return;
  }
  out.reason = "protected_conflict";
  const other = layers[0] === li ? 1 : 0;
  out.by = layers[other]!;
  out.glob = globs[other]!;
  out.protectors = layers;
  out.protectorGlobs = globs;
}

function matchesLast(e: Entry, base: string): boolean {
  return segmentMatches(e.last!, base);
}

function bump(map: Map<string, PairFinding>, a: number, b: number, path: string, globA: string | null, globB: string | null): void {
  const key = `${a},${b}`;
  const f = map.get(key);
  if (f === undefined) map.set(key, { a, b, count: 1, example: path, globA, globB });
  else f.count++;
}

/** Build the per-file overlay for layers with known files (`layers` in ascending order, index = position). */
export function buildOverlay(layers: readonly OverlayLayerInput[]): OverlayBuild {
  const counts = layers.map(() => emptyCounts());
  const eff = layers.map((l) => l.effectivePriority);
  const protEntries: Entry[] = [];
  for (const l of layers) l.protectedSpec.forEach((g, i) => protEntries.push(entry(g, l.index, PROTECTED, i)));
  const prot = new GlobIndex(protEntries);

  let total = 0;
  for (const l of layers) if (l.files) total += l.files.length;
  // Paths are interned per directory: file lists come grouped by directory, so each small per-directory
  // map stays in cache, which makes the lookup of a new path about twice as fast as in one big Map.
  const dirs = new Map<string, DirRecord>();
  const paths: string[] = [];
  const winner = new Int32Array(total).fill(-1);
  const seen = new Int32Array(total).fill(-1);
  const details = new Map<number, PathDetail>();
  const protectedConflicts = new Map<string, PairFinding>();
  const protectedDrops = new Map<string, PairFinding>();
  const ambiguous = new Map<string, PairFinding>();
  const outsideFileSpec = new Map<number, PairFinding>();
  const invalidPaths = new Map<number, PairFinding>();
  const fate: FileFate = { ship: false, reason: "mask", by: -1, glob: null, protectors: null, protectorGlobs: null };

  const detailOf = (id: number): PathDetail => {
    let d = details.get(id);
    if (d === undefined) {
      d = { shadowed: [], dropped: [], protectors: null };
      details.set(id, d);
    }
    return d;
  };

  for (const layer of layers) {
    const files = layer.files;
    if (files === null) continue;
    const li = layer.index;
    const c = counts[li]!;
    c.listed = files.length;
    const ownEntries: Entry[] = [];
    layer.fileSpec.forEach((g, i) => ownEntries.push(entry(g, li, FILE_SPEC, i)));
    layer.mask.forEach((g, i) => ownEntries.push(entry(g, li, MASK, i)));
    const own = new GlobIndex(ownEntries);
    const myEff = eff[li]!;

    let curDir = "";
    let curLen = -2;
    let curFiles: Map<string, number> | null = null;
    let v: Verdict | null = null;
    let shipped = 0;

    const ship = (id: number, p: string): void => {
      const w = winner[id]!;
      if (w !== -1) {
        const d = detailOf(id);
        d.shadowed.push(w);
        if (eff[w] === myEff) {
          for (let s = d.shadowed.length - 1; s >= 0; s--) {
            const lower = d.shadowed[s]!;
            if (eff[lower] !== myEff) break;
            bump(ambiguous, lower, li, p, null, null);
          }
        }
      }
      winner[id] = li;
      shipped++;
    };

    const drop = (id: number, p: string, reason: DropReason, by: number, glob: string | null): void => {
      const d = detailOf(id);
      d.dropped.push({ layer: li, reason, byLayer: by === -1 ? null : by, glob } satisfies DropRecord);
      switch (reason) {
        case "outside_file_spec": {
          c.outsideFileSpec++;
          const f = outsideFileSpec.get(li);
          if (f === undefined) outsideFileSpec.set(li, { a: li, b: li, count: 1, example: p, globA: null, globB: null });
          else f.count++;
          break;
        }
        case "mask":
          c.droppedByMask++;
          break;
        case "protected":
          c.droppedByProtection++;
          bump(protectedDrops, li, by, p, null, glob);
          break;
        case "protected_conflict":
          c.droppedByConflict++;
          break;
      }
    };

    for (let k = 0; k < files.length; k++) {
      const p = files[k]!;
      const slash = p.lastIndexOf("/");
      if (slash === p.length - 1) {
        invalid(li, p);
        continue;
      }
      // substring + === beats startsWith and a charCode loop here (measured); the slice is short-lived.
      if (slash !== curLen || p.substring(0, slash) !== curDir) {
        if (p.charCodeAt(0) !== 47) {
          invalid(li, p);
          continue;
        }
        curDir = p.slice(0, slash);
        curLen = slash;
        const rec = dirRecord(dirs, prot, curDir);
        curFiles = rec.files ??= new Map();
        v = verdictFor(ownState(rec, li, own), rec.prot, li);
      }
      let id = curFiles!.get(p);
      if (id === undefined) {
        id = paths.length;
        curFiles!.set(p, id);
        paths.push(p);
      } else if (seen[id] === li) {
        c.duplicates++;
        continue;
      }
      seen[id] = li;
      const verdict = v!;
      if (verdict.kind === SHIP) {
        // Inlined fast path of ship(): most paths have a single owner.
        if (winner[id] === -1) {
          winner[id] = li;
          shipped++;
        } else ship(id, p);
      } else if (verdict.kind === DROP) {
        drop(id, p, verdict.reason, verdict.by, verdict.glob);
      } else {
        evaluateFile(verdict, li, p.slice(slash + 1), fate);
        if (fate.protectors !== null) {
          const d = detailOf(id);
          if (d.protectors === null) {
            d.protectors = fate.protectors;
            const ps = fate.protectors;
            const gs = fate.protectorGlobs!;
            for (let x = 0; x < ps.length; x++)
              for (let y = x + 1; y < ps.length; y++) bump(protectedConflicts, ps[x]!, ps[y]!, p, gs[x]!, gs[y]!);
          }
        }
        if (fate.ship) ship(id, p);
        else drop(id, p, fate.reason, fate.by, fate.glob);
      }
    }
    c.shipped = shipped;
  }

  function invalid(li: number, p: string): void {
    counts[li]!.invalidPaths++;
    const f = invalidPaths.get(li);
    if (f === undefined) invalidPaths.set(li, { a: li, b: li, count: 1, example: p, globA: null, globB: null });
    else f.count++;
  }

  // The per-layer glob states are not part of the result.
  for (const rec of dirs.values()) {
    rec.own = null;
    rec.ownLayer = -1;
  }
  const n = paths.length;
  const win = winner.subarray(0, n);
  for (let i = 0; i < n; i++) {
    const w = win[i]!;
    if (w >= 0) counts[w]!.winning++;
  }
  let conflictPathCount = 0;
  for (const d of details.values()) if (d.protectors !== null) conflictPathCount++;
  for (const c of counts) c.shadowed = c.shipped - c.winning;

  const known = layers.filter((l) => l.files !== null).length;
  const mode: OverlayMode =
    layers.length === 0 ? "empty" : known === layers.length ? "files" : known === 0 ? "globs" : "mixed";
  return {
    overlay: {
      mode,
      paths,
      winner: win,
      details,
      directories: dirs,
      pathCount: n,
      contestedCount: details.size,
      conflictPathCount,
      globOverlaps: [],
    },
    counts,
    protectedConflicts,
    protectedDrops,
    ambiguous,
    outsideFileSpec,
    invalidPaths,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Glob level

function coveredByAny(masks: readonly Glob[], g: Glob): boolean {
  return masks.some((m) => coversGlob(m, g));
}

/**
 * The glob-level analysis must not miss an overlap, so a search that runs out of steps counts as one (without an
 * example). Each search is bounded by the engine's per-pair step limit.
 */
function overlapExample(a: Glob, b: Glob): string | null | false {
  const r = overlap(a, b);
  return r.kind === "overlap" ? r.example : r.kind === "undecided" ? null : false;
}

/**
 * Glob-level findings. Protected-vs-protected overlaps are computed for every pair of layers (a path protected
 * by two modules is a conflict whether or not file lists are known); file_spec overlaps and protection drops
 * only for pairs where at least one file list is unknown (the per-file overlay is exact otherwise).
 * A file_spec glob counts as removed when a glob of the layer's effective mask covers it (`coversGlob`, a
 * conservative test), so the analysis may report overlaps that masks would in fact remove, never the reverse.
 */
export function globLevelOverlaps(layers: readonly OverlayLayerInput[]): GlobOverlap[] {
  const out: GlobOverlap[] = [];
  for (let a = 0; a < layers.length; a++) {
    const A = layers[a]!;
    for (let b = a + 1; b < layers.length; b++) {
      const B = layers[b]!;
      for (const ga of A.protectedSpec)
        for (const gb of B.protectedSpec) {
          const example = overlapExample(ga, gb);
          if (example !== false)
            out.push({ kind: "protected_conflict", layerA: a, globA: ga.source, layerB: b, globB: gb.source, ambiguous: false, example });
        }
    }
  }
  // file_spec globs that survive the own mask / the effective mask, computed once per layer
  const allProtected = layers.flatMap((l) => l.protectedSpec.map((g) => ({ layer: l.index, g })));
  const survivesOwnMask = layers.map((l) => l.fileSpec.filter((g) => !coveredByAny(l.mask, g)));
  const survivesEffectiveMask = layers.map((l, i) =>
    survivesOwnMask[i]!.filter((g) => !allProtected.some((p) => p.layer !== l.index && coversGlob(p.g, g))),
  );
  for (let a = 0; a < layers.length; a++) {
    const A = layers[a]!;
    for (let b = 0; b < layers.length; b++) {
      if (a === b) continue;
      const B = layers[b]!;
      // protection drops of A's copies by B's protected globs, when A's files are unknown
      if (A.files === null) {
        for (const fa of survivesOwnMask[a]!)
          for (const pb of B.protectedSpec) {
            const example = overlapExample(fa, pb);
            if (example !== false)
              out.push({ kind: "protected_drop", layerA: a, globA: fa.source, layerB: b, globB: pb.source, ambiguous: false, example });
          }
      }
      if (b <= a || (A.files !== null && B.files !== null)) continue;
      for (const fa of survivesEffectiveMask[a]!)
        for (const fb of survivesEffectiveMask[b]!) {
          const example = overlapExample(fa, fb);
          if (example !== false)
            out.push({
              kind: "shadow",
              layerA: a,
              globA: fa.source,
              layerB: b,
              globB: fb.source,
              ambiguous: A.effectivePriority === B.effectivePriority,
              example,
            });
        }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Accessors

export interface NamedDrop {
  module: string;
  reason: DropReason;
  byModule: string | null;
  glob: string | null;
}

export interface OverlayEntry {
  path: string;
  id: number;
  /** Winning module label, null when nobody ships the path. */
  winner: string | null;
  winnerLayer: number;
  /** Labels of the modules whose copy the winner shadows, lowest first. */
  shadowed: string[];
  dropped: NamedDrop[];
  /** Set when two or more modules protect the path (neither ships it). */
  protectors: string[] | null;
}

const NO_DETAIL: PathDetail = { shadowed: [], dropped: [], protectors: null };

function entryFor(result: Pick<ComposeResult, "layers" | "overlay">, id: number): OverlayEntry {
  const o = result.overlay;
  const label = (i: number): string => result.layers[i]?.label ?? `#${i}`;
  const w = o.winner[id] ?? -1;
  const d = o.details.get(id) ?? NO_DETAIL;
  return {
    path: o.paths[id]!,
    id,
    winner: w >= 0 ? label(w) : null,
    winnerLayer: w,
    shadowed: d.shadowed.map(label),
    dropped: d.dropped.map((r) => ({
      module: label(r.layer),
      reason: r.reason,
      byModule: r.byLayer === null ? null : label(r.byLayer),
      glob: r.glob,
    })),
    protectors: d.protectors === null ? null : d.protectors.map(label),
  };
}

/** The id of a path in the overlay, undefined when no file list contains it. */
export function pathId(overlay: Overlay, path: string): number | undefined {
  const slash = path.lastIndexOf("/");
  return overlay.directories.get(path.slice(0, slash))?.files?.get(path);
}

/** The overlay entry of one path, with module labels; undefined when no file list contains it. */
export function lookupPath(result: Pick<ComposeResult, "layers" | "overlay">, path: string): OverlayEntry | undefined {
  const id = pathId(result.overlay, path);
  return id === undefined ? undefined : entryFor(result, id);
}

/** Label of the module that wins `path`, null when nobody ships it or no file list contains it. */
export function winnerOf(result: Pick<ComposeResult, "layers" | "overlay">, path: string): string | null {
  const id = pathId(result.overlay, path);
  if (id === undefined) return null;
  const w = result.overlay.winner[id] ?? -1;
  return w >= 0 ? (result.layers[w]?.label ?? null) : null;
}

/** Iterate overlay entries; `contestedOnly` limits to shadowed/dropped/conflicting paths; `sorted` by path. */
export function* overlayEntries(
  result: Pick<ComposeResult, "layers" | "overlay">,
  opts: { contestedOnly?: boolean; sorted?: boolean } = {},
): Generator<OverlayEntry> {
  const o = result.overlay;
  let ids: number[] | Iterable<number>;
  if (opts.contestedOnly) ids = [...o.details.keys()];
  else ids = Array.from({ length: o.pathCount }, (_, i) => i);
  if (opts.sorted) ids = [...ids].sort((x, y) => (o.paths[x]! < o.paths[y]! ? -1 : o.paths[x]! > o.paths[y]! ? 1 : 0));
  for (const id of ids) yield entryFor(result, id);
}

export interface LayerSummary {
  index: number;
  module: string;
  effectivePriority: number;
  filesKnown: boolean;
  /** Paths the layer ships. */
  shipped: number;
  /** Of those, paths it wins. */
  winning: number;
  /** Of those, paths a higher layer also ships. */
  shadowed: number;
  /** Listed paths it does not ship (mask, protection, protected-path conflict, outside file_spec). */
  dropped: number;
  droppedByMask: number;
  droppedByProtection: number;
  droppedByConflict: number;
  outsideFileSpec: number;
}

/** Per-layer counts: files shipped, won, shadowed and dropped. */
export function summarizeLayers(result: Pick<ComposeResult, "layers">): LayerSummary[] {
  return result.layers.map((l) => ({
    index: l.index,
    module: l.label,
    effectivePriority: l.effectivePriority,
    filesKnown: l.filesKnown,
    shipped: l.counts.shipped,
    winning: l.counts.winning,
    shadowed: l.counts.shadowed,
    dropped: l.counts.droppedByMask + l.counts.droppedByProtection + l.counts.droppedByConflict + l.counts.outsideFileSpec,
    droppedByMask: l.counts.droppedByMask,
    droppedByProtection: l.counts.droppedByProtection,
    droppedByConflict: l.counts.droppedByConflict,
    outsideFileSpec: l.counts.outsideFileSpec,
  }));
}
