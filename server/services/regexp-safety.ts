import "server-only";
import { check } from "recheck";
import type { Actor } from "../auth/actor";
import {
  checkRegexpShape,
  cosignRegexpVerdict,
  shapeVerdict,
  summariseDiagnostics,
  verdictProblem,
  type BacktrackingDiagnostics,
  type BacktrackingVerdict,
  type CosignRegexpVerdict,
  type RegexpProblem,
} from "../domain/registration/regexp";
import { AppError } from "../errors";
import { BoundedLruCache } from "./bounded-lru-cache";
import { ConcurrencyLimiter, type RefusalReason } from "./concurrency-limiter";
import type { ServiceContext } from "./context";
import type { CheckCosignRegexpInput } from "../contracts/modules";

/**
 * The server half of the cosign-regexp check (docs/security-regexp.md): shape (compile, anchors) from the domain,
 * then recheck's ReDoS verdict. recheck's async `check` runs its native binary as a separate agent process when
 * the platform package is installed (linux-x64 here), else its pure-JS build in a worker thread — either way the
 * event loop is free while it works, but a core is not: an undecidable pattern costs the whole budget of CPU.
 * So verdicts are cached (undecided ones too) and checks are admitted one at a time with a short queue.
 */

export interface RegexpSafetyLimits {
  /** recheck's own budget per pattern; past it the verdict is "unknown", which we reject (not proven safe). */
  checkerTimeoutMs: number;
  /** Past this the check is aborted and its slot freed, whatever the checker does. */
  hardDeadlineMs: number;
  /** Verdicts kept in process (least recently used evicted first). */
  verdictCacheEntries: number;
  /** How long an undecided (timed out) verdict is kept: timeouts depend on load, definite verdicts do not. */
  undecidedTtlMs: number;
  /** Checks running at once in this process. */
  maxRunningChecks: number;
  /** Checks waiting for a slot; one more is refused with TOO_MANY_REQUESTS. */
  maxQueuedChecks: number;
  /** Checks one actor may have running or waiting; one more is refused with TOO_MANY_REQUESTS. */
  maxChecksPerActor: number;
}

/**
 * The limits, in one place. With them a process spends at most one core on ReDoS checks, a request waits at most
 * (maxQueuedChecks + 1) × hardDeadlineMs = 20 s, and a pattern costs checker time at most once (once per
 * undecidedTtlMs if it times out) until evicted.
 */
export const REGEXP_SAFETY_LIMITS: RegexpSafetyLimits = {
  checkerTimeoutMs: 3_000,
  hardDeadlineMs: 4_000,
  verdictCacheEntries: 1_000,
  undecidedTtlMs: 15 * 60_000,
  maxRunningChecks: 1,
  maxQueuedChecks: 4,
  maxChecksPerActor: 1,
};

/** Ingest evaluates cosign regexps without flags (docs/modules.md), so that is what is checked. */
const COSIGN_FLAGS = "";

/** The ReDoS checker: recheck in production, a controllable fake in tests. */
export type BacktrackingAnalyser = (
  pattern: string,
  flags: string,
  options: { timeoutMs: number; signal: AbortSignal },
) => Promise<BacktrackingDiagnostics>;

export interface RegexpSafetyStats {
  /** Checks that reached the checker (each costs up to `checkerTimeoutMs` of a core). */
  checkerRuns: number;
  /** Answered from the verdict cache. */
  cacheHits: number;
  /** Answered by a check of the same pattern already running for someone else. */
  sharedInFlight: number;
  refusedActorBusy: number;
  refusedQueueFull: number;
  deadlinesHit: number;
  cachedVerdicts: number;
  running: number;
  queued: number;
}

export interface RegexpSafetyOptions {
  analyse: BacktrackingAnalyser;
  limits?: RegexpSafetyLimits;
  now?: () => number;
  /** Arms the hard deadline and returns its disarm; injected so tests fire it instead of waiting. */
  armDeadline?: (ms: number, fire: () => void) => () => void;
}

export interface RegexpSafety {
  /** The verdict for `source` as `actorKey` asked for it; throws TOO_MANY_REQUESTS when it cannot be admitted. */
  verdictFor(actorKey: string, source: string): Promise<CosignRegexpVerdict>;
  stats(): RegexpSafetyStats;
}

function armTimer(ms: number, fire: () => void): () => void {
  const timer = setTimeout(fire, ms);
  // A pending deadline must not keep a CLI or test process alive.
  timer.unref?.();
  return () => clearTimeout(timer);
}

function refusal(reason: RefusalReason, limits: RegexpSafetyLimits): AppError {
  const retryAfterSeconds = Math.ceil(limits.hardDeadlineMs / 1000);
  return reason === "key_busy"
    ? new AppError("TOO_MANY_REQUESTS", "Another regular expression check of yours is still running. Wait for it to finish, then try again.", {
        details: { reason: "check_in_progress", retryAfterSeconds },
      })
    : new AppError("TOO_MANY_REQUESTS", "The server is busy checking other regular expressions. Try again in a few seconds.", {
        details: { reason: "checker_busy", retryAfterSeconds },
      });
}

export function createRegexpSafety({ analyse, limits = REGEXP_SAFETY_LIMITS, now = Date.now, armDeadline = armTimer }: RegexpSafetyOptions): RegexpSafety {
  const verdicts = new BoundedLruCache<BacktrackingVerdict>({ maxEntries: limits.verdictCacheEntries, now });
  const limiter = new ConcurrencyLimiter({
    maxRunning: limits.maxRunningChecks,
    maxQueued: limits.maxQueuedChecks,
    maxPerKey: limits.maxChecksPerActor,
  });
  /** Checks admitted and not yet answered, by cache key: an identical request waits for it instead of re-running it. */
  const inFlight = new Map<string, Promise<BacktrackingVerdict>>();
  const counters = { checkerRuns: 0, cacheHits: 0, sharedInFlight: 0, refusedActorBusy: 0, refusedQueueFull: 0, deadlinesHit: 0 };

  async function analyseWithDeadline(pattern: string): Promise<BacktrackingVerdict> {
    const controller = new AbortController();
    let disarm = () => {};
    const deadline = new Promise<BacktrackingVerdict>((resolve) => {
      disarm = armDeadline(limits.hardDeadlineMs, () => {
        counters.deadlinesHit += 1;
        controller.abort();
        resolve({ status: "unknown", reason: "timeout" });
      });
    });
    try {
      const analysed = analyse(pattern, COSIGN_FLAGS, { timeoutMs: limits.checkerTimeoutMs, signal: controller.signal }).then(summariseDiagnostics);
      return await Promise.race([analysed, deadline]);
    } catch {
      // A broken checker proves nothing: the pattern is undecided (rejected), and the answer is not cached.
      return { status: "unknown", reason: "unexpected" };
    } finally {
      disarm();
    }
  }

  function remember(key: string, verdict: BacktrackingVerdict): void {
    if (verdict.status !== "unknown" || verdict.reason === "unsupported" || verdict.reason === "invalid") {
      // Definite answers are a function of the pattern alone.
      verdicts.set(key, verdict);
    } else if (verdict.reason === "timeout") {
      verdicts.set(key, verdict, limits.undecidedTtlMs);
    }
    // "cancel" and "unexpected" say something about the checker, not the pattern: asked again, it runs again.
  }

  async function backtrackingVerdict(actorKey: string, pattern: string): Promise<BacktrackingVerdict> {
    const key = `${COSIGN_FLAGS}/${pattern}`;
    const cached = verdicts.get(key);
    if (cached) {
      counters.cacheHits += 1;
      return cached;
    }
    const running = inFlight.get(key);
    if (running) {
      counters.sharedInFlight += 1;
      return running;
    }
    const admission = limiter.admit(actorKey);
    if (!admission.admitted) {
      if (admission.reason === "key_busy") counters.refusedActorBusy += 1;
      else counters.refusedQueueFull += 1;
      throw refusal(admission.reason, limits);
    }
    const check = (async () => {
      const release = await admission.granted;
      try {
        counters.checkerRuns += 1;
        const verdict = await analyseWithDeadline(pattern);
        remember(key, verdict);
        return verdict;
      } finally {
        inFlight.delete(key);
        release();
      }
    })();
    inFlight.set(key, check);
    return check;
  }

  return {
    async verdictFor(actorKey, source) {
      const shape = checkRegexpShape(source);
      if (!shape.ok) return shapeVerdict(shape.problem ?? { code: "invalid", message: "Not a valid regular expression" });
      const reduced = shape.reduced ?? source;
      return cosignRegexpVerdict(source, reduced, await backtrackingVerdict(actorKey, reduced));
    },
    stats() {
      const { running, queued } = limiter.snapshot();
      return { ...counters, cachedVerdicts: verdicts.size, running, queued };
    },
  };
}

/**
 * Whose share of the limiter a check uses: the signed-in user across sessions and accounts (one person, one check
 * at a time), an API token on its own, a system actor by its label.
 */
export function limiterKeyFor(actor: Actor): string {
  switch (actor.kind) {
    case "user":
      return `user:${actor.userId}`;
    case "token":
      return `token:${actor.tokenId}`;
    case "system":
      return `system:${actor.label}`;
  }
}

const recheckAnalyser: BacktrackingAnalyser = (pattern, flags, { timeoutMs, signal }) => check(pattern, flags, { timeout: timeoutMs, signal });

/** One per process: the cache and the limits only work if every caller shares them. */
let processRegexpSafety = createRegexpSafety({ analyse: recheckAnalyser });

/**
 * Replaces the process's checker with one under other limits (and an empty cache). For the integration suite:
 * a definite verdict must not depend on how busy the machine is, so tests give recheck a budget that no load
 * reaches, while the limits themselves are tested with a controllable clock and analyser in
 * regexp-safety.unit.test.ts.
 */
export function configureProcessRegexpSafety(limits: Partial<RegexpSafetyLimits>): void {
  processRegexpSafety = createRegexpSafety({ analyse: recheckAnalyser, limits: { ...REGEXP_SAFETY_LIMITS, ...limits } });
}

/** `null` when the regexp is acceptable for a cosign identity/issuer field, else the problem for the field. */
export async function cosignRegexpProblem(actor: Actor, source: string): Promise<RegexpProblem | null> {
  return verdictProblem(await processRegexpSafety.verdictFor(limiterKeyFor(actor), source));
}

/** The live check behind the registration and edit forms: the same verdict registration reaches, as data. */
export async function checkCosignRegexp(ctx: ServiceContext, input: CheckCosignRegexpInput): Promise<CosignRegexpVerdict> {
  return processRegexpSafety.verdictFor(limiterKeyFor(ctx.actor), input.pattern);
}

/** This process's counters (cache hits, checker runs, refusals) for metrics and tests. */
export function regexpSafetyStats(): RegexpSafetyStats {
  return processRegexpSafety.stats();
}
