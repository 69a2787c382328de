import { describe, expect, it } from "vitest";
import { countError, Limiter, newCounters, resetCounters } from "./counters";

describe("Limiter", () => {
  it("never runs more than max at once, serves waiters in arrival order, and tracks in-flight calls", async () => {
    const counters = newCounters();
    const limiter = new Limiter(3, counters);
    let running = 0;
    let peak = 0;
    const order: number[] = [];
    const release: Array<() => void> = [];
    const calls = Array.from({ length: 10 }, (_, i) =>
      limiter.run(async () => {
        running += 1;
        peak = Math.max(peak, running);
        order.push(i);
        await new Promise<void>((resolve) => release.push(resolve));
        running -= 1;
        return i;
      }),
    );
    for (let round = 0; round < 10; round++) {
      await new Promise((resolve) => setImmediate(resolve));
      release.shift()?.();
    }
    expect(await Promise.all(calls)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(peak).toBe(3);
    expect(counters.maxInFlight).toBe(3);
    expect(counters.inFlight).toBe(0);
    expect(limiter.waiting).toBe(0);
  });

  it("frees the slot when a call throws", async () => {
    const limiter = new Limiter(1);
    await expect(limiter.run(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await limiter.run(async () => "next")).toBe("next");
  });

  it("refuses a concurrency below 1", () => {
    expect(() => new Limiter(0)).toThrow(/at least 1/);
  });
});

describe("counters", () => {
  it("counts errors by kind and resets everything but the in-flight gauge", () => {
    const counters = newCounters();
    countError(counters, "http_500");
    countError(counters, "http_500");
    countError(counters, "timeout");
    counters.heartbeats.ok = 5;
    counters.latency.heartbeat.record(3);
    counters.inFlight = 2;
    expect(counters.errors).toBe(3);
    expect(counters.errorsByKind).toEqual({ http_500: 2, timeout: 1 });
    resetCounters(counters);
    expect(counters.errors).toBe(0);
    expect(counters.errorsByKind).toEqual({});
    expect(counters.heartbeats.ok).toBe(0);
    expect(counters.latency.heartbeat.count).toBe(0);
    expect(counters.inFlight).toBe(2);
    expect(counters.maxInFlight).toBe(2);
  });
});
