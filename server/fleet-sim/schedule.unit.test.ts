import { describe, expect, it } from "vitest";
import { forkRandom, mulberry32 } from "./random";
import { convergeDelayMs, jittered, nextDue, silentAfterMs, startOffsetMs } from "./schedule";

describe("schedule", () => {
  it("spreads start offsets over the first interval", () => {
    const random = mulberry32(3);
    const offsets = Array.from({ length: 10_000 }, () => startOffsetMs(random, 30_000));
    expect(Math.min(...offsets)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...offsets)).toBeLessThan(30_000);
    // Roughly uniform: each tenth of the interval gets about a tenth of the agents.
    const buckets = new Array<number>(10).fill(0);
    for (const o of offsets) buckets[Math.floor(o / 3_000)]! += 1;
    for (const b of buckets) expect(b).toBeGreaterThan(850);
  });

  it("jitters intervals within ±jitter and keeps the mean (so the fleet's rate is instances / interval)", () => {
    const random = mulberry32(5);
    const samples = Array.from({ length: 20_000 }, () => jittered(random, 30_000, 0.1));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(27_000);
    expect(Math.max(...samples)).toBeLessThanOrEqual(33_000);
    expect(samples.reduce((a, b) => a + b, 0) / samples.length).toBeCloseTo(30_000, -2);
    expect(jittered(random, 1_000, 0)).toBe(1_000);
  });

  it("counts the next beat from when it was due, not from when the call finished", () => {
    const { at, skipped } = nextDue(() => 0.5, 10_000, 10_400, 30_000, 0.1);
    expect(at).toBe(40_000);
    expect(skipped).toBe(0);
  });

  it("skips beats an agent is more than an interval behind on, and says how many", () => {
    const { at, skipped } = nextDue(() => 0.5, 0, 100_000, 10_000, 0.1);
    expect(skipped).toBe(8);
    expect(at).toBe(90_000);
    expect(at).toBeGreaterThanOrEqual(100_000 - 10_000);
  });

  it("draws install times and silence within their ranges", () => {
    const random = mulberry32(9);
    for (let i = 0; i < 1_000; i++) {
      const delay = convergeDelayMs(random, [5, 60]);
      expect(delay).toBeGreaterThanOrEqual(5_000);
      expect(delay).toBeLessThanOrEqual(60_000);
      const silent = silentAfterMs(random, 30_000);
      expect(silent).toBeGreaterThanOrEqual(30_000);
      expect(silent).toBeLessThanOrEqual(120_000);
    }
    expect(convergeDelayMs(random, [7, 7])).toBe(7_000);
    expect(convergeDelayMs(() => 0, [60, 5])).toBe(5_000);
  });

  it("is deterministic for a seed, and each forked agent generator is independent of the others' use", () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    expect(Array.from({ length: 5 }, () => a())).toEqual(Array.from({ length: 5 }, () => b()));
    const parent1 = mulberry32(1);
    const parent2 = mulberry32(1);
    const first1 = forkRandom(parent1);
    const second1 = forkRandom(parent1);
    const first2 = forkRandom(parent2);
    const second2 = forkRandom(parent2);
    // Drawing a lot from agent 1 in one run does not change what agent 2 draws.
    for (let i = 0; i < 100; i++) first1();
    expect(second1()).toBe(second2());
    expect(first2()).not.toBe(second2());
  });
});
