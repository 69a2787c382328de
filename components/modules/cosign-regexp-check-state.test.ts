import { describe, expect, it } from "vitest";
import { createTurnTaker, liveCheckState, needsServerCheck, type LiveCheckFacts } from "./cosign-regexp-check-state";

const facts = (overrides: Partial<LiveCheckFacts>): LiveCheckFacts => ({ pattern: "^a+$", skip: false, settled: true, verdict: undefined, error: null, ...overrides });
const trpcError = (code: string, message: string) => Object.assign(new Error(message), { data: { code } });

describe("liveCheckState", () => {
  it("is idle for an empty field and for the saved value", () => {
    expect(liveCheckState(facts({ pattern: "" }))).toEqual({ kind: "idle" });
    expect(liveCheckState(facts({ skip: true }))).toEqual({ kind: "idle" });
  });

  it("reports shape problems at once, without waiting for the debounce or the server", () => {
    expect(liveCheckState(facts({ pattern: "^a|b$", settled: false }))).toMatchObject({ kind: "verdict", verdict: { status: "invalid", code: "unanchored" } });
    expect(liveCheckState(facts({ pattern: "^(a$" }))).toMatchObject({ kind: "verdict", verdict: { status: "invalid", code: "invalid" } });
  });

  it("is checking while the author types and until the server answers, then shows its verdict", () => {
    expect(liveCheckState(facts({ settled: false }))).toEqual({ kind: "checking" });
    expect(liveCheckState(facts({}))).toEqual({ kind: "checking" });
    expect(liveCheckState(facts({ verdict: { status: "safe" } }))).toEqual({ kind: "verdict", verdict: { status: "safe" } });
  });

  it("tells a refusal (busy) from a failure", () => {
    expect(liveCheckState(facts({ error: trpcError("TOO_MANY_REQUESTS", "Another regular expression check of yours is still running.") }))).toEqual({
      kind: "busy",
      message: "Another regular expression check of yours is still running.",
    });
    expect(liveCheckState(facts({ error: trpcError("INTERNAL_SERVER_ERROR", "Something went wrong on the server.") }))).toMatchObject({ kind: "failed" });
  });
});

describe("needsServerCheck", () => {
  it("asks the server only about well-shaped patterns", () => {
    expect(needsServerCheck("^(a+)+$")).toBe(true);
    expect(needsServerCheck("")).toBe(false);
    expect(needsServerCheck("github\\.com")).toBe(false);
  });
});

describe("createTurnTaker", () => {
  function deferred() {
    let resolve!: () => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    return { promise, resolve, reject };
  }
  const flush = async () => {
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };

  it("starts a task only after the one before it settled, even when that one failed", async () => {
    const inTurn = createTurnTaker();
    const first = deferred();
    const second = deferred();
    const started: string[] = [];
    const a = inTurn(() => (started.push("a"), first.promise));
    const b = inTurn(() => (started.push("b"), second.promise));
    await flush();
    expect(started).toEqual(["a"]);

    first.reject(new Error("busy"));
    await expect(a).rejects.toThrow("busy");
    await flush();
    expect(started).toEqual(["a", "b"]);
    second.resolve();
    await b;
  });
});
