import { describe, expect, it } from "vitest";
import type { BacktrackingDiagnostics } from "../domain/registration/regexp";
import { isAppError } from "../errors";
import { createRegexpSafety, REGEXP_SAFETY_LIMITS, type BacktrackingAnalyser, type RegexpSafetyOptions } from "./regexp-safety";

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets queued microtasks run (admission, queue hand-over); no timers involved. */
async function flush() {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}

interface Call {
  pattern: string;
  flags: string;
  timeoutMs: number;
  signal: AbortSignal;
  answer: ReturnType<typeof deferred<BacktrackingDiagnostics>>;
}

/** A checker whose every call waits until the test answers it; records calls and the most run at once. */
function controllableChecker() {
  const calls: Call[] = [];
  let active = 0;
  let maxActive = 0;
  const analyse: BacktrackingAnalyser = (pattern, flags, { timeoutMs, signal }) => {
    const answer = deferred<BacktrackingDiagnostics>();
    calls.push({ pattern, flags, timeoutMs, signal, answer });
    active += 1;
    maxActive = Math.max(maxActive, active);
    return answer.promise.finally(() => (active -= 1));
  };
  return { analyse, calls, maxActive: () => maxActive };
}

const SAFE: BacktrackingDiagnostics = { status: "safe" };
const EXPONENTIAL: BacktrackingDiagnostics = { status: "vulnerable", complexity: { type: "exponential" }, attack: { pattern: "'a'.repeat(31) + '\\x00'" } };
const TIMEOUT: BacktrackingDiagnostics = { status: "unknown", error: { kind: "timeout" } };

function setup(options: Partial<RegexpSafetyOptions> = {}) {
  const checker = controllableChecker();
  let now = 0;
  const deadlines: Array<{ ms: number; fire: () => void; disarmed: boolean }> = [];
  const safety = createRegexpSafety({
    analyse: checker.analyse,
    now: () => now,
    armDeadline: (ms, fire) => {
      const deadline = { ms, fire, disarmed: false };
      deadlines.push(deadline);
      return () => (deadline.disarmed = true);
    },
    ...options,
  });
  return { safety, checker, deadlines, advance: (ms: number) => (now += ms) };
}

type Outcome<T> = { settled: "fulfilled"; value: T } | { settled: "rejected"; error: unknown } | { settled: "pending" };

/** How a promise stands once pending microtasks ran: an answer that needs the checker is still pending. */
async function outcomeOf<T>(promise: Promise<T>): Promise<Outcome<T>> {
  let outcome: Outcome<T> = { settled: "pending" };
  promise.then(
    (value) => (outcome = { settled: "fulfilled", value }),
    (error: unknown) => (outcome = { settled: "rejected", error }),
  );
  await flush();
  return outcome;
}

/** The value, if the promise settles without the checker being asked. */
async function immediate<T>(promise: Promise<T>): Promise<T> {
  const outcome = await outcomeOf(promise);
  if (outcome.settled !== "fulfilled") throw new Error(`expected an immediate answer, got ${outcome.settled}`);
  return outcome.value;
}

async function refusalOf(promise: Promise<unknown>) {
  const outcome = await outcomeOf(promise);
  if (outcome.settled === "rejected" && isAppError(outcome.error)) {
    return { code: outcome.error.code, message: outcome.error.message, details: outcome.error.details };
  }
  throw new Error(`expected a refusal, got ${outcome.settled}`);
}

describe("regexp safety: verdict cache", () => {
  it("answers a repeated check from the cache: the checker runs once", async () => {
    const { safety, checker } = setup();
    const first = safety.verdictFor("alice", "^(a+)+$");
    await flush();
    expect(checker.calls).toHaveLength(1);
    checker.calls[0]!.answer.resolve(EXPONENTIAL);
    expect(await first).toMatchObject({ status: "unsafe", growth: "exponential", attack: "'a'.repeat(31) + '\\x00'" });

    expect(await immediate(safety.verdictFor("bob", "^(a+)+$"))).toMatchObject({ status: "unsafe", growth: "exponential" });
    expect(checker.calls).toHaveLength(1);
    expect(safety.stats()).toMatchObject({ checkerRuns: 1, cacheHits: 1, cachedVerdicts: 1 });
  });

  it("asks the checker what ingest evaluates: no flags, recheck's budget, the pattern without its literal prefix", async () => {
    const { safety, checker } = setup();
    const verdict = safety.verdictFor("alice", "^https://git\\.example/(a+)+$");
    await flush();
    expect(checker.calls[0]).toMatchObject({ pattern: "^(a+)+$", flags: "", timeoutMs: REGEXP_SAFETY_LIMITS.checkerTimeoutMs });
    checker.calls[0]!.answer.resolve(EXPONENTIAL);
    // The attack is for the whole pattern: the prefix is put back.
    expect(await verdict).toMatchObject({ status: "unsafe", attack: "'https://git.example/' + 'a'.repeat(31) + '\\x00'" });

    // Another prefix with the same rest is the same question for the checker.
    expect(await immediate(safety.verdictFor("alice", "^https://other\\.example/(a+)+$"))).toMatchObject({ status: "unsafe" });
    expect(checker.calls).toHaveLength(1);
  });

  it("caches undecided (timed-out) verdicts too, for undecidedTtlMs", async () => {
    const { safety, checker, advance } = setup();
    const first = safety.verdictFor("alice", "^(a|b|ab)*c$");
    await flush();
    checker.calls[0]!.answer.resolve(TIMEOUT);
    expect(await first).toMatchObject({ status: "undecided" });

    advance(REGEXP_SAFETY_LIMITS.undecidedTtlMs - 1);
    expect(await immediate(safety.verdictFor("alice", "^(a|b|ab)*c$"))).toMatchObject({ status: "undecided" });
    expect(checker.calls).toHaveLength(1);

    // Timeouts depend on load: after the lifetime the pattern gets another chance.
    advance(1);
    const again = safety.verdictFor("alice", "^(a|b|ab)*c$");
    await flush();
    expect(checker.calls).toHaveLength(2);
    checker.calls[1]!.answer.resolve(SAFE);
    expect(await again).toEqual({ status: "safe" });
  });

  it("does not cache a broken checker's answer, and rejects the pattern meanwhile", async () => {
    const { safety, checker } = setup();
    const first = safety.verdictFor("alice", "^a*$");
    await flush();
    checker.calls[0]!.answer.reject(new Error("agent died"));
    expect(await first).toMatchObject({ status: "undecided" });

    const second = safety.verdictFor("alice", "^a*$");
    await flush();
    expect(checker.calls).toHaveLength(2);
    checker.calls[1]!.answer.resolve(SAFE);
    expect(await second).toEqual({ status: "safe" });
  });

  it("answers shape problems without the checker or the limiter", async () => {
    const { safety, checker } = setup();
    const busy = safety.verdictFor("alice", "^x+$");
    await flush();
    // alice's one slot is taken, yet shape verdicts still come back.
    expect(await immediate(safety.verdictFor("alice", "^(unclosed$"))).toMatchObject({ status: "invalid", code: "invalid" });
    expect(await immediate(safety.verdictFor("alice", "^a|b$"))).toMatchObject({ status: "invalid", code: "unanchored" });
    expect(await immediate(safety.verdictFor("alice", `^${"a".repeat(600)}$`))).toMatchObject({ status: "invalid", code: "too_long" });
    expect(checker.calls).toHaveLength(1);
    checker.calls[0]!.answer.resolve(SAFE);
    await busy;
  });
});

describe("regexp safety: concurrency", () => {
  it("refuses a second concurrent check by one actor with TOO_MANY_REQUESTS, and admits it once the first is done", async () => {
    const { safety, checker } = setup();
    const first = safety.verdictFor("alice", "^(a+)+$");
    await flush();
    const refused = await refusalOf(safety.verdictFor("alice", "^(b+)+$"));
    expect(refused).toMatchObject({ code: "TOO_MANY_REQUESTS", details: { reason: "check_in_progress" } });
    expect(refused.message).toContain("still running");
    expect(checker.calls).toHaveLength(1);
    expect(safety.stats().refusedActorBusy).toBe(1);

    checker.calls[0]!.answer.resolve(EXPONENTIAL);
    await first;
    const second = safety.verdictFor("alice", "^(b+)+$");
    await flush();
    expect(checker.calls).toHaveLength(2);
    checker.calls[1]!.answer.resolve(EXPONENTIAL);
    await second;
  });

  it("runs one check at a time in the process and queues maxQueuedChecks more; the next is refused", async () => {
    const { safety, checker } = setup();
    const { maxQueuedChecks } = REGEXP_SAFETY_LIMITS;
    const admitted = Array.from({ length: 1 + maxQueuedChecks }, (_, i) => safety.verdictFor(`actor-${i}`, `^(x${i}+)+$`));
    await flush();
    expect(checker.calls).toHaveLength(1);
    expect(safety.stats()).toMatchObject({ running: 1, queued: maxQueuedChecks });

    const refused = await refusalOf(safety.verdictFor("late", "^(late+)+$"));
    expect(refused).toMatchObject({ code: "TOO_MANY_REQUESTS", details: { reason: "checker_busy" } });
    expect(safety.stats().refusedQueueFull).toBe(1);

    // Each answer lets exactly the next one in.
    for (let i = 0; i < admitted.length; i++) {
      expect(checker.calls).toHaveLength(i + 1);
      checker.calls[i]!.answer.resolve(SAFE);
      await flush();
    }
    expect(await Promise.all(admitted)).toEqual(admitted.map(() => ({ status: "safe" })));
    expect(checker.maxActive()).toBe(1);
    expect(safety.stats()).toMatchObject({ running: 0, queued: 0, checkerRuns: admitted.length });
  });

  it("an identical pattern already being checked is shared, not re-run and not refused", async () => {
    const { safety, checker } = setup();
    const alice = safety.verdictFor("alice", "^(a+)+$");
    const aliceAgain = safety.verdictFor("alice", "^(a+)+$");
    const bob = safety.verdictFor("bob", "^(a+)+$");
    await flush();
    expect(checker.calls).toHaveLength(1);
    checker.calls[0]!.answer.resolve(EXPONENTIAL);
    for (const verdict of await Promise.all([alice, aliceAgain, bob])) expect(verdict).toMatchObject({ status: "unsafe" });
    expect(safety.stats()).toMatchObject({ checkerRuns: 1, sharedInFlight: 2 });
  });

  it("a check past the hard deadline is aborted, answered undecided and frees its slot", async () => {
    const { safety, checker, deadlines } = setup();
    const stuck = safety.verdictFor("alice", "^(a|aa)*b$");
    const next = safety.verdictFor("bob", "^(c+)+$");
    await flush();
    expect(checker.calls).toHaveLength(1);
    expect(deadlines[0]!.ms).toBe(REGEXP_SAFETY_LIMITS.hardDeadlineMs);

    deadlines[0]!.fire();
    expect(checker.calls[0]!.signal.aborted).toBe(true);
    expect(await immediate(stuck)).toMatchObject({ status: "undecided" });
    await flush();
    expect(checker.calls).toHaveLength(2);
    checker.calls[1]!.answer.resolve(SAFE);
    expect(await next).toEqual({ status: "safe" });
    expect(deadlines[1]!.disarmed).toBe(true);

    // Cached like a timeout: asking again costs nothing.
    expect(await immediate(safety.verdictFor("alice", "^(a|aa)*b$"))).toMatchObject({ status: "undecided" });
    expect(checker.calls).toHaveLength(2);
    expect(safety.stats().deadlinesHit).toBe(1);
  });
});

describe("regexp safety: limits", () => {
  it("are the values documented in docs/security-regexp.md", () => {
    expect(REGEXP_SAFETY_LIMITS).toEqual({
      checkerTimeoutMs: 3_000,
      hardDeadlineMs: 4_000,
      verdictCacheEntries: 1_000,
      undecidedTtlMs: 900_000,
      maxRunningChecks: 1,
      maxQueuedChecks: 4,
      maxChecksPerActor: 1,
    });
  });

  it("keep at most verdictCacheEntries verdicts", async () => {
    const limits = { ...REGEXP_SAFETY_LIMITS, verdictCacheEntries: 2 };
    const { safety, checker } = setup({ limits });
    for (const pattern of ["^a+$", "^b+$", "^c+$"]) {
      const verdict = safety.verdictFor("alice", pattern);
      await flush();
      checker.calls.at(-1)!.answer.resolve(SAFE);
      await verdict;
    }
    expect(safety.stats().cachedVerdicts).toBe(2);
  });
});
