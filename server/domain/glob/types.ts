/** The parsed form of a glob (docs/globs.md). Everything here is immutable once `parseGlob` returns it. */

/**
 * A set of UTF-16 code units. `/` is never a member (a path segment cannot contain it). `negated` with no ranges
 * is "any character" (`?`).
 */
export interface CharSet {
  readonly negated: boolean;
  readonly ranges: ReadonlyArray<readonly [number, number]>;
}

/** One token of a segment pattern: a `*` (any run of characters, possibly empty) or one character of a set. */
export type SegmentToken = { readonly kind: "star" } | { readonly kind: "char"; readonly set: CharSet };

export type GlobSegment =
  /** `**` as a whole segment: zero or more path segments. */
  | { readonly kind: "globstar" }
  /** A segment without wildcards (escapes resolved): matches the one name equal to `text`. */
  | { readonly kind: "literal"; readonly text: string }
  /** A segment with wildcards: matches one path segment. */
  | {
      readonly kind: "pattern";
      /** The segment as written. */
      readonly source: string;
      readonly tokens: readonly SegmentToken[];
      /** Linear-time test of one path segment (see match.ts). */
      readonly test: (name: string) => boolean;
    };

export type PatternSegment = Extract<GlobSegment, { kind: "pattern" }>;

/**
 * A compiled glob. `segments` never ends with a globstar: a trailing `**` is recorded as `subtree` instead, so
 * the segments are exactly what a path's prefix has to match. A relative glob starts with a globstar.
 */
export interface Glob {
  /** The glob as written. */
  readonly source: string;
  /** Written with a leading `/`. A relative glob floats: it matches at any depth. */
  readonly anchored: boolean;
  /** Written with a trailing `/`: matches directories only. */
  readonly dirOnly: boolean;
  /** Ended with `**`: matches the paths the segments match and everything below them. */
  readonly subtree: boolean;
  readonly segments: readonly GlobSegment[];
  /** `all`: covers every path; `literal`: no wildcard at all (an exact path, or its subtree); else `pattern`. */
  readonly kind: "all" | "literal" | "pattern";
  /** Leading literal segments (`["usr", "lib"]` for `/usr/lib/*.so`); empty for a relative glob. */
  readonly literalPrefix: readonly string[];
  /** Bit i set when segments[i] is a globstar (the directory index's state transitions). */
  readonly globstarMask: number;
  /** True when the glob matches the path itself (docs/globs.md, "Matching"). */
  matches(path: string): boolean;
  /** True when the glob matches the path or one of its ancestor directories: what file lists select. */
  covers(path: string): boolean;
}

export type GlobProblemCode =
  | "glob.empty"
  | "glob.too_long"
  | "glob.too_many_wildcards"
  | "glob.too_deep"
  | "glob.empty_segment"
  | "glob.relative_segment"
  | "glob.relative_path"
  | "glob.unbalanced_bracket"
  | "glob.invalid_class"
  | "glob.dangling_escape"
  | "glob.star_star_in_segment"
  | "glob.literal_brace";

export interface GlobProblem {
  readonly code: GlobProblemCode;
  readonly severity: "error" | "warning";
  readonly message: string;
  readonly hint?: string;
  /** Offset and length (UTF-16 code units) of the offending characters inside the glob string. */
  readonly offset: number;
  readonly length: number;
}

export interface GlobParse {
  /** Null when there is an error; warnings alone still yield a glob. */
  readonly glob: Glob | null;
  readonly problems: readonly GlobProblem[];
}
