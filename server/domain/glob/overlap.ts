/**
 * Do two globs cover a common path, and which one? (docs/globs.md, "Overlap".)
 *
 * A glob covers the paths it matches and everything below them, so two globs overlap exactly when the languages
 * `A/**` and `B/**` intersect (a directory-only glob `G/` covers what `G/*` covers). The search is breadth-first
 * over pairs of positions in the two segment sequences (returning a shortest example), and inside a pair of
 * wildcard segments one pass over the grid of token positions, so it is exact. Every pair of positions is a step;
 * a search that would take more steps than its budget answers `undecided` instead of running long.
 */
import { OVERLAP_STEPS_PER_PAIR, OVERLAP_STEPS_PER_VALIDATION } from "./limits";
import { charSetHas, charSetLiteral, segmentMatches } from "./match";
import { ANY_CHAR, GLOBSTAR, literalToken } from "./parse";
import type { CharSet, Glob, GlobSegment, SegmentToken } from "./types";

export type OverlapResult =
  /** Both globs cover `example`, a path built from the globs (wildcards filled in). */
  | { readonly kind: "overlap"; readonly example: string }
  | { readonly kind: "disjoint" }
  /** The step budget ran out before the search could tell. */
  | { readonly kind: "undecided" };

const DISJOINT: OverlapResult = { kind: "disjoint" };
const UNDECIDED: OverlapResult = { kind: "undecided" };

/**
 * Steps shared by many overlap searches (one manifest validation, say), and a per-search cap. Once the total
 * is spent every further search answers `undecided` at once and `exhausted` stays true.
 */
export class OverlapBudget {
  private used = 0;
  exhausted = false;

  constructor(
    readonly totalSteps: number = OVERLAP_STEPS_PER_VALIDATION,
    readonly stepsPerSearch: number = OVERLAP_STEPS_PER_PAIR,
  ) {}

  get stepsUsed(): number {
    return this.used;
  }

  /** @internal Charges what one search used. */
  charge(steps: number): void {
    this.used += steps;
    if (this.used >= this.totalSteps) this.exhausted = true;
  }

  /** @internal Steps the next search may take. */
  allowance(): number {
    return Math.max(0, Math.min(this.stepsPerSearch, this.totalSteps - this.used));
  }
}

/**
 * Steps of one search. Work that would go past the limit is refused before it is done (and not charged); after a
 * refusal every "no" the search gives is unreliable, so `overlap` answers undecided unless it found an example.
 */
class Steps {
  used = 0;
  refused = false;
  constructor(private readonly limit: number) {}

  take(n = 1): boolean {
    if (this.refused || this.used + n > this.limit) {
      this.refused = true;
      return false;
    }
    this.used += n;
    return true;
  }
}

/**
 * What one comparison costs before any search: finding the candidate, the literal-prefix test, the result. About
 * as much time as sixteen character-level steps; charging it keeps "many cheap comparisons" inside the budget too.
 */
const COMPARISON_STEPS = 16;

/** Whether some path is covered by both globs, with an example path when it is. Never takes more steps than the budget allows. */
export function overlap(a: Glob, b: Glob, budget?: OverlapBudget): OverlapResult {
  const allowance = budget ? budget.allowance() : OVERLAP_STEPS_PER_PAIR;
  if (allowance <= 0) {
    if (budget) budget.exhausted = true;
    return UNDECIDED;
  }
  const steps = new Steps(allowance);
  const example = steps.take(COMPARISON_STEPS) ? coverWitness(a, b, steps) : null;
  budget?.charge(steps.used);
  if (example !== null) return { kind: "overlap", example };
  if (!steps.refused) return DISJOINT;
  // Refused for want of the shared total rather than by the per-search limit: the budget is spent.
  if (budget && allowance < budget.stepsPerSearch) budget.exhausted = true;
  return UNDECIDED;
}

/** Any single path segment, for the segment a directory-only glob implies below its match. */
const ANY_SEGMENT: GlobSegment = {
  kind: "pattern",
  source: "*",
  tokens: [{ kind: "star" }],
  test: (name) => name.length > 0,
};

interface CoverSequence {
  /** The segment sequence whose exact matches are the paths the glob covers. */
  readonly segments: readonly GlobSegment[];
  /** A globstar before the final one (a relative glob's leading one included). */
  readonly innerGlobstar: boolean;
}

const coverSequences = new WeakMap<Glob, CoverSequence>();

function coverSequence(g: Glob): CoverSequence {
  let c = coverSequences.get(g);
  if (c === undefined) {
    c = { segments: [...g.segments, ...(g.dirOnly ? [ANY_SEGMENT] : []), GLOBSTAR], innerGlobstar: g.globstarMask !== 0 };
    coverSequences.set(g, c);
  }
  return c;
}

function coverWitness(a: Glob, b: Glob, steps: Steps): string | null {
  // Leading literal segments must agree as far as both have them.
  const shared = Math.min(a.literalPrefix.length, b.literalPrefix.length);
  for (let i = 0; i < shared; i++) if (a.literalPrefix[i] !== b.literalPrefix[i]) return null;
  const A = coverSequence(a);
  const B = coverSequence(b);
  if (!A.innerGlobstar && !B.innerGlobstar) return pairedWitness(A.segments, B.segments, steps);
  return searchWitness(A.segments, B.segments, steps);
}

/**
 * Without globstars before the final one, segments pair up one to one until the shorter glob ends; the longer
 * one's remaining segments only need an example each.
 */
function pairedWitness(A: readonly GlobSegment[], B: readonly GlobSegment[], steps: Steps): string | null {
  const names: string[] = [];
  const length = Math.max(A.length, B.length) - 1;
  for (let i = 0; i < length; i++) {
    if (!steps.take()) return null;
    // The shorter sequence's final globstar absorbs the longer one's remaining segments.
    const x = A[Math.min(i, A.length - 1)]!;
    const y = B[Math.min(i, B.length - 1)]!;
    const name =
      x.kind === "globstar" ? segmentExample(y, steps) : y.kind === "globstar" ? segmentExample(x, steps) : segmentIntersection(x, y, steps);
    if (name === null) return null;
    names.push(name);
  }
  return "/" + (names.length > 0 ? names.join("/") : "x");
}

/**
 * Search over (position in A, position in B, path non-empty yet) for a shortest example: moving past a globstar
 * adds no segment (weight 0), every other move adds one (weight 1), so states are expanded level by level, one
 * level per example segment. Sequences are at most MAX_GLOB_SEGMENTS + 2 long, so the grid is small; segment
 * intersections are computed only for pairs of positions the search reaches.
 */
function searchWitness(A: readonly GlobSegment[], B: readonly GlobSegment[], steps: Steps): string | null {
  const cols = B.length + 1;
  const size = (A.length + 1) * cols * 2;
  const search: SegmentSearch = {
    dist: new Int32Array(size).fill(0x7fffffff),
    from: new Int32Array(size),
    added: [],
    level: [0],
    next: [],
    d: 0,
    state: 0,
  };
  const pairNames: Array<string | null | undefined> = [];
  const goal = size - 1;
  search.dist[0] = 0;
  for (; search.level.length > 0; search.d++) {
    const level = search.level;
    for (let k = 0; k < level.length; k++) {
      const state = level[k]!;
      if (search.dist[state] !== search.d) continue;
      // A segment-level state costs about four character-level steps.
      if (!steps.take(4)) return null;
      if (state === goal) {
        const path: string[] = [];
        for (let s = goal; s > 0; s = search.from[s]!) if (search.added[s] !== undefined) path.push(search.added[s]!);
        return "/" + path.reverse().join("/");
      }
      search.state = state;
      const cell = state >> 1;
      const ne = state & 1;
      const x = A[Math.floor(cell / cols)];
      const y = B[cell % cols];
      if (x?.kind === "globstar") relax(search, (cell + cols) * 2 + ne, 0, undefined);
      if (y?.kind === "globstar") relax(search, (cell + 1) * 2 + ne, 0, undefined);
      if (x === undefined || y === undefined) continue;
      if (x.kind === "globstar" && y.kind === "globstar") {
        relax(search, cell * 2 + 1, 1, "x");
      } else if (x.kind === "globstar") {
        const name = segmentExample(y, steps);
        if (name !== null) relax(search, (cell + 1) * 2 + 1, 1, name);
      } else if (y.kind === "globstar") {
        const name = segmentExample(x, steps);
        if (name !== null) relax(search, (cell + cols) * 2 + 1, 1, name);
      } else {
        let name = pairNames[cell];
        if (name === undefined) pairNames[cell] = name = segmentIntersection(x, y, steps);
        if (name !== null) relax(search, (cell + cols + 1) * 2 + 1, 1, name);
      }
    }
    search.level = search.next;
    search.next = [];
  }
  return null;
}

/** The state of one segment-level search (kept in one object, so the hot loop defines no closures). */
interface SegmentSearch {
  readonly dist: Int32Array;
  readonly from: Int32Array;
  /** The path segment the move into a state added, if any. */
  readonly added: Array<string | undefined>;
  /** States at distance d (weight-0 moves append here), and at d + 1. */
  level: number[];
  next: number[];
  d: number;
  /** The state being expanded. */
  state: number;
}

function relax(search: SegmentSearch, to: number, weight: 0 | 1, name: string | undefined): void {
  const d = search.d + weight;
  if (d >= search.dist[to]!) return;
  search.dist[to] = d;
  search.from[to] = search.state;
  search.added[to] = name;
  (weight === 0 ? search.level : search.next).push(to);
}

// ---------------------------------------------------------------------------------------------------------------
// Segments

const ANY_NAME: readonly SegmentToken[] = [{ kind: "star" }];
const examples = new WeakMap<GlobSegment, string | null>();

/** A segment that matches exactly one path segment. */
type NameSegment = Exclude<GlobSegment, { kind: "globstar" }>;

function tokensOf(s: NameSegment): readonly SegmentToken[] {
  return s.kind === "pattern" ? s.tokens : Array.from(s.text, (c) => literalToken(c.charCodeAt(0)));
}

/** A name the segment matches, or null when it matches none (a class with no members). */
function segmentExample(s: GlobSegment, steps: Steps): string | null {
  if (s.kind === "literal") return s.text;
  if (s.kind === "globstar") return "x";
  let example = examples.get(s);
  if (example === undefined) {
    example = tokenWitness(s.tokens, ANY_NAME, steps);
    if (example !== null) example = friendlier(example, s, s);
    // A refused search's "none" is not an answer to remember.
    if (!steps.refused) examples.set(s, example);
  }
  return example;
}

/**
 * Witnesses of pattern-segment pairs by their sources: lists of globs repeat the same segments (`*.conf`, `lib*`),
 * so the same pairs come back across comparisons and validations. Bounded; starts over when full.
 */
const PAIR_CACHE_ENTRIES = 20_000;
const PAIR_CACHE_KEY_LENGTH = 128;
const pairWitnesses = new Map<string, string | null>();

/** A name both segments match, or null. */
function segmentIntersection(x: NameSegment, y: NameSegment, steps: Steps): string | null {
  if (x.kind === "literal" && y.kind === "literal") return x.text === y.text ? x.text : null;
  // Testing a name costs about one step per eight characters.
  if (x.kind === "literal") return steps.take(1 + (x.text.length >> 3)) && segmentMatches(y, x.text) ? x.text : null;
  if (y.kind === "literal") return steps.take(1 + (y.text.length >> 3)) && segmentMatches(x, y.text) ? y.text : null;
  if (x.source === y.source) return segmentExample(x, steps);
  // Only short segments are remembered: building and hashing the key of two long ones costs more than it saves.
  const key = x.source.length + y.source.length <= PAIR_CACHE_KEY_LENGTH ? x.source + "\u0000" + y.source : null;
  const known = key === null ? undefined : pairWitnesses.get(key);
  if (known !== undefined) return steps.take() ? known : null;
  let name = tokenWitness(tokensOf(x), tokensOf(y), steps);
  if (name !== null) name = friendlier(name, x, y);
  // A refused search's "none" is not an answer to remember.
  if (key !== null && !steps.refused) {
    if (pairWitnesses.size >= PAIR_CACHE_ENTRIES) pairWitnesses.clear();
    pairWitnesses.set(key, name);
  }
  return name;
}

/**
 * The shortest witness tends to be a bare suffix (`.pem` for `*.pem`), which reads like a hidden file in a
 * message; `x.pem` says the same thing better when both segments accept it.
 */
function friendlier(name: string, x: GlobSegment, y: GlobSegment): string {
  if (!name.startsWith(".")) return name;
  const better = "x" + name;
  return segmentMatches(x, better) && segmentMatches(y, better) ? better : name;
}

const PREFERRED_CHARS = [0x78 /* x */, 0x61 /* a */, 0x30 /* 0 */, 0x5f /* _ */, 0x2d /* - */, 0x41 /* A */, 0x2e /* . */, 0x01];

/** A character in both sets, or null. Complete: a non-empty intersection contains one of the candidates. */
function commonChar(a: CharSet, b: CharSet): number | null {
  const la = charSetLiteral(a);
  if (la !== null) return charSetHas(b, la) ? la : null;
  const lb = charSetLiteral(b);
  if (lb !== null) return charSetHas(a, lb) ? lb : null;
  for (const c of PREFERRED_CHARS) if (charSetHas(a, c) && charSetHas(b, c)) return c;
  for (const set of [a, b])
    for (const [lo, hi] of set.ranges)
      for (const c of [lo, hi, lo - 1, hi + 1]) if (c >= 0 && c <= 0xffff && charSetHas(a, c) && charSetHas(b, c)) return c;
  return null;
}

/** One character of each token's set (null for a star or an empty set), the star branches of the product. */
function exampleChars(tokens: readonly SegmentToken[]): Array<number | null> {
  return tokens.map((t) => (t.kind === "star" ? null : commonChar(t.set, ANY_CHAR)));
}


/** Marks a grid state reached, unless it already is (the first way in is kept). */
function reachCell(how: Uint8Array, char: Uint16Array, to: number, move: number, fromNonEmpty: number, ch: number): void {
  if (how[to] !== 0) return;
  how[to] = move * 2 + fromNonEmpty;
  char[to] = ch;
}

// How a (position in p, position in q, non-empty) state of the character-level grid was first reached, for
// rebuilding the witness.
const SKIP_P_STAR = 1; // from (a-1, b): p's star matches nothing more
const SKIP_Q_STAR = 2; // from (a, b-1)
const BOTH_STARS = 3; // from (a, b, empty): both stars take one character
const P_STAR_TAKES = 4; // from (a, b-1): p's star takes the character q's position consumes
const Q_STAR_TAKES = 5; // from (a-1, b)
const BOTH_CHARS = 6; // from (a-1, b-1): both positions consume the same character

/**
 * A non-empty string both token lists match, or null. Every transition of the product of the two patterns'
 * automata moves forward in p, in q, or only from "empty" to "non-empty" in the same pair of positions, so one
 * pass over the (|p|+1)·(|q|+1) grid in row-major order decides it: no queue, no hash map, typed arrays only.
 * The grid's size is charged up front, so a pair too large for the step allowance is undecided before any work.
 */
function tokenWitness(p: readonly SegmentToken[], q: readonly SegmentToken[], steps: Steps): string | null {
  const rows = p.length + 1;
  const cols = q.length + 1;
  if (!steps.take(rows * cols)) return null;
  const pChars = exampleChars(p);
  const qChars = exampleChars(q);
  // State index: (a * cols + b) * 2 + nonEmpty. how[s] = move * 2 + the predecessor's nonEmpty bit (0: unreached).
  const how = new Uint8Array(rows * cols * 2);
  const char = new Uint16Array(rows * cols * 2);
  const START = 0xff;
  how[0] = START;
  const goal = ((rows - 1) * cols + (cols - 1)) * 2 + 1;
  for (let a = 0; a < rows; a++) {
    const pa = p[a];
    for (let b = 0; b < cols; b++) {
      const qb = q[b];
      const cell = (a * cols + b) * 2;
      for (let ne = 0; ne < 2; ne++) {
        if (how[cell + ne] === 0) continue;
        // A star may match nothing: move past it without consuming a character.
        if (pa?.kind === "star") reachCell(how, char, cell + 2 * cols + ne, SKIP_P_STAR, ne, 0);
        if (qb?.kind === "star") reachCell(how, char, cell + 2 + ne, SKIP_Q_STAR, ne, 0);
        if (pa === undefined || qb === undefined) continue;
        let ch: number | null;
        if (pa.kind === "star" && qb.kind === "star") {
          if (ne === 0) reachCell(how, char, cell + 1, BOTH_STARS, 0, 0x78 /* x */);
        } else if (pa.kind === "star") {
          if ((ch = qChars[b]!) !== null) reachCell(how, char, cell + 2 + 1, P_STAR_TAKES, ne, ch);
        } else if (qb.kind === "star") {
          if ((ch = pChars[a]!) !== null) reachCell(how, char, cell + 2 * cols + 1, Q_STAR_TAKES, ne, ch);
        } else if ((ch = commonChar(pa.set, qb.set)) !== null) reachCell(how, char, cell + 2 * cols + 2 + 1, BOTH_CHARS, ne, ch);
      }
      if (how[goal] !== 0) {
        const out: number[] = [];
        forEachMove(how, goal, cols, (state, move) => {
          if (move !== SKIP_P_STAR && move !== SKIP_Q_STAR) out.push(char[state]!);
        });
        return String.fromCharCode(...out.reverse());
      }
    }
  }
  return null;
}

/** Walks the moves that reached `goal` back to the start, last move first. */
function forEachMove(how: Uint8Array, goal: number, cols: number, fn: (state: number, move: number) => void): void {
  let state = goal;
  while (how[state] !== 0xff) {
    const code = how[state]!;
    const move = code >> 1;
    const cell = state >> 1;
    fn(state, move);
    const from =
      move === SKIP_P_STAR || move === Q_STAR_TAKES ? cell - cols : move === SKIP_Q_STAR || move === P_STAR_TAKES ? cell - 1 : move === BOTH_STARS ? cell : cell - cols - 1;
    state = from * 2 + (code & 1);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Containment

/**
 * Does `outer` cover every path `inner` covers? Conservative: true only when outer covers everything, the two are
 * written identically, or outer is an anchored literal path (or subtree) that inner's literal prefix lies in.
 * A property test checks it never answers true wrongly.
 */
export function coversGlob(outer: Glob, inner: Glob): boolean {
  // Every glob of kind `all` covers every path: `/` and `/**/` through the root directory, the others directly.
  if (outer.kind === "all") return true;
  if (outer.source === inner.source) return true;
  if (outer.kind !== "literal" || !outer.anchored || !inner.anchored) return false;
  const k = outer.segments.length;
  if (inner.literalPrefix.length < k) return false;
  for (let s = 0; s < k; s++) if (outer.literalPrefix[s] !== inner.literalPrefix[s]) return false;
  // A directory-only outer does not cover a file named exactly like itself.
  if (outer.dirOnly) return inner.segments.length > k || inner.dirOnly;
  return true;
}
