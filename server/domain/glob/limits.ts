/**
 * Bounds of the glob language and of the overlap search (docs/globs.md, "Bounds and budgets"). They exist so that
 * a manifest from anyone who may post one cannot make the validator or the composer run long: every glob is short,
 * has few wildcards, and every overlap search stops after a fixed number of steps.
 */

/** Characters in one glob. Far above any real path (Linux names are at most 255 bytes per segment). */
export const MAX_GLOB_LENGTH = 1024;

/**
 * Wildcards in one glob: each `*` run, `?`, `[...]` class and `**` segment counts once (the implicit `**` in
 * front of a relative glob does not). Real globs have one to four.
 */
export const MAX_GLOB_WILDCARDS = 32;

/**
 * Segments in one glob, counting the implicit leading `**` of a relative glob and not a trailing `**`. The
 * directory index keeps a glob's match state as a 32-bit set of positions, one per segment boundary.
 */
export const MAX_GLOB_SEGMENTS = 30;

/**
 * Steps one overlap search may take before it answers `undecided`. A step is one pair of positions visited
 * (segment level or character level) or one segment comparison; real glob pairs need a few dozen.
 */
export const OVERLAP_STEPS_PER_PAIR = 20_000;

/** Steps all overlap searches of one manifest validation may take together (10–20 ms of work on the dev machine). */
export const OVERLAP_STEPS_PER_VALIDATION = 300_000;
