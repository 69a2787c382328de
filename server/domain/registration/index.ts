/** Registration rules that are not manifest rules (pure and isomorphic). */
export {
  checkRegexpShape,
  stripAnchoredLiteralPrefix,
  backtrackingProblem,
  regexpMatches,
  MAX_REGEXP_LENGTH,
} from "./regexp";
export type { RegexpShape, RegexpProblem, RegexpProblemCode, BacktrackingDiagnostics } from "./regexp";
