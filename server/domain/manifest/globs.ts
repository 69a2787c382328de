/**
 * rsync-style path globs as manifests use them (`file_spec`, `mask`, `protected_spec`, `dependency_spec`).
 *
 * Syntax: an absolute path; `*` matches within one path segment, `**` as a whole segment matches zero or more
 * segments, `?` one character, `[...]` a character class (`[!...]` or `[^...]` negates, `a-z` ranges, `\` escapes).
 * Braces and extglobs are *not* special (rsync has neither), so `{a,b}` matches those characters literally.
 *
 * The glob is parsed once into segments of character sets; that parse drives the syntax checks, the matcher
 * (picomatch, fed a normalised pattern so both agree on every construct) and the overlap test, which decides
 * exactly whether two globs can match a common path and produces that path as a witness.
 */
import picomatch from "picomatch";

/** A set of UTF-16 code units; `/` is never a member. `negated` with no ranges is "any character" (`?`). */
export interface CharSet {
  negated: boolean;
  ranges: Array<[number, number]>;
}

export type SegmentPart = { kind: "star" } | { kind: "char"; set: CharSet };

export type GlobSegment =
  | { kind: "globstar" }
  | {
      kind: "pattern";
      parts: SegmentPart[];
      /** The segment's text when it has no wildcards (escapes resolved), else null. */
      literal: string | null;
      /** The segment as written, so identical segments can skip the intersection search. */
      source: string;
      /** A string the segment matches, computed on first use. */
      example?: string | null;
    };

export interface ParsedGlob {
  source: string;
  segments: GlobSegment[];
}

export type GlobProblemCode =
  | "glob.empty"
  | "glob.too_long"
  | "glob.not_absolute"
  | "glob.empty_segment"
  | "glob.trailing_slash"
  | "glob.relative_segment"
  | "glob.unbalanced_bracket"
  | "glob.invalid_class"
  | "glob.dangling_escape"
  | "glob.unsupported_syntax"
  | "glob.star_star_in_segment"
  | "glob.literal_brace";

export interface GlobProblem {
  code: GlobProblemCode;
  severity: "error" | "warning";
  message: string;
  hint?: string;
  /** Offset and length of the offending characters inside the glob string. */
  offset: number;
  length: number;
}

export const MAX_GLOB_LENGTH = 4096;

const SLASH = 0x2f;
const ANY: CharSet = { negated: true, ranges: [] };

function literalSet(code: number): CharSet {
  return { negated: false, ranges: [[code, code]] };
}

/**
 * Parts for literal ASCII characters, shared by every parsed glob: a glob is mostly literal characters, and
 * allocating a part, a set and a range per character dominated parsing long glob lists. Parts are never mutated.
 */
const ASCII_LITERAL_PARTS: readonly SegmentPart[] = Array.from({ length: 128 }, (_, code) => ({ kind: "char" as const, set: literalSet(code) }));

function literalPart(code: number): SegmentPart {
  return code < 128 ? ASCII_LITERAL_PARTS[code]! : { kind: "char", set: literalSet(code) };
}

function setHas(set: CharSet, code: number): boolean {
  if (code === SLASH || code < 0 || code > 0xffff) return false;
  let inRanges = false;
  for (const [lo, hi] of set.ranges) {
    if (code >= lo && code <= hi) {
      inRanges = true;
      break;
    }
  }
  return inRanges !== set.negated;
}

function isLiteral(set: CharSet): number | null {
  const r = set.ranges[0];
  return !set.negated && set.ranges.length === 1 && r && r[0] === r[1] ? r[0] : null;
}

/** Parses a glob; `glob` is null when there are errors (warnings alone still yield a parse). */
export function parseGlob(source: string): { glob: ParsedGlob | null; problems: GlobProblem[] } {
  const problems: GlobProblem[] = [];
  const error = (code: GlobProblemCode, message: string, offset: number, length: number, hint?: string) =>
    problems.push({ code, severity: "error", message, offset, length, ...(hint ? { hint } : {}) });
  const warning = (code: GlobProblemCode, message: string, offset: number, length: number, hint?: string) =>
    problems.push({ code, severity: "warning", message, offset, length, ...(hint ? { hint } : {}) });

  if (source.length === 0) {
    error("glob.empty", "The glob is empty.", 0, 0, "Write an absolute path such as /etc/app/**.");
    return { glob: null, problems };
  }
  if (source.length > MAX_GLOB_LENGTH) {
    error("glob.too_long", `The glob is longer than ${MAX_GLOB_LENGTH} characters.`, 0, source.length);
    return { glob: null, problems };
  }
  if (source.charCodeAt(0) !== SLASH) {
    error(
      "glob.not_absolute",
      `\`${source}\` is not absolute; globs are matched against absolute paths in the node's root filesystem.`,
      0,
      source.length,
      `Start it with /, e.g. /${source.replace(/^\.?\/*/, "")}.`,
    );
    return { glob: null, problems };
  }
  if (source === "/" || source.endsWith("/")) {
    error(
      "glob.trailing_slash",
      `\`${source}\` ends with /; file lists contain files, not directories.`,
      source.length - 1,
      1,
      `To ship everything under the directory, write ${source === "/" ? "/**" : source + "**"}.`,
    );
  }

  const segments: GlobSegment[] = [];
  let parts: SegmentPart[] = [];
  let literal: string | null = "";
  let segStart = 1;
  let braceWarned = false;
  const n = source.length;

  const finishSegment = (end: number) => {
    const text = source.slice(segStart, end);
    if (text.length === 0) {
      if (end < n) error("glob.empty_segment", `\`${source}\` contains an empty path segment (//).`, end, 1, "Remove the extra /.");
    } else if (text === "**") {
      segments.push({ kind: "globstar" });
    } else {
      if (literal === "." || literal === "..") {
        error(
          "glob.relative_segment",
          `\`${source}\` contains a \`${literal}\` segment; paths in a module are normalised and never contain . or .. segments.`,
          segStart,
          text.length,
          "Write the normalised absolute path.",
        );
      }
      segments.push({ kind: "pattern", parts, literal, source: text });
    }
    parts = [];
    literal = "";
  };

  let i = 1;
  while (i < n) {
    const c = source.charCodeAt(i);
    if (c === SLASH) {
      finishSegment(i);
      segStart = i + 1;
      i++;
      continue;
    }
    if (c === 0x5c /* \ */) {
      if (i + 1 >= n) {
        error("glob.dangling_escape", `\`${source}\` ends with a lone backslash.`, i, 1, "Remove it, or write \\\\ for a literal backslash.");
        i++;
        continue;
      }
      const lit = source.charCodeAt(i + 1);
      parts.push(literalPart(lit));
      if (literal !== null) literal += source[i + 1];
      i += 2;
      continue;
    }
    if (c === 0x2a /* * */) {
      let k = i;
      while (k < n && source.charCodeAt(k) === 0x2a) k++;
      const run = k - i;
      if (run >= 3) {
        error(
          "glob.unsupported_syntax",
          `\`${source}\` uses \`***\` (rsync's directory-and-contents form), which is not supported.`,
          i,
          run,
          "Use /dir/** — it matches the directory's contents at any depth.",
        );
      } else if (run === 2) {
        const whole = i === segStart && (k === n || source.charCodeAt(k) === SLASH);
        if (!whole) {
          warning(
            "glob.star_star_in_segment",
            `In \`${source}\`, \`**\` is not a whole path segment, so it acts like a single \`*\` and does not cross directories.`,
            i,
            2,
            "Write /dir/**/name to match at any depth, or a single * to match within one directory.",
          );
        }
      }
      if (!(run === 2 && i === segStart && (k === n || source.charCodeAt(k) === SLASH))) parts.push({ kind: "star" });
      literal = null;
      i = k;
      continue;
    }
    if (c === 0x3f /* ? */) {
      parts.push({ kind: "char", set: ANY });
      literal = null;
      i++;
      continue;
    }
    if (c === 0x5b /* [ */) {
      const start = i;
      let j = i + 1;
      let negated = false;
      if (source[j] === "!" || source[j] === "^") {
        negated = true;
        j++;
      }
      const ranges: Array<[number, number]> = [];
      let first = true;
      let closed = false;
      let bad = false;
      const readChar = (): number | null => {
        if (source.charCodeAt(j) === 0x5c) {
          if (j + 1 >= n) return null;
          const ch = source.charCodeAt(j + 1);
          j += 2;
          return ch;
        }
        const ch = source.charCodeAt(j);
        j++;
        return ch;
      };
      while (j < n) {
        const ch = source.charCodeAt(j);
        if (ch === 0x5d /* ] */ && !first) {
          closed = true;
          j++;
          break;
        }
        first = false;
        if (ch === SLASH) {
          error("glob.invalid_class", `\`${source}\` has a character class containing /; a class never matches across directories.`, j, 1);
          bad = true;
          j++;
          continue;
        }
        if (ch === 0x5b && source[j + 1] === ":") {
          const end = source.indexOf(":]", j + 2);
          error(
            "glob.unsupported_syntax",
            `\`${source}\` uses a POSIX character class such as [:alpha:], which is not supported.`,
            j,
            end === -1 ? 2 : end + 2 - j,
            "Spell the range out, e.g. [a-zA-Z] or [0-9].",
          );
          bad = true;
          j = end === -1 ? j + 2 : end + 2;
          continue;
        }
        const lo = readChar();
        if (lo === null) break;
        if (source.charCodeAt(j) === 0x2d /* - */ && j + 1 < n && source.charCodeAt(j + 1) !== 0x5d) {
          const dash = j;
          j++;
          const hi = readChar();
          if (hi === null) break;
          if (hi < lo) {
            error("glob.invalid_class", `\`${source}\` has a reversed range ${String.fromCharCode(lo)}-${String.fromCharCode(hi)} in a character class.`, dash - 1, j - dash + 1);
            bad = true;
          } else ranges.push([lo, hi]);
        } else ranges.push([lo, lo]);
      }
      if (!closed) {
        error("glob.unbalanced_bracket", `\`${source}\` has a [ that is never closed.`, start, 1, "Close it with ], or write \\[ for a literal bracket.");
        i = n;
        break;
      }
      if (!bad) parts.push({ kind: "char", set: { negated, ranges } });
      literal = null;
      i = j;
      continue;
    }
    if (c === 0x5d /* ] */) {
      error("glob.unbalanced_bracket", `\`${source}\` has a ] without a matching [.`, i, 1, "Write \\] for a literal bracket.");
      i++;
      continue;
    }
    if ((c === 0x7b || c === 0x7d) && !braceWarned) {
      braceWarned = true;
      warning(
        "glob.literal_brace",
        `\`${source}\` contains braces, which are matched literally: rsync-style globs have no {a,b} expansion.`,
        i,
        1,
        "List each alternative as its own entry.",
      );
    }
    parts.push(literalPart(c));
    if (literal !== null) literal += source[i];
    i++;
  }
  if (i >= n) finishSegment(n);

  if (problems.some((p) => p.severity === "error")) return { glob: null, problems };
  return { glob: { source, segments: collapseGlobstars(segments) }, problems };
}

/** `/**\/**` means the same as `/**`; collapsing keeps the matcher variants and the overlap search small. */
function collapseGlobstars(segments: GlobSegment[]): GlobSegment[] {
  const out: GlobSegment[] = [];
  for (const s of segments) {
    if (s.kind === "globstar" && out[out.length - 1]?.kind === "globstar") continue;
    out.push(s);
  }
  return out;
}

export function checkGlob(glob: string): GlobProblem[] {
  return parseGlob(glob).problems;
}

export class GlobSyntaxError extends Error {
  constructor(
    readonly glob: string,
    readonly problems: GlobProblem[],
  ) {
    super(`Invalid glob ${JSON.stringify(glob)}: ${problems.map((p) => p.message).join(" ")}`);
    this.name = "GlobSyntaxError";
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Matching (picomatch)

const PICOMATCH_OPTIONS: picomatch.PicomatchOptions = {
  dot: true,
  nobrace: true,
  noextglob: true,
  nonegate: true,
  strictBrackets: true,
  // Explicit, so picomatch never probes the platform (this module also runs in the browser).
  windows: false,
};

function escapeLiteral(code: number): string {
  const ch = String.fromCharCode(code);
  return /[A-Za-z0-9]/.test(ch) ? ch : "\\" + ch;
}

function setToPattern(set: CharSet): string {
  const lit = isLiteral(set);
  if (lit !== null) return escapeLiteral(lit);
  if (set.negated && set.ranges.length === 0) return "?";
  const body = set.ranges
    .map(([lo, hi]) => (lo === hi ? escapeLiteral(lo) : `${escapeLiteral(lo)}-${escapeLiteral(hi)}`))
    .join("");
  return `[${set.negated ? "^" : ""}${body}]`;
}

function segmentsToPattern(segments: GlobSegment[]): string {
  return (
    "/" +
    segments
      .map((s) => (s.kind === "globstar" ? "**" : s.parts.map((p) => (p.kind === "star" ? "*" : setToPattern(p.set))).join("")))
      .join("/")
  );
}

export type GlobMatcher = (path: string) => boolean;

/**
 * Compiles a glob into a matcher for absolute paths. Throws GlobSyntaxError for an invalid glob.
 *
 * picomatch lets `**` match zero segments in the middle (`/a/**\/b` matches `/a/b`) but not always at the start
 * or end (`/**\/x` does not match `/x`; `/a/x*\/**` does not match `/a/xy`), so those two zero-segment cases
 * are matched with extra variants. The result: `**` as a segment means "zero or more segments" everywhere.
 */
export function compileGlob(glob: string): GlobMatcher {
  const { glob: parsed, problems } = parseGlob(glob);
  if (!parsed) throw new GlobSyntaxError(glob, problems.filter((p) => p.severity === "error"));
  const segs = parsed.segments;
  const variants: GlobSegment[][] = [segs];
  const leading = segs.length > 1 && segs[0]?.kind === "globstar";
  const trailing = segs.length > 1 && segs[segs.length - 1]?.kind === "globstar";
  if (leading) variants.push(segs.slice(1));
  if (trailing) variants.push(segs.slice(0, -1));
  if (leading && trailing && segs.length > 2) variants.push(segs.slice(1, -1));
  const matchers = variants.map((v) => picomatch(segmentsToPattern(v), PICOMATCH_OPTIONS));
  return (path: string) => matchers.some((m) => m(path));
}

const matcherCache = new Map<string, GlobMatcher | null>();
const MATCHER_CACHE_LIMIT = 5000;

/** Whether `path` matches `glob`; an invalid glob matches nothing. Compiled matchers are cached. */
export function globMatches(glob: string, path: string): boolean {
  let m = matcherCache.get(glob);
  if (m === undefined) {
    try {
      m = compileGlob(glob);
    } catch {
      m = null;
    }
    if (matcherCache.size >= MATCHER_CACHE_LIMIT) matcherCache.clear();
    matcherCache.set(glob, m);
  }
  return m !== null && m(path);
}

// ---------------------------------------------------------------------------------------------------------------
// Overlap

const PREFERRED_CHARS = [0x61 /* a */, 0x62, 0x78 /* x */, 0x30 /* 0 */, 0x5f /* _ */, 0x2d /* - */, 0x41 /* A */, 0x01];

/** A character in both sets, or null. Complete: a non-empty intersection contains one of these candidates. */
function commonChar(a: CharSet, b: CharSet): number | null {
  const candidates: number[] = [...PREFERRED_CHARS];
  for (const set of [a, b]) {
    for (const [lo, hi] of set.ranges) candidates.push(lo, hi, lo - 1, hi + 1);
  }
  for (const c of candidates) if (setHas(a, c) && setHas(b, c)) return c;
  return null;
}

const STAR_ONLY: SegmentPart[] = [{ kind: "star" }];

type PatternSegment = Extract<GlobSegment, { kind: "pattern" }>;

function segmentExample(segment: PatternSegment): string | null {
  if (segment.example === undefined) segment.example = segment.literal ?? segmentWitness(segment.parts, STAR_ONLY);
  return segment.example;
}

/** A string both segments match, skipping the search when both are literals or spelled identically. */
function segmentIntersection(a: PatternSegment, b: PatternSegment): string | null {
  if (a.literal !== null && b.literal !== null) return a.literal === b.literal ? a.literal : null;
  if (a.source === b.source) return segmentExample(a);
  return segmentWitness(a.parts, b.parts);
}

/**
 * A non-empty string matching both segment patterns, or null. Breadth-first search over pairs of positions (the
 * product of the two patterns' automata), so it is exact and runs in O(|p|·|q|).
 */
function segmentWitness(p: SegmentPart[], q: SegmentPart[]): string | null {
  const W = q.length + 1;
  const key = (a: number, b: number, ne: number) => (a * W + b) * 2 + ne;
  const parent = new Map<number, { from: number; ch: number | null }>();
  const start = key(0, 0, 0);
  parent.set(start, { from: -1, ch: null });
  const queue: Array<[number, number, number]> = [[0, 0, 0]];
  const goal = key(p.length, q.length, 1);
  for (let qi = 0; qi < queue.length; qi++) {
    const state = queue[qi];
    if (!state) break;
    const [a, b, ne] = state;
    const here = key(a, b, ne);
    if (here === goal) {
      const chars: number[] = [];
      let cur = here;
      for (;;) {
        const step = parent.get(cur);
        if (!step || step.from < 0) break;
        if (step.ch !== null) chars.push(step.ch);
        cur = step.from;
      }
      return String.fromCharCode(...chars.reverse());
    }
    const visit = (na: number, nb: number, nne: number, ch: number | null) => {
      const k = key(na, nb, nne);
      if (parent.has(k)) return;
      parent.set(k, { from: here, ch });
      queue.push([na, nb, nne]);
    };
    const pa = p[a];
    const qb = q[b];
    if (pa?.kind === "star") visit(a + 1, b, ne, null);
    if (qb?.kind === "star") visit(a, b + 1, ne, null);
    if (!pa || !qb) continue;
    if (pa.kind === "star" && qb.kind === "star") visit(a, b, 1, 0x61);
    else if (pa.kind === "star" && qb.kind === "char") {
      const c = commonChar(ANY, qb.set);
      if (c !== null) visit(a, b + 1, 1, c);
    } else if (pa.kind === "char" && qb.kind === "star") {
      const c = commonChar(pa.set, ANY);
      if (c !== null) visit(a + 1, b, 1, c);
    } else if (pa.kind === "char" && qb.kind === "char") {
      const c = commonChar(pa.set, qb.set);
      if (c !== null) visit(a + 1, b + 1, 1, c);
    }
  }
  return null;
}

/**
 * A path (with at least one segment) that both parsed globs match, or null when no path can match both.
 * Exact for the glob language above: `**` segments consume zero or more whole segments, pattern segments are
 * intersected character by character. Paths are assumed normalised (no `.`/`..` segments, no trailing slash).
 */
export function parsedGlobsOverlap(x: ParsedGlob, y: ParsedGlob): string | null {
  const A = x.segments;
  const B = y.segments;
  // Fast path for the common case (no `**` on either side): segments pair up one to one, and literal segments
  // compare as strings, so most non-overlapping pairs are rejected without building any search state.
  if (!A.some((s) => s.kind === "globstar") && !B.some((s) => s.kind === "globstar")) {
    if (A.length !== B.length) return null;
    for (let i = 0; i < A.length; i++) {
      const a = A[i];
      const b = B[i];
      if (a?.kind === "pattern" && b?.kind === "pattern" && a.literal !== null && b.literal !== null && a.literal !== b.literal) return null;
    }
    const segs: string[] = [];
    for (let i = 0; i < A.length; i++) {
      const a = A[i];
      const b = B[i];
      if (!a || !b || a.kind !== "pattern" || b.kind !== "pattern") return null;
      if (a.literal !== null && b.literal !== null) {
        segs.push(a.literal);
        continue;
      }
      const w = segmentIntersection(a, b);
      if (w === null) return null;
      segs.push(w);
    }
    return "/" + segs.join("/");
  }
  // Without a leading (trailing) `**`, the first (last) segments must match the same path segment.
  for (const [a, b] of [
    [A[0], B[0]],
    [A[A.length - 1], B[B.length - 1]],
  ] as const) {
    if (a?.kind === "pattern" && b?.kind === "pattern" && segmentIntersection(a, b) === null) return null;
  }
  const W = B.length + 1;
  const key = (i: number, j: number, ne: number) => (i * W + j) * 2 + ne;
  const segMemo = new Map<number, string | null>();
  const segPair = (i: number, j: number, p: PatternSegment, q: PatternSegment) => {
    const k = i * W + j;
    if (!segMemo.has(k)) segMemo.set(k, segmentIntersection(p, q));
    return segMemo.get(k) ?? null;
  };
  const parent = new Map<number, { from: number; seg: string | null }>();
  parent.set(key(0, 0, 0), { from: -1, seg: null });
  const queue: Array<[number, number, number]> = [[0, 0, 0]];
  const goal = key(A.length, B.length, 1);
  for (let qi = 0; qi < queue.length; qi++) {
    const state = queue[qi];
    if (!state) break;
    const [i, j, ne] = state;
    const here = key(i, j, ne);
    if (here === goal) {
      const segs: string[] = [];
      let cur = here;
      for (;;) {
        const step = parent.get(cur);
        if (!step || step.from < 0) break;
        if (step.seg !== null) segs.push(step.seg);
        cur = step.from;
      }
      return "/" + segs.reverse().join("/");
    }
    const visit = (ni: number, nj: number, nne: number, seg: string | null) => {
      const k = key(ni, nj, nne);
      if (parent.has(k)) return;
      parent.set(k, { from: here, seg });
      queue.push([ni, nj, nne]);
    };
    const a = A[i];
    const b = B[j];
    if (a?.kind === "globstar") visit(i + 1, j, ne, null);
    if (b?.kind === "globstar") visit(i, j + 1, ne, null);
    if (!a || !b) continue;
    if (a.kind === "globstar" && b.kind === "globstar") visit(i, j, 1, "a");
    else if (a.kind === "globstar" && b.kind === "pattern") {
      const s = segmentExample(b);
      if (s !== null) visit(i, j + 1, 1, s);
    } else if (a.kind === "pattern" && b.kind === "globstar") {
      const s = segmentExample(a);
      if (s !== null) visit(i + 1, j, 1, s);
    } else if (a.kind === "pattern" && b.kind === "pattern") {
      const s = segPair(i, j, a, b);
      if (s !== null) visit(i + 1, j + 1, 1, s);
    }
  }
  return null;
}

/** A path both globs match, or null if none can (or either glob is invalid). */
export function globsOverlap(a: string, b: string): string | null {
  const pa = parseGlob(a).glob;
  const pb = parseGlob(b).glob;
  if (!pa || !pb) return null;
  return parsedGlobsOverlap(pa, pb);
}

/** Escapes a concrete path so it can be used as a glob that matches exactly that path. */
export function escapeGlobLiteral(path: string): string {
  return path.replace(/[\\*?[\]]/g, (c) => "\\" + c);
}
