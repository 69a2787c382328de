/**
 * Matching without backtracking (docs/globs.md, "Matching"). Regex engines backtrack on patterns such as
 * `*a*a*a…*b` and take minutes on a long name; globs come from manifests and from the overlay's search box, so
 * no glob is ever turned into a regex.
 *
 * Both levels, characters inside a segment and segments inside a path, have the same shape: stars (`*`, or
 * `**` for segments) separate chunks whose items each consume exactly one character (segment). For that shape
 * the leftmost placement of every middle chunk is optimal, so one left-to-right scan decides the match: the first
 * chunk is anchored at the start, the last at the end, each middle chunk goes to its leftmost fit. Cost:
 * O(length × pattern) in the worst case, O(length) for the usual literal chunks (found with `indexOf`).
 */
import type { CharSet, GlobSegment, PatternSegment, SegmentToken } from "./types";

const SLASH = 0x2f;

export function charSetHas(set: CharSet, code: number): boolean {
  if (code === SLASH) return false;
  let inRanges = false;
  for (const [lo, hi] of set.ranges) {
    if (code >= lo && code <= hi) {
      inRanges = true;
      break;
    }
  }
  return inRanges !== set.negated;
}

/** The single character a set holds, or null when it holds more (or none). */
export function charSetLiteral(set: CharSet): number | null {
  const r = set.ranges[0];
  return !set.negated && set.ranges.length === 1 && r !== undefined && r[0] === r[1] ? r[0] : null;
}

// ---------------------------------------------------------------------------------------------------------------
// One segment

/** A run of one-character tokens between stars; `literal` when every token is a single character. */
interface CharChunk {
  readonly sets: readonly CharSet[];
  readonly literal: string | null;
}

function chunkOf(tokens: readonly SegmentToken[]): CharChunk {
  const sets: CharSet[] = [];
  let literal: string | null = "";
  for (const t of tokens) {
    if (t.kind !== "char") continue;
    sets.push(t.set);
    const c = charSetLiteral(t.set);
    literal = literal !== null && c !== null ? literal + String.fromCharCode(c) : null;
  }
  return { sets, literal };
}

function chunkAt(chunk: CharChunk, name: string, at: number): boolean {
  if (chunk.literal !== null) return name.startsWith(chunk.literal, at);
  const sets = chunk.sets;
  if (at + sets.length > name.length) return false;
  for (let k = 0; k < sets.length; k++) if (!charSetHas(sets[k]!, name.charCodeAt(at + k))) return false;
  return true;
}

/** Leftmost position ≥ from where the chunk fits and ends by `limit`, or -1. */
function chunkFind(chunk: CharChunk, name: string, from: number, limit: number): number {
  const width = chunk.sets.length;
  if (chunk.literal !== null) {
    const at = name.indexOf(chunk.literal, from);
    return at >= 0 && at + width <= limit ? at : -1;
  }
  for (let at = from; at + width <= limit; at++) if (chunkAt(chunk, name, at)) return at;
  return -1;
}

/** Compiles a segment's tokens into a linear-time test of one path segment (never the empty name). */
export function compileSegmentTest(tokens: readonly SegmentToken[]): (name: string) => boolean {
  const chunks: CharChunk[] = [];
  let run: SegmentToken[] = [];
  for (const t of tokens) {
    if (t.kind === "star") {
      chunks.push(chunkOf(run));
      run = [];
    } else run.push(t);
  }
  chunks.push(chunkOf(run));
  if (chunks.length === 1) {
    const only = chunks[0]!;
    const width = only.sets.length;
    return (name) => name.length === width && chunkAt(only, name, 0);
  }
  const first = chunks[0]!;
  const last = chunks[chunks.length - 1]!;
  const middle = chunks.slice(1, -1).filter((c) => c.sets.length > 0);
  const minLength = chunks.reduce((n, c) => n + c.sets.length, 0);
  // The common shapes (`*`, `*.conf`, `lib*`, `ssl-*.pem`) are two string comparisons.
  if (middle.length === 0 && first.literal !== null && last.literal !== null) {
    const prefix = first.literal;
    const suffix = last.literal;
    return (name) => name.length >= Math.max(minLength, 1) && name.startsWith(prefix) && name.endsWith(suffix);
  }
  return (name) => {
    if (name.length < Math.max(minLength, 1)) return false;
    if (!chunkAt(first, name, 0)) return false;
    const end = name.length - last.sets.length;
    if (!chunkAt(last, name, end)) return false;
    let pos = first.sets.length;
    for (const chunk of middle) {
      const at = chunkFind(chunk, name, pos, end);
      if (at < 0) return false;
      pos = at + chunk.sets.length;
    }
    return true;
  };
}

/** Does one (non-globstar) glob segment match one path segment? */
export function segmentMatches(segment: GlobSegment, name: string): boolean {
  if (segment.kind === "literal") return segment.text === name;
  if (segment.kind === "pattern") return segment.test(name);
  return true;
}

// ---------------------------------------------------------------------------------------------------------------
// A path: segments separated by globstars

/** A path split into segment names (empty segments dropped); `directory` when it ends with `/`. */
export interface SplitPath {
  readonly names: readonly string[];
  readonly directory: boolean;
}

export function splitPath(path: string): SplitPath {
  const names: string[] = [];
  for (let start = 0; start < path.length; ) {
    let end = path.indexOf("/", start);
    if (end < 0) end = path.length;
    if (end > start) names.push(path.slice(start, end));
    start = end + 1;
  }
  return { names, directory: path.endsWith("/") || names.length === 0 };
}

/** The segments between globstars, and whether a globstar comes first. */
export interface SegmentChunks {
  readonly chunks: ReadonlyArray<readonly GlobSegment[]>;
  readonly hasGlobstar: boolean;
}

export function segmentChunks(segments: readonly GlobSegment[]): SegmentChunks {
  const chunks: GlobSegment[][] = [[]];
  for (const s of segments) {
    if (s.kind === "globstar") chunks.push([]);
    else chunks[chunks.length - 1]!.push(s);
  }
  return { chunks, hasGlobstar: chunks.length > 1 };
}

function segmentsAt(chunk: readonly GlobSegment[], names: readonly string[], at: number): boolean {
  if (at + chunk.length > names.length) return false;
  for (let k = 0; k < chunk.length; k++) if (!segmentMatches(chunk[k]!, names[at + k]!)) return false;
  return true;
}

function segmentsFind(chunk: readonly GlobSegment[], names: readonly string[], from: number, limit: number): number {
  for (let at = from; at + chunk.length <= limit; at++) if (segmentsAt(chunk, names, at)) return at;
  return -1;
}

/** Do the segments match exactly the whole name list? */
export function matchesAll(c: SegmentChunks, names: readonly string[]): boolean {
  const first = c.chunks[0]!;
  if (!c.hasGlobstar) return names.length === first.length && segmentsAt(first, names, 0);
  const last = c.chunks[c.chunks.length - 1]!;
  if (!segmentsAt(first, names, 0)) return false;
  const end = names.length - last.length;
  if (end < first.length || !segmentsAt(last, names, end)) return false;
  let pos = first.length;
  for (let k = 1; k < c.chunks.length - 1; k++) {
    const chunk = c.chunks[k]!;
    const at = segmentsFind(chunk, names, pos, end);
    if (at < 0) return false;
    pos = at + chunk.length;
  }
  return true;
}

/**
 * The smallest k such that the segments match names[0..k) exactly, or -1. Every chunk goes to its leftmost fit,
 * which gives the shortest matching prefix.
 */
export function shortestMatchingPrefix(c: SegmentChunks, names: readonly string[]): number {
  const first = c.chunks[0]!;
  if (!segmentsAt(first, names, 0)) return -1;
  let pos = first.length;
  for (let k = 1; k < c.chunks.length; k++) {
    const chunk = c.chunks[k]!;
    const at = segmentsFind(chunk, names, pos, names.length);
    if (at < 0) return -1;
    pos = at + chunk.length;
  }
  return pos;
}

// ---------------------------------------------------------------------------------------------------------------
// Incremental form for the directory index: the set of positions reached, as a bitmask (bit i: segments[0..i)
// matched). At most MAX_GLOB_SEGMENTS segments, so positions fit in 31 bits.

/** The start state: position 0 plus the closure over leading globstars. */
export function initialStates(segments: readonly GlobSegment[], globstarMask: number): number {
  return closeStates(segments.length, globstarMask, 1);
}

function closeStates(length: number, globstarMask: number, states: number): number {
  if (globstarMask === 0) return states;
  let out = states;
  for (let i = 0; i < length; i++) if ((globstarMask & (1 << i)) !== 0 && (out & (1 << i)) !== 0) out |= 1 << (i + 1);
  return out;
}

/** Consumes one path segment; returns the next state set (0: the glob can no longer match below). */
export function advanceStates(segments: readonly GlobSegment[], globstarMask: number, states: number, name: string): number {
  let out = 0;
  for (let i = 0; i < segments.length; i++) {
    const bit = 1 << i;
    if ((states & bit) === 0) continue;
    const seg = segments[i]!;
    if (seg.kind === "globstar") out |= bit;
    else if (segmentMatches(seg, name)) out |= bit << 1;
  }
  return out === 0 ? 0 : closeStates(segments.length, globstarMask, out);
}

/** True when the state set has matched every segment. */
export function isAccepting(segments: readonly GlobSegment[], states: number): boolean {
  return (states & (1 << segments.length)) !== 0;
}

export type { PatternSegment };
