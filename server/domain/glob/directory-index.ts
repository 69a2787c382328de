/**
 * A set of globs evaluated per directory, so a file list costs one NFA step per *directory*, not per glob per
 * file. For a directory D the index knows:
 *   - `all`: globs that select D or an ancestor of D — they select every file below D;
 *   - `fileLiteral` / `filePattern`: globs that may select a file directly inside D, decided by one test of
 *     the glob's last segment against the file's base name (a `Map` lookup for literal names).
 * States are derived from the parent directory's and cached by directory string. When no glob is still alive
 * below a directory, its descendants share its state object. The verdicts are those of `Glob.covers`; a property
 * test checks the two agree.
 */
import { advanceStates, initialStates, isAccepting, segmentMatches } from "./match";
import type { Glob, GlobSegment } from "./types";

export interface IndexedGlob {
  readonly glob: Glob;
  /** The glob's last segment (see `lastSegment`), or null for kind `all`. */
  readonly last: GlobSegment | null;
}

/** Active globs from which a state indexes its literal next steps (below this, scanning them all is cheaper). */
const INDEX_THRESHOLD = 32;
const NONE: readonly number[] = [];

export class DirState<E extends IndexedGlob> {
  /** Globs selecting this directory or an ancestor (so every path below). */
  readonly all: readonly E[];
  readonly activeEntries: readonly E[];
  readonly activeStates: readonly number[];
  /** Globs whose last segment is literal and may select a file directly inside, by base name. */
  readonly fileLiteral: ReadonlyMap<string, readonly E[]> | null;
  /** Globs whose last segment is a pattern and may select a file directly inside. */
  readonly filePattern: readonly E[] | null;
  /** Cache slots for whoever consumes this state (the overlay keeps its per-directory verdict here). */
  cacheKey: unknown = undefined;
  cacheValue: unknown = undefined;
  cacheMore: Map<unknown, unknown> | null = null;

  constructor(all: readonly E[], activeEntries: readonly E[], activeStates: readonly number[]) {
    this.all = all;
    this.activeEntries = activeEntries;
    this.activeStates = activeStates;
    let lit: Map<string, E[]> | null = null;
    let pat: E[] | null = null;
    for (let k = 0; k < activeEntries.length; k++) {
      const e = activeEntries[k]!;
      const g = e.glob;
      if (g.dirOnly || e.last === null) continue;
      // The last segment is reachable when the state before it is set.
      if ((activeStates[k]! & (1 << (g.segments.length - 1))) === 0) continue;
      if (e.last.kind === "literal") {
        lit ??= new Map();
        const list = lit.get(e.last.text);
        if (list) list.push(e);
        else lit.set(e.last.text, [e]);
      } else {
        (pat ??= []).push(e);
      }
    }
    this.fileLiteral = lit;
    this.filePattern = pat;
  }

  /**
   * For a child directory named N, only two kinds of active globs can survive: those whose one next step is the
   * literal segment N, and those whose next step is a wildcard or a globstar. With many globs (10,000 in the
   * benchmark) scanning every active glob per directory dominates, so large states index their literal next
   * steps by name once, and a child looks up its name instead of testing every glob. Positions into
   * `activeEntries`, ascending.
   */
  private nextByLiteral: Map<string, number[]> | null = null;
  private nextOther: number[] | null = null;

  /** Positions of the active globs that may survive into a child named `name`, ascending; null: all of them. */
  candidatesFor(name: string): { literal: readonly number[]; other: readonly number[] } | null {
    if (this.activeEntries.length < INDEX_THRESHOLD) return null;
    if (this.nextOther === null) {
      const byLiteral = new Map<string, number[]>();
      const other: number[] = [];
      for (let k = 0; k < this.activeEntries.length; k++) {
        const states = this.activeStates[k]!;
        // One position reached, and the segment there is literal: the child must be named exactly that.
        if ((states & (states - 1)) === 0) {
          const seg = this.activeEntries[k]!.glob.segments[31 - Math.clz32(states)];
          if (seg?.kind === "literal") {
            const list = byLiteral.get(seg.text);
            if (list) list.push(k);
            else byLiteral.set(seg.text, [k]);
            continue;
          }
        }
        other.push(k);
      }
      this.nextByLiteral = byLiteral;
      this.nextOther = other;
    }
    return { literal: this.nextByLiteral!.get(name) ?? NONE, other: this.nextOther };
  }

  /** True when nothing below this directory can change (no glob is still being matched). */
  get settled(): boolean {
    return this.activeEntries.length === 0;
  }

  /** Globs selecting a file named `base` directly inside this directory, beyond `all`. */
  forEachFileMatch(base: string, fn: (e: E) => void): void {
    const lit = this.fileLiteral?.get(base);
    if (lit) for (const e of lit) fn(e);
    const pat = this.filePattern;
    if (pat) for (const e of pat) if (segmentMatches(e.last!, base)) fn(e);
  }
}

/** The segment a file's base name is tested against: the glob's last (never a globstar); null for kind `all`. */
export function lastSegment(glob: Glob): GlobSegment | null {
  if (glob.kind === "all") return null;
  return glob.segments[glob.segments.length - 1] ?? null;
}

export class GlobIndex<E extends IndexedGlob> {
  private readonly cache = new Map<string, DirState<E>>();
  readonly root: DirState<E>;
  readonly size: number;

  constructor(entries: readonly E[]) {
    const all: E[] = [];
    const active: E[] = [];
    const states: number[] = [];
    for (const e of entries) {
      if (e.glob.kind === "all") {
        all.push(e);
        continue;
      }
      active.push(e);
      states.push(initialStates(e.glob.segments, e.glob.globstarMask));
    }
    this.size = all.length + active.length;
    this.root = new DirState(all, active, states);
    this.cache.set("", this.root);
  }

  /** State of directory `dir` (absolute, no trailing slash; the root directory is `""`). */
  stateFor(dir: string): DirState<E> {
    const hit = this.cache.get(dir);
    if (hit !== undefined) return hit;
    const slash = dir.lastIndexOf("/");
    const parent = slash <= 0 ? this.root : this.stateFor(dir.slice(0, slash));
    const state = this.child(parent, dir.slice(slash + 1));
    this.cache.set(dir, state);
    return state;
  }

  /** State of the directory `name` inside the directory whose state is `parent` (not cached). */
  child(parent: DirState<E>, name: string): DirState<E> {
    return parent.settled ? parent : child(parent, name);
  }
}

function child<E extends IndexedGlob>(parent: DirState<E>, name: string): DirState<E> {
  let all = parent.all;
  let copied = false;
  let changed = false;
  const entries: E[] = [];
  const states: number[] = [];
  const pe = parent.activeEntries;
  const ps = parent.activeStates;
  const visit = (k: number) => {
    const e = pe[k]!;
    const prev = ps[k]!;
    const next = advanceStates(e.glob.segments, e.glob.globstarMask, prev, name);
    if (next !== prev) changed = true;
    if (next === 0) return;
    if (isAccepting(e.glob.segments, next)) {
      if (!copied) {
        all = all.slice();
        copied = true;
      }
      (all as E[]).push(e);
      return;
    }
    entries.push(e);
    states.push(next);
  };
  const candidates = parent.candidatesFor(name);
  if (candidates === null) {
    for (let k = 0; k < pe.length; k++) visit(k);
  } else {
    // Merge the two ascending position lists, so entries keep their order; every glob left out dies here.
    const { literal, other } = candidates;
    if (literal.length + other.length < pe.length) changed = true;
    for (let i = 0, j = 0; i < literal.length || j < other.length; ) {
      if (j >= other.length || (i < literal.length && literal[i]! < other[j]!)) visit(literal[i++]!);
      else visit(other[j++]!);
    }
  }
  // Globstar-only states (`**/*.pyc` below a directory not named *.pyc) do not change: share the parent's
  // state object, so the subtree shares one cached verdict too.
  if (!changed) return parent;
  return new DirState(all, entries, states);
}
