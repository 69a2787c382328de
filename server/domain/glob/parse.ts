/**
 * Parsing a glob into segments, with every problem located to the character (docs/globs.md, "Syntax").
 * One pass, linear in the glob's length; at most one problem of each code is reported per glob, so a hostile
 * glob cannot flood the editor with markers.
 */
import { MAX_GLOB_LENGTH, MAX_GLOB_SEGMENTS, MAX_GLOB_WILDCARDS } from "./limits";
import { compileSegmentTest, matchesAll, segmentChunks, shortestMatchingPrefix, splitPath } from "./match";
import type { CharSet, Glob, GlobParse, GlobProblem, GlobProblemCode, GlobSegment, SegmentToken } from "./types";

const SLASH = 0x2f;
const BACKSLASH = 0x5c;
const STAR = 0x2a;
const QUESTION = 0x3f;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

export const ANY_CHAR: CharSet = { negated: true, ranges: [] };
const STAR_TOKEN: SegmentToken = { kind: "star" };
const ANY_TOKEN: SegmentToken = { kind: "char", set: ANY_CHAR };
export const GLOBSTAR: GlobSegment = { kind: "globstar" };

/**
 * Tokens for literal ASCII characters, shared by every parsed glob: a glob is mostly literal characters, and
 * allocating a token and a set per character dominated parsing long glob lists.
 */
const ASCII_TOKENS: readonly SegmentToken[] = Array.from({ length: 128 }, (_, code) => ({
  kind: "char" as const,
  set: { negated: false, ranges: [[code, code] as const] },
}));

export function literalToken(code: number): SegmentToken {
  return code < 128 ? ASCII_TOKENS[code]! : { kind: "char", set: { negated: false, ranges: [[code, code]] } };
}

/** POSIX classes inside brackets (`[[:digit:]]`), ASCII only, as rsync's matcher defines them. */
const POSIX_CLASSES: Record<string, Array<[number, number]>> = {
  alnum: [[0x30, 0x39], [0x41, 0x5a], [0x61, 0x7a]],
  alpha: [[0x41, 0x5a], [0x61, 0x7a]],
  blank: [[0x09, 0x09], [0x20, 0x20]],
  cntrl: [[0x00, 0x1f], [0x7f, 0x7f]],
  digit: [[0x30, 0x39]],
  graph: [[0x21, 0x7e]],
  lower: [[0x61, 0x7a]],
  print: [[0x20, 0x7e]],
  punct: [[0x21, 0x2f], [0x3a, 0x40], [0x5b, 0x60], [0x7b, 0x7e]],
  space: [[0x09, 0x0d], [0x20, 0x20]],
  upper: [[0x41, 0x5a]],
  xdigit: [[0x30, 0x39], [0x41, 0x46], [0x61, 0x66]],
};

class Problems {
  readonly list: GlobProblem[] = [];
  private readonly seen = new Set<GlobProblemCode>();
  hasError = false;

  add(severity: "error" | "warning", code: GlobProblemCode, message: string, offset: number, length: number, hint?: string): void {
    if (severity === "error") this.hasError = true;
    if (this.seen.has(code)) return;
    this.seen.add(code);
    this.list.push({ code, severity, message, offset, length, ...(hint ? { hint } : {}) });
  }
}

interface RawSegment {
  /** Offset of the segment's first character in the glob. */
  start: number;
  text: string;
  tokens: SegmentToken[];
  /** The text with escapes resolved when the segment has no wildcard, else null. */
  literal: string | null;
  globstar: boolean;
}

/**
 * Parses are cached: the account checks parse every other module's globs on each validation, and the composer and
 * the overlay search see the same globs again and again. Results are immutable. The cache holds at most
 * PARSE_CACHE_CHARACTERS characters of glob text (about 10 MB of parsed form) and starts over when full.
 */
const PARSE_CACHE_CHARACTERS = 1_000_000;
const parseCache = new Map<string, GlobParse>();
let parseCacheCharacters = 0;

export function parseGlob(source: string): GlobParse {
  const cached = parseCache.get(source);
  if (cached !== undefined) return cached;
  const parsed = parseUncached(source);
  if (source.length <= MAX_GLOB_LENGTH) {
    if (parseCacheCharacters + source.length > PARSE_CACHE_CHARACTERS) {
      parseCache.clear();
      parseCacheCharacters = 0;
    }
    parseCache.set(source, parsed);
    parseCacheCharacters += source.length;
  }
  return parsed;
}

function parseUncached(source: string): GlobParse {
  const problems = new Problems();
  const n = source.length;
  if (n === 0) {
    problems.add("error", "glob.empty", "The glob is empty.", 0, 0, "Write a path such as /etc/app/**.");
    return { glob: null, problems: problems.list };
  }
  if (n > MAX_GLOB_LENGTH) {
    problems.add(
      "error",
      "glob.too_long",
      `The glob is ${n} characters long; globs have at most ${MAX_GLOB_LENGTH}.`,
      0,
      n,
      "Shorten it, e.g. end it with /** where the path becomes specific enough.",
    );
    return { glob: null, problems: problems.list };
  }

  const anchored = source.charCodeAt(0) === SLASH;
  const dirOnly = n > 1 && source.charCodeAt(n - 1) === SLASH;
  const raw: RawSegment[] = [];
  let wildcards = 0;
  let excessWildcardAt = -1;
  const countWildcard = (at: number) => {
    wildcards++;
    if (wildcards === MAX_GLOB_WILDCARDS + 1) excessWildcardAt = at;
  };

  let i = anchored ? 1 : 0;
  let seg: RawSegment = { start: i, text: "", tokens: [], literal: "", globstar: false };
  const finishSegment = (end: number) => {
    seg.text = source.slice(seg.start, end);
    if (seg.text.length === 0) {
      // A leading or trailing `/` delimits nothing; `//` inside is read as `/`.
      if (end > (anchored ? 1 : 0) && end < n)
        problems.add("warning", "glob.empty_segment", `\`${source}\` contains an empty path segment (//); it is read as a single /.`, end, 1, "Remove the extra /.");
    } else raw.push(seg);
  };

  while (i < n) {
    const c = source.charCodeAt(i);
    if (c === SLASH) {
      finishSegment(i);
      i++;
      seg = { start: i, text: "", tokens: [], literal: "", globstar: false };
      continue;
    }
    if (c === BACKSLASH) {
      if (i + 1 >= n) {
        problems.add("error", "glob.dangling_escape", `\`${source}\` ends with a lone backslash.`, i, 1, "Remove it, or write \\\\ for a literal backslash.");
        i++;
        continue;
      }
      const escaped = source.charCodeAt(i + 1);
      seg.tokens.push(literalToken(escaped));
      if (seg.literal !== null) seg.literal += source[i + 1];
      i += 2;
      continue;
    }
    if (c === STAR) {
      let k = i;
      while (k < n && source.charCodeAt(k) === STAR) k++;
      const run = k - i;
      const wholeSegment = i === seg.start && (k === n || source.charCodeAt(k) === SLASH);
      countWildcard(i);
      if (wholeSegment && run >= 2) {
        // `**`, and rsync's `***` (the directory and everything below: the same thing here).
        seg.globstar = true;
      } else {
        if (run >= 2)
          problems.add(
            "warning",
            "glob.star_star_in_segment",
            `In \`${source}\`, \`${"*".repeat(run)}\` is not a whole path segment, so it acts like a single \`*\` and does not cross directories.`,
            i,
            run,
            "Write /dir/**/name to match at any depth, or a single * to match within one directory.",
          );
        seg.tokens.push(STAR_TOKEN);
      }
      seg.literal = null;
      i = k;
      continue;
    }
    if (c === QUESTION) {
      countWildcard(i);
      seg.tokens.push(ANY_TOKEN);
      seg.literal = null;
      i++;
      continue;
    }
    if (c === OPEN_BRACKET) {
      const parsed = parseClass(source, i, problems);
      if (parsed === null) break;
      countWildcard(i);
      if (parsed.set) seg.tokens.push({ kind: "char", set: parsed.set });
      seg.literal = null;
      i = parsed.end;
      continue;
    }
    if (c === 0x7b /* { */ || c === 0x7d /* } */) {
      problems.add(
        "warning",
        "glob.literal_brace",
        `\`${source}\` contains braces, which are matched literally: rsync-style globs have no {a,b} expansion.`,
        i,
        1,
        "List each alternative as its own entry.",
      );
    }
    // Everything else, `]` without a `[` included, is a literal character (as in rsync).
    seg.tokens.push(literalToken(c));
    if (seg.literal !== null) seg.literal += source[i];
    i++;
  }
  finishSegment(n);

  for (const s of raw) {
    if (s.literal === "." || s.literal === "..") {
      problems.add(
        "error",
        "glob.relative_segment",
        `\`${source}\` contains a \`${s.literal}\` segment; paths are normalised and never contain . or .. segments.`,
        s.start,
        s.text.length,
        "Write the normalised path.",
      );
    }
  }
  if (!anchored && raw.filter((s) => !s.globstar).length > 1 && raw[0]?.globstar !== true) {
    const suggestion = source.replace(/\/+$/, "");
    problems.add(
      "warning",
      "glob.relative_path",
      `\`${source}\` does not start with /, so it matches at any depth (like /**/${suggestion}), not only under the root.`,
      0,
      source.length,
      `Write /${suggestion} for the path under the root, or /**/${suggestion} to say "at any depth" explicitly.`,
    );
  }
  if (excessWildcardAt >= 0) {
    problems.add(
      "error",
      "glob.too_many_wildcards",
      `\`${source.length > 80 ? source.slice(0, 77) + "..." : source}\` has ${wildcards} wildcards; globs have at most ${MAX_GLOB_WILDCARDS} (each *, ?, [...] and ** counts once).`,
      excessWildcardAt,
      n - excessWildcardAt,
      "Split it into simpler globs, or use one * where several wildcards follow each other.",
    );
  }

  const segments = collapse([...(anchored ? [] : [GLOBSTAR]), ...raw.map(toSegment)]);
  const subtree = segments.length > 0 && segments[segments.length - 1]!.kind === "globstar";
  if (subtree) segments.pop();
  if (segments.length > MAX_GLOB_SEGMENTS) {
    const firstExcess = raw[MAX_GLOB_SEGMENTS - (anchored ? 0 : 1)];
    const at = firstExcess?.start ?? 0;
    problems.add(
      "error",
      "glob.too_deep",
      `The glob has ${segments.length} path segments; globs have at most ${MAX_GLOB_SEGMENTS}${anchored ? "" : " (a relative glob counts its implicit leading **)"}.`,
      at,
      n - at,
      "End it with /** where the path becomes specific enough.",
    );
  }
  if (problems.hasError) return { glob: null, problems: problems.list };
  return { glob: buildGlob(source, anchored, dirOnly, subtree, segments), problems: problems.list };
}

function toSegment(s: RawSegment): GlobSegment {
  if (s.globstar) return GLOBSTAR;
  if (s.literal !== null) return { kind: "literal", text: s.literal };
  return { kind: "pattern", source: s.text, tokens: s.tokens, test: compileSegmentTest(s.tokens) };
}

/** `/**\/**` means the same as `/**`. */
function collapse(segments: GlobSegment[]): GlobSegment[] {
  const out: GlobSegment[] = [];
  for (const s of segments) {
    if (s.kind === "globstar" && out[out.length - 1]?.kind === "globstar") continue;
    out.push(s);
  }
  return out;
}

/**
 * A bracket expression starting at `open`. Returns where it ends and its set (null set after an error inside),
 * or null when it is never closed. `]` right after `[` or `[!` is a member; `\` escapes; `a-z` ranges;
 * `[:name:]` POSIX classes.
 */
function parseClass(source: string, open: number, problems: Problems): { end: number; set: CharSet | null } | null {
  const n = source.length;
  let j = open + 1;
  let negated = false;
  if (source[j] === "!" || source[j] === "^") {
    negated = true;
    j++;
  }
  const ranges: Array<[number, number]> = [];
  let first = true;
  let bad = false;
  const readChar = (): number | null => {
    if (source.charCodeAt(j) === BACKSLASH) {
      if (j + 1 >= n) return null;
      j += 2;
      return source.charCodeAt(j - 1);
    }
    j++;
    return source.charCodeAt(j - 1);
  };
  while (j < n) {
    const ch = source.charCodeAt(j);
    if (ch === CLOSE_BRACKET && !first) {
      return { end: j + 1, set: bad ? null : { negated, ranges } };
    }
    first = false;
    if (ch === SLASH) {
      problems.add("error", "glob.invalid_class", `\`${source}\` has a character class containing /; a class never matches across directories.`, j, 1);
      bad = true;
      j++;
      continue;
    }
    if (ch === OPEN_BRACKET && source[j + 1] === ":") {
      const close = source.indexOf(":]", j + 2);
      if (close >= 0) {
        const name = source.slice(j + 2, close);
        const members = POSIX_CLASSES[name];
        if (members) ranges.push(...members);
        else {
          problems.add(
            "error",
            "glob.invalid_class",
            `\`${source}\` uses an unknown character class [:${name}:].`,
            j,
            close + 2 - j,
            `Known classes: ${Object.keys(POSIX_CLASSES).map((k) => `[:${k}:]`).join(" ")}.`,
          );
          bad = true;
        }
        j = close + 2;
        continue;
      }
    }
    const lo = readChar();
    if (lo === null) break;
    if (source.charCodeAt(j) === 0x2d /* - */ && j + 1 < n && source.charCodeAt(j + 1) !== CLOSE_BRACKET) {
      const dash = j;
      j++;
      const hi = readChar();
      if (hi === null) break;
      if (hi < lo) {
        problems.add(
          "error",
          "glob.invalid_class",
          `\`${source}\` has a reversed range ${String.fromCharCode(lo)}-${String.fromCharCode(hi)} in a character class.`,
          dash - 1,
          j - dash + 1,
        );
        bad = true;
      } else ranges.push([lo, hi]);
    } else ranges.push([lo, lo]);
  }
  problems.add("error", "glob.unbalanced_bracket", `\`${source}\` has a [ that is never closed.`, open, 1, "Close it with ], or write \\[ for a literal bracket.");
  return null;
}

function buildGlob(source: string, anchored: boolean, dirOnly: boolean, subtree: boolean, segments: GlobSegment[]): Glob {
  let globstarMask = 0;
  segments.forEach((s, i) => {
    if (s.kind === "globstar") globstarMask |= 1 << i;
  });
  const literalPrefix: string[] = [];
  for (const s of segments) {
    if (s.kind !== "literal") break;
    literalPrefix.push(s.text);
  }
  const wild = segments.some((s) => s.kind !== "literal");
  // An empty segment list covers everything: `/`, `/**`, `**`. A directory-only `/` matches the root itself.
  const kind = segments.length === 0 ? "all" : wild ? "pattern" : "literal";
  const chunks = segmentChunks(segments);
  // Most paths fail an anchored glob's literal start: reject them with one string comparison, before splitting.
  // (Not for paths with empty segments, which compare equal only after splitting.)
  const prefix = anchored && literalPrefix.length > 0 ? "/" + literalPrefix.join("/") : null;
  const outsidePrefix = (path: string): boolean =>
    prefix !== null &&
    !(path.startsWith(prefix) && (path.length === prefix.length || path.charCodeAt(prefix.length) === SLASH)) &&
    !path.includes("//");
  return {
    source,
    anchored,
    dirOnly,
    subtree,
    segments,
    kind,
    literalPrefix,
    globstarMask,
    matches(path: string): boolean {
      if (outsidePrefix(path)) return false;
      const p = splitPath(path);
      if (dirOnly && !p.directory) return false;
      return subtree ? shortestMatchingPrefix(chunks, p.names) >= 0 : matchesAll(chunks, p.names);
    },
    covers(path: string): boolean {
      if (outsidePrefix(path)) return false;
      const p = splitPath(path);
      const k = shortestMatchingPrefix(chunks, p.names);
      if (k < 0) return false;
      // A proper prefix is an ancestor directory; the path itself counts only if it can be what the glob names.
      return k < p.names.length || !dirOnly || p.directory;
    },
  };
}

export class GlobSyntaxError extends Error {
  constructor(
    readonly glob: string,
    readonly problems: readonly GlobProblem[],
  ) {
    super(`Invalid glob ${JSON.stringify(glob)}: ${problems.map((p) => p.message).join(" ")}`);
    this.name = "GlobSyntaxError";
  }
}

/** Parses a glob that is known to be valid (tests, built-in globs); throws GlobSyntaxError otherwise. */
export function compileGlob(source: string): Glob {
  const { glob, problems } = parseGlob(source);
  if (!glob) throw new GlobSyntaxError(source, problems.filter((p) => p.severity === "error"));
  return glob;
}

/** Escapes a concrete path so that, as a glob, it matches exactly that path. */
export function escapeGlobLiteral(path: string): string {
  return path.replace(/[\\*?[\]{}]/g, (c) => "\\" + c);
}
