/** Registration rules that are not manifest rules (pure and isomorphic). */
export {
  checkRegexpShape,
  stripAnchoredLiteralPrefix,
  summariseDiagnostics,
  cosignRegexpVerdict,
  shapeVerdict,
  verdictProblem,
  regexpMatches,
  MAX_REGEXP_LENGTH,
  MAX_ATTACK_SUMMARY_CHARS,
} from "./regexp";
export type {
  RegexpShape,
  RegexpProblem,
  RegexpProblemCode,
  BacktrackingDiagnostics,
  BacktrackingVerdict,
  BacktrackingGrowth,
  CosignRegexpVerdict,
  UnknownReason,
} from "./regexp";
