/**
 * rsync-style globs for file_spec, mask and protected_spec (SPEC §2, §3).
 *
 * Semantics (decided here, documented in docs/composition.md):
 * - A glob is split on `/` into segments. `**` as a whole segment matches zero or more path segments
 *   (`***` is rsync's spelling of the same thing); every other segment is matched against exactly one path
 *   segment by picomatch (`*`, `?`, `[...]` incl. `[!...]` and POSIX classes, `\` escapes; `dot: true`).
 *   rsync has no braces or extglobs, so `{ } ( ) | + @ !` are literal characters.
 * - A glob selects a file or a directory, and selecting a directory selects everything below it (rsync prunes
 *   an excluded directory; a build copies an included directory recursively). So a glob matches a path when it
 *   matches the path itself or any ancestor directory of it. `/etc/nginx`, `/etc/nginx/` and `/etc/nginx/**`
 *   therefore all cover `/etc/nginx/nginx.conf`; only the first two differ for a *file* named `/etc/nginx`
 *   (a trailing `/` means "directories only").
 * - A glob that does not start with `/` floats, as in rsync: `*.pyc` and `cache/*.bin` match at any depth
 *   (they are read as `/**\/*.pyc`, `/**\/cache/*.bin`).
 * - `**` inside a segment (`foo**`) behaves like `*` (picomatch); write `foo*\/**` to cross directories.
 *
 * The matcher is a tiny NFA over segments whose state set is a bitmask, so globs are limited to 30 segments.
 */
import picomatch from "picomatch/posix";

export const MAX_GLOB_SEGMENTS = 30;

const PICOMATCH_OPTIONS = {
  dot: true,
  posix: true,
  nobrace: true,
  noextglob: true,
  nonegate: true,
  strictSlashes: true,
} as const;

/** One character-consuming (or star) token of a segment pattern; used by the overlap test. */
export type SegmentToken =
  | { kind: "star" }
  | { kind: "any" }
  | { kind: "char"; char: string }
  | { kind: "class"; re: RegExp; negated: boolean };

export type GlobSegment =
  | { kind: "globstar" }
  | { kind: "literal"; text: string }
  | { kind: "pattern"; source: string; re: RegExp; tokens: readonly SegmentToken[] };

export type GlobKind = "none" | "all" | "literal" | "pattern";

export interface CompiledGlob {
  /** The glob as written. */
  readonly source: string;
  /** `none`: matches nothing (see `problem`); `all`: everything; `literal`: a path and its subtree. */
  readonly kind: GlobKind;
  readonly segments: readonly GlobSegment[];
  /** Trailing `/`: the glob selects directories only (so only paths strictly below a match). */
  readonly dirOnly: boolean;
  /** The glob was written without a leading `/` and floats (rsync). */
  readonly floating: boolean;
  /** Leading literal segments joined as a path (`/usr/lib` for `/usr/lib/*.so`), `""` when none. */
  readonly literalPrefix: string;
  readonly literalPrefixSegments: number;
  /** Bit i set when segments[i] is a globstar. */
  readonly globstarMask: number;
  /** Why the glob matches nothing, when kind is `none`. */
  readonly problem: string | null;
}

const GLOBSTAR: GlobSegment = { kind: "globstar" };
/** Characters rsync takes literally but picomatch would treat as syntax. */
const RSYNC_LITERAL = new Set(["(", ")", "{", "}", "|", "+", "@", "!"]);

interface ScannedSegment {
  tokens: SegmentToken[];
  /** The segment rewritten for picomatch (rsync literals escaped). */
  picomatchSource: string;
  literal: string | null;
}

function classEnd(s: string, open: number): number {
  let k = open + 1;
  if (s[k] === "!" || s[k] === "^") k++;
  if (s[k] === "]") k++;
  for (; k < s.length; k++) {
    // A POSIX class (`[:digit:]`) inside the brackets has its own `]`.
    if (s[k] === "[" && s[k + 1] === ":") {
      const end = s.indexOf(":]", k + 2);
      if (end >= 0) {
        k = end + 1;
        continue;
      }
    }
    if (s[k] === "]") return k;
  }
  return -1;
}

function scanSegment(seg: string): ScannedSegment {
  const tokens: SegmentToken[] = [];
  let out = "";
  let literal = "";
  let wild = false;
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i]!;
    if (c === "\\" && i + 1 < seg.length) {
      const next = seg[i + 1]!;
      tokens.push({ kind: "char", char: next });
      out += "\\" + next;
      literal += next;
      i++;
    } else if (c === "*") {
      if (tokens[tokens.length - 1]?.kind !== "star") tokens.push({ kind: "star" });
      out += "*";
      wild = true;
    } else if (c === "?") {
      tokens.push({ kind: "any" });
      out += "?";
      wild = true;
    } else if (c === "[") {
      const close = classEnd(seg, i);
      if (close < 0) {
        tokens.push({ kind: "char", char: "[" });
        out += "\\[";
        literal += "[";
      } else {
        const cls = seg.slice(i, close + 1);
        const negated = cls[1] === "!" || cls[1] === "^";
        tokens.push({ kind: "class", re: picomatch.makeRe(cls, PICOMATCH_OPTIONS), negated });
        out += cls;
        wild = true;
        i = close;
      }
    } else {
      tokens.push({ kind: "char", char: c });
      out += RSYNC_LITERAL.has(c) ? "\\" + c : c;
      literal += c;
    }
  }
  return { tokens, picomatchSource: out, literal: wild ? null : literal };
}

function noneGlob(source: string, problem: string): CompiledGlob {
  return {
    source,
    kind: "none",
    segments: [],
    dirOnly: false,
    floating: false,
    literalPrefix: "",
    literalPrefixSegments: 0,
    globstarMask: 0,
    problem,
  };
}

/** Compile one glob. Never throws; an unusable glob compiles to kind `none` with a `problem`. */
export function compileGlob(source: string): CompiledGlob {
  if (source.length === 0) return noneGlob(source, "the glob is empty");
  let body = source;
  const floating = !body.startsWith("/");
  let dirOnly = false;
  if (body.length > 1 && body.endsWith("/")) {
    dirOnly = true;
    body = body.replace(/\/+$/, "");
  }
  const raw = body.split("/").filter((s) => s.length > 0);
  const segments: GlobSegment[] = [];
  if (floating) segments.push(GLOBSTAR);
  for (const part of raw) {
    if (part === "**" || part === "***") {
      if (segments[segments.length - 1]?.kind !== "globstar") segments.push(GLOBSTAR);
      continue;
    }
    const scanned = scanSegment(part);
    if (scanned.literal !== null) segments.push({ kind: "literal", text: scanned.literal });
    else
      segments.push({
        kind: "pattern",
        source: part,
        re: picomatch.makeRe(scanned.picomatchSource, PICOMATCH_OPTIONS),
        tokens: scanned.tokens,
      });
  }
  // Matching a directory matches its subtree, so trailing globstars add nothing.
  while (segments.length > 0 && segments[segments.length - 1]!.kind === "globstar") segments.pop();
  if (segments.length > MAX_GLOB_SEGMENTS)
    return noneGlob(source, `the glob has more than ${MAX_GLOB_SEGMENTS} segments`);

  let globstarMask = 0;
  let literalPrefixSegments = 0;
  let prefixOpen = true;
  let literalPrefix = "";
  let allLiteral = true;
  segments.forEach((s, i) => {
    if (s.kind === "globstar") globstarMask |= 1 << i;
    if (s.kind !== "literal") allLiteral = false;
    if (prefixOpen && s.kind === "literal") {
      literalPrefix += "/" + s.text;
      literalPrefixSegments++;
    } else prefixOpen = false;
  });
  const kind: GlobKind = segments.length === 0 ? "all" : allLiteral ? "literal" : "pattern";
  return {
    source,
    kind,
    segments,
    dirOnly: kind === "all" ? false : dirOnly,
    floating,
    literalPrefix,
    literalPrefixSegments,
    globstarMask,
    problem: null,
  };
}

/**
 * Wildcard matching over a segment's tokens in O(tokens × name) with the classic "resume after the last star"
 * scan. picomatch's regexes backtrack: `*a*a*a*a*a*a*a*a*a*a*a*a*b` against a long name of `a`s takes minutes,
 * and globs come from manifests and from the overlay's search box, so the regex is never run on a long name.
 */
function tokensMatch(tokens: readonly SegmentToken[], name: string): boolean {
  let t = 0;
  let n = 0;
  let starT = -1;
  let starN = 0;
  while (n < name.length) {
    const tok = tokens[t];
    if (tok !== undefined && tok.kind === "star") {
      starT = t++;
      starN = n;
      continue;
    }
    if (tok !== undefined && tokenAccepts(tok, name[n]!)) {
      t++;
      n++;
      continue;
    }
    if (starT < 0) return false;
    t = starT + 1;
    n = ++starN;
  }
  while (tokens[t]?.kind === "star") t++;
  return t === tokens.length;
}

function tokenAccepts(tok: Exclude<SegmentToken, { kind: "star" }>, ch: string): boolean {
  if (tok.kind === "char") return tok.char === ch;
  if (tok.kind === "any") return true;
  return tok.re.test(ch);
}

/**
 * The common shapes (`*.conf`, `lib*`, `ssl-*.conf`: literal text around one star) become string comparisons;
 * everything else uses the token scan. Cached per compiled segment.
 */
const matchers = new WeakMap<GlobSegment, (name: string) => boolean>();

function matcherFor(seg: Extract<GlobSegment, { kind: "pattern" }>): (name: string) => boolean {
  let m = matchers.get(seg);
  if (m !== undefined) return m;
  const stars = seg.tokens.filter((t) => t.kind === "star").length;
  const literal = seg.tokens.every((t) => t.kind === "star" || t.kind === "char");
  if (literal && stars === 1) {
    const at = seg.tokens.findIndex((t) => t.kind === "star");
    const text = (from: number, to: number) => seg.tokens.slice(from, to).map((t) => (t.kind === "char" ? t.char : "")).join("");
    const prefix = text(0, at);
    const suffix = text(at + 1, seg.tokens.length);
    const min = prefix.length + suffix.length;
    m = (name) => name.length >= min && name.startsWith(prefix) && name.endsWith(suffix);
  } else {
    const tokens = seg.tokens;
    m = (name) => tokensMatch(tokens, name);
  }
  matchers.set(seg, m);
  return m;
}

/** Does one (non-globstar) glob segment match one path segment? */
export function segmentMatches(seg: GlobSegment, name: string): boolean {
  if (seg.kind === "literal") return seg.text === name;
  // picomatch special-cases the names "." and ".." (a leading `*` never matches them); on two characters its
  // regex is cheap, so keep its exact answer there.
  if (seg.kind === "pattern") return name === "." || name === ".." ? seg.re.test(name) : matcherFor(seg)(name);
  return true;
}

/** The NFA start state: position 0 plus the closure over leading globstars. */
export function initialStates(glob: CompiledGlob): number {
  return closeStates(glob, 1);
}

function closeStates(glob: CompiledGlob, states: number): number {
  const gs = glob.globstarMask;
  if (gs === 0) return states;
  let out = states;
  for (let i = 0; i < glob.segments.length; i++) {
    if ((gs & (1 << i)) !== 0 && (out & (1 << i)) !== 0) out |= 1 << (i + 1);
  }
  return out;
}

/** Consume one path segment; returns the next state set (0 = dead). */
export function advanceStates(glob: CompiledGlob, states: number, name: string): number {
  const segs = glob.segments;
  let out = 0;
  for (let i = 0; i < segs.length; i++) {
    const bit = 1 << i;
    if ((states & bit) === 0) continue;
    const seg = segs[i]!;
    if (seg.kind === "globstar") out |= bit;
    else if (segmentMatches(seg, name)) out |= bit << 1;
  }
  return out === 0 ? 0 : closeStates(glob, out);
}

/** True when the state set has consumed the whole glob. */
export function isAccepting(glob: CompiledGlob, states: number): boolean {
  return (states & (1 << glob.segments.length)) !== 0;
}

/**
 * Reference matcher: does `glob` select `path` (the path itself, or an ancestor directory of it)?
 * `path` is absolute (`/etc/nginx/nginx.conf`). The composition engine uses the directory-cached index in
 * `glob-index.ts`, which property tests check against this function.
 */
export function globMatches(glob: CompiledGlob | string, path: string): boolean {
  const g = typeof glob === "string" ? compileGlob(glob) : glob;
  if (g.kind === "none") return false;
  if (g.kind === "all") return true;
  const parts = path.split("/").filter((s) => s.length > 0);
  let states = initialStates(g);
  for (let k = 0; k < parts.length; k++) {
    states = advanceStates(g, states, parts[k]!);
    if (states === 0) return false;
    if (isAccepting(g, states) && (k < parts.length - 1 || !g.dirOnly)) return true;
  }
  return false;
}

/** Returns a function giving the index of the first glob that matches a path, or -1. */
export function createGlobMatcher(globs: readonly string[]): (path: string) => number {
  const compiled = globs.map(compileGlob);
  return (path) => compiled.findIndex((g) => globMatches(g, path));
}

// ---------------------------------------------------------------------------------------------------------
// Overlap and cover tests (used when only globs are known).

/** Characters tried when deciding whether two character classes share a character. */
const CLASS_PROBE: string[] = (() => {
  const out: string[] = [];
  for (let c = 0x20; c < 0x250; c++) if (c !== 0x2f && (c < 0x7f || c >= 0xa0)) out.push(String.fromCharCode(c));
  return out;
})();

function tokensCompatible(a: SegmentToken, b: SegmentToken): boolean {
  if (a.kind === "any" || b.kind === "any") return true;
  if (a.kind === "char" && b.kind === "char") return a.char === b.char;
  if (a.kind === "char" && b.kind === "class") return b.re.test(a.char);
  if (a.kind === "class" && b.kind === "char") return a.re.test(b.char);
  if (a.kind === "class" && b.kind === "class") {
    if (CLASS_PROBE.some((c) => a.re.test(c) && b.re.test(c))) return true;
    // Two negated classes always share some character outside the probed range.
    return a.negated && b.negated;
  }
  return true;
}

function tokensOf(seg: GlobSegment): readonly SegmentToken[] {
  if (seg.kind === "pattern") return seg.tokens;
  if (seg.kind === "literal") return Array.from(seg.text, (char) => ({ kind: "char", char }) as const);
  return [{ kind: "star" }];
}

/** Can some single path segment match both segment patterns? Exact for `*`, `?`, literals; classes probed. */
export function segmentsIntersect(a: GlobSegment, b: GlobSegment): boolean {
  if (a.kind === "globstar" || b.kind === "globstar") return true;
  if (a.kind === "literal" && b.kind === "literal") return a.text === b.text;
  if (a.kind === "literal") return segmentMatches(b, a.text);
  if (b.kind === "literal") return segmentMatches(a, b.text);
  const ta = tokensOf(a);
  const tb = tokensOf(b);
  const memo = new Map<number, boolean>();
  const width = tb.length + 1;
  // Product of the two token NFAs; a star is a self-loop on any character plus an epsilon move.
  const go = (i: number, j: number): boolean => {
    if (i === ta.length && j === tb.length) return true;
    const key = i * width + j;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    memo.set(key, false);
    const x = ta[i];
    const y = tb[j];
    let ok = false;
    if (x?.kind === "star" && go(i + 1, j)) ok = true;
    else if (y?.kind === "star" && go(i, j + 1)) ok = true;
    else if (x?.kind === "star" && y !== undefined && y.kind !== "star" && go(i, j + 1)) ok = true;
    else if (y?.kind === "star" && x !== undefined && x.kind !== "star" && go(i + 1, j)) ok = true;
    else if (x !== undefined && y !== undefined && x.kind !== "star" && y.kind !== "star" && tokensCompatible(x, y))
      ok = go(i + 1, j + 1);
    memo.set(key, ok);
    return ok;
  };
  return go(0, 0);
}

const ANY_SEGMENT: GlobSegment = {
  kind: "pattern",
  source: "*",
  re: /^[^/]+$/,
  tokens: [{ kind: "star" }],
};

/** The glob's selected set as a segment sequence that is closed under "and everything below". */
function extendedSegments(g: CompiledGlob): GlobSegment[] {
  const segs = [...g.segments];
  if (g.dirOnly) segs.push(ANY_SEGMENT);
  segs.push(GLOBSTAR);
  return segs;
}

/**
 * Can some path be selected by both globs? Sound (never answers false when a common path exists, which the
 * property tests check); exact for literals, `*`, `?` and `**`; character classes are compared by probing
 * the characters U+0020–U+024F, so two classes sharing only a rarer character are reported disjoint unless
 * both are negated.
 */
export function globsOverlap(a: CompiledGlob | string, b: CompiledGlob | string): boolean {
  const ga = typeof a === "string" ? compileGlob(a) : a;
  const gb = typeof b === "string" ? compileGlob(b) : b;
  if (ga.kind === "none" || gb.kind === "none") return false;
  // Cheap reject: literal prefixes must be comparable segment-wise.
  const n = Math.min(ga.literalPrefixSegments, gb.literalPrefixSegments);
  for (let i = 0; i < n; i++) {
    const x = ga.segments[i];
    const y = gb.segments[i];
    if (x?.kind === "literal" && y?.kind === "literal" && x.text !== y.text) return false;
  }
  const sa = extendedSegments(ga);
  const sb = extendedSegments(gb);
  const width = sb.length + 1;
  const memo = new Map<number, boolean>();
  const go = (i: number, j: number): boolean => {
    if (i === sa.length && j === sb.length) return true;
    const key = i * width + j;
    const cached = memo.get(key);
    if (cached !== undefined) return cached;
    memo.set(key, false);
    const x = sa[i];
    const y = sb[j];
    let ok = false;
    if (x?.kind === "globstar" && go(i + 1, j)) ok = true;
    else if (y?.kind === "globstar" && go(i, j + 1)) ok = true;
    else if (x?.kind === "globstar" && y !== undefined && y.kind !== "globstar" && go(i, j + 1)) ok = true;
    else if (y?.kind === "globstar" && x !== undefined && x.kind !== "globstar" && go(i + 1, j)) ok = true;
    else if (
      x !== undefined &&
      y !== undefined &&
      x.kind !== "globstar" &&
      y.kind !== "globstar" &&
      segmentsIntersect(x, y)
    )
      ok = go(i + 1, j + 1);
    memo.set(key, ok);
    return ok;
  };
  return go(0, 0);
}

/**
 * Does `outer` select every path `inner` selects? Conservative: answers true only when outer selects
 * everything, or outer is a literal path/subtree that inner's literal prefix lies in (or they are identical).
 */
export function globCovers(outer: CompiledGlob | string, inner: CompiledGlob | string): boolean {
  const o = typeof outer === "string" ? compileGlob(outer) : outer;
  const i = typeof inner === "string" ? compileGlob(inner) : inner;
  if (i.kind === "none") return true;
  if (o.kind === "all") return true;
  if (o.kind === "none") return false;
  if (o.source === i.source) return true;
  if (o.kind !== "literal" || o.floating) return false;
  const k = o.segments.length;
  if (i.literalPrefixSegments < k) return false;
  for (let s = 0; s < k; s++) {
    const a = o.segments[s];
    const b = i.segments[s];
    if (a?.kind !== "literal" || b?.kind !== "literal" || a.text !== b.text) return false;
  }
  // A directory-only outer does not select a file named exactly like itself.
  if (o.dirOnly) return i.segments.length > k || i.dirOnly;
  return true;
}
