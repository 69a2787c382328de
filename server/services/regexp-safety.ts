import { check } from "recheck";
import { backtrackingProblem, checkRegexpShape, type RegexpProblem } from "../domain/registration/regexp";

/**
 * The server half of the cosign-regexp check: shape (compile, anchors) from the domain, then recheck's ReDoS
 * verdict. recheck's async `check` runs its native binary as a separate agent process when the platform package
 * is installed (linux-x64 here), else its pure-JS build in a worker thread — either way the event loop is free
 * while it works, which matters because a crafted pattern can take it seconds.
 */

/** recheck's budget per pattern; past it the verdict is "unknown", which we reject (not proven safe). */
const RECHECK_TIMEOUT_MS = 3_000;
const CACHE_LIMIT = 500;
const verdicts = new Map<string, RegexpProblem | null>();

async function backtrackingVerdict(reduced: string): Promise<RegexpProblem | null> {
  const cached = verdicts.get(reduced);
  if (cached !== undefined) return cached;
  const diagnostics = await check(reduced, "", { timeout: RECHECK_TIMEOUT_MS });
  const problem = backtrackingProblem(diagnostics);
  // Timeouts depend on machine load; only definite verdicts are remembered.
  if (diagnostics.status !== "unknown") {
    if (verdicts.size >= CACHE_LIMIT) verdicts.delete(verdicts.keys().next().value ?? "");
    verdicts.set(reduced, problem);
  }
  return problem;
}

/** `null` when the regexp is acceptable for a cosign identity/issuer field, else the problem for the field. */
export async function cosignRegexpProblem(source: string): Promise<RegexpProblem | null> {
  const shape = checkRegexpShape(source);
  if (!shape.ok) return shape.problem ?? { code: "invalid", message: "Not a valid regular expression" };
  return backtrackingVerdict(shape.reduced ?? source);
}
