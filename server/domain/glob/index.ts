/**
 * The one glob engine (docs/globs.md): the manifest validator, the account checks, the composition engine, the
 * overlay search and the CLI all parse, match and compare globs here. Pure and isomorphic (no I/O), so the
 * browser editor runs the same code as the server.
 *
 *   parseGlob(source)        → { glob | null, problems with exact offsets }
 *   glob.matches(path)       → the glob matches the path itself
 *   glob.covers(path)        → the glob matches the path or an ancestor directory (what file lists select)
 *   overlap(a, b, budget?)   → { overlap, example } | { disjoint } | { undecided } within a step budget
 */
export { parseGlob, compileGlob, escapeGlobLiteral, GlobSyntaxError } from "./parse";
export { overlap, coversGlob, OverlapBudget } from "./overlap";
export type { OverlapResult } from "./overlap";
export { OverlapIndex } from "./overlap-index";
export { GlobIndex, DirState, lastSegment } from "./directory-index";
export type { IndexedGlob } from "./directory-index";
export { segmentMatches } from "./match";
export {
  MAX_GLOB_LENGTH,
  MAX_GLOB_WILDCARDS,
  MAX_GLOB_SEGMENTS,
  OVERLAP_STEPS_PER_PAIR,
  OVERLAP_STEPS_PER_VALIDATION,
} from "./limits";
export type { Glob, GlobSegment, GlobProblem, GlobProblemCode, GlobParse, CharSet, SegmentToken } from "./types";

import type { Glob } from "./types";

/** The glob matches the path or one of its ancestor directories (docs/globs.md, "Covering"). */
export function covers(glob: Glob, path: string): boolean {
  return glob.covers(path);
}
