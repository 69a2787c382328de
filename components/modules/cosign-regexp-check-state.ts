/**
 * What the live cosign-regexp check shows, derived from what is known (pure, so it is unit-tested without a
 * browser). The server's verdict comes from `modules.checkCosignRegexp`; docs/security-regexp.md explains why
 * it is debounced, sent one at a time and may answer "busy".
 */
import { getErrorCode, getErrorMessage } from "@/components/ui/errors";
import { checkRegexpShape, shapeVerdict, type CosignRegexpVerdict } from "@/server/domain/registration/regexp";

/** Quiet time after the last keystroke before the server is asked. */
export const LIVE_CHECK_DEBOUNCE_MS = 600;

export type LiveCheckState =
  | { kind: "idle" }
  | { kind: "checking" }
  | { kind: "verdict"; verdict: CosignRegexpVerdict }
  /** The server refused (one check per person at a time, or its queue is full): nothing is known yet. */
  | { kind: "busy"; message: string }
  | { kind: "failed"; message: string };

export interface LiveCheckFacts {
  /** The field's value, trimmed (what a submit would save). */
  pattern: string;
  /** Not worth checking: empty, or unchanged from the saved value the server accepted before. */
  skip: boolean;
  /** The debounce has caught up with the pattern. */
  settled: boolean;
  /** The server's verdict for the settled pattern, once it has one. */
  verdict: CosignRegexpVerdict | undefined;
  error: unknown;
}

/** Whether the pattern needs the server at all: shape problems are found here, with the server's own code. */
export function needsServerCheck(pattern: string): boolean {
  return pattern !== "" && checkRegexpShape(pattern).ok;
}

export function liveCheckState({ pattern, skip, settled, verdict, error }: LiveCheckFacts): LiveCheckState {
  if (pattern === "" || skip) return { kind: "idle" };
  const shape = checkRegexpShape(pattern);
  if (!shape.ok) return { kind: "verdict", verdict: shapeVerdict(shape.problem ?? { code: "invalid", message: "Not a valid regular expression" }) };
  if (!settled) return { kind: "checking" };
  if (verdict) return { kind: "verdict", verdict };
  if (error) {
    const message = getErrorMessage(error);
    return getErrorCode(error) === "TOO_MANY_REQUESTS" ? { kind: "busy", message } : { kind: "failed", message };
  }
  return { kind: "checking" };
}

/**
 * Runs `task` after every task started before it has settled. The server admits one check per person at a time
 * and refuses a second, so the two regexp fields of a form (and both forms in a tab) take turns instead.
 */
export function createTurnTaker() {
  let last: Promise<unknown> = Promise.resolve();
  return function inTurn<T>(task: () => Promise<T>): Promise<T> {
    const next = last.then(task, task);
    last = next.catch(() => undefined);
    return next;
  };
}
