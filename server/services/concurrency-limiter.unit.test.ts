import { describe, expect, it } from "vitest";
import { ConcurrencyLimiter, type Admission, type Release } from "./concurrency-limiter";

function granted(admission: Admission): Promise<Release> {
  if (!admission.admitted) throw new Error(`refused: ${admission.reason}`);
  return admission.granted;
}

/** Whether a promise has settled, without waiting for time to pass (only for queued microtasks). */
async function isSettled(promise: Promise<unknown>): Promise<boolean> {
  let settled = false;
  void promise.then(() => (settled = true));
  for (let i = 0; i < 10; i++) await Promise.resolve();
  return settled;
}

describe("ConcurrencyLimiter", () => {
  it("starts the first task at once and refuses a second one for the same key", async () => {
    const limiter = new ConcurrencyLimiter({ maxRunning: 1, maxQueued: 4, maxPerKey: 1 });
    const release = await granted(limiter.admit("alice"));
    expect(limiter.admit("alice")).toEqual({ admitted: false, reason: "key_busy" });
    release();
    const again = limiter.admit("alice");
    expect(again.admitted).toBe(true);
    (await granted(again))();
  });

  it("queues other keys first come, first served, and never runs more than maxRunning", async () => {
    const limiter = new ConcurrencyLimiter({ maxRunning: 1, maxQueued: 2, maxPerKey: 1 });
    const first = await granted(limiter.admit("a"));
    const second = granted(limiter.admit("b"));
    const third = granted(limiter.admit("c"));
    expect(limiter.snapshot()).toEqual({ running: 1, queued: 2, keys: 3 });
    expect(await isSettled(second)).toBe(false);

    first();
    expect(await isSettled(second)).toBe(true);
    expect(await isSettled(third)).toBe(false);
    expect(limiter.snapshot()).toMatchObject({ running: 1, queued: 1 });

    (await second)();
    expect(await isSettled(third)).toBe(true);
    (await third)();
    expect(limiter.snapshot()).toEqual({ running: 0, queued: 0, keys: 0 });
  });

  it("refuses when the queue is full instead of letting requests pile up", async () => {
    const limiter = new ConcurrencyLimiter({ maxRunning: 1, maxQueued: 2, maxPerKey: 1 });
    const running = await granted(limiter.admit("a"));
    const waiting = [granted(limiter.admit("b")), granted(limiter.admit("c"))];
    expect(limiter.admit("d")).toEqual({ admitted: false, reason: "queue_full" });
    expect(limiter.snapshot()).toMatchObject({ running: 1, queued: 2, keys: 3 });

    running();
    (await waiting[0]!)();
    // One place freed: the next key gets in.
    expect(limiter.admit("d").admitted).toBe(true);
  });

  it("a refused request leaves nothing behind", () => {
    const limiter = new ConcurrencyLimiter({ maxRunning: 1, maxQueued: 0, maxPerKey: 1 });
    expect(limiter.admit("a").admitted).toBe(true);
    expect(limiter.admit("b")).toEqual({ admitted: false, reason: "queue_full" });
    expect(limiter.admit("a")).toEqual({ admitted: false, reason: "key_busy" });
    expect(limiter.snapshot()).toEqual({ running: 1, queued: 0, keys: 1 });
  });

  it("counts a queued task against its key too", async () => {
    const limiter = new ConcurrencyLimiter({ maxRunning: 1, maxQueued: 4, maxPerKey: 1 });
    const running = await granted(limiter.admit("a"));
    const queued = granted(limiter.admit("b"));
    expect(limiter.admit("b")).toEqual({ admitted: false, reason: "key_busy" });
    running();
    (await queued)();
  });

  it("allows maxPerKey tasks per key", async () => {
    const limiter = new ConcurrencyLimiter({ maxRunning: 2, maxQueued: 0, maxPerKey: 2 });
    const one = await granted(limiter.admit("a"));
    const two = await granted(limiter.admit("a"));
    expect(limiter.admit("a")).toEqual({ admitted: false, reason: "key_busy" });
    one();
    two();
    expect(limiter.snapshot()).toEqual({ running: 0, queued: 0, keys: 0 });
  });

  it("a second release of the same slot changes nothing", async () => {
    const limiter = new ConcurrencyLimiter({ maxRunning: 1, maxQueued: 1, maxPerKey: 1 });
    const release = await granted(limiter.admit("a"));
    const queued = granted(limiter.admit("b"));
    release();
    release();
    expect(limiter.snapshot()).toEqual({ running: 1, queued: 0, keys: 1 });
    (await queued)();
    expect(limiter.snapshot()).toEqual({ running: 0, queued: 0, keys: 0 });
  });

  it("refuses limits that would not limit", () => {
    expect(() => new ConcurrencyLimiter({ maxRunning: 0, maxQueued: 1, maxPerKey: 1 })).toThrow(RangeError);
    expect(() => new ConcurrencyLimiter({ maxRunning: 1, maxQueued: -1, maxPerKey: 1 })).toThrow(RangeError);
    expect(() => new ConcurrencyLimiter({ maxRunning: 1, maxQueued: 1, maxPerKey: Number.POSITIVE_INFINITY })).toThrow(RangeError);
  });
});
