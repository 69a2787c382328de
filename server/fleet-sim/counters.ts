/**
 * What a running fleet has done so far (docs/fleet-sim.md, "Reading the figures"). Live and mutable: agents count
 * into it as they go, the CLI's status line and the benchmark read it whenever they like.
 */
import { setTimeout as sleepFor } from "node:timers/promises";
import { LatencyHistogram } from "./histogram";

export interface FleetCounters {
  enrollments: { ok: number; failed: number };
  heartbeats: { sent: number; ok: number; failed: number };
  desiredState: { ok200: number; notModified304: number; failed: number };
  installs: { completed: number; failed: number };
  /** Failed calls of any kind (not counting calls cut short by a stop). */
  errors: number;
  /** `http_500`, `network`, `timeout`, `bad_body`, … → count. */
  errorsByKind: Record<string, number>;
  /** Beats or polls an agent skipped because it was more than an interval behind: the generator is saturated. */
  skipped: number;
  inFlight: number;
  maxInFlight: number;
  latency: { heartbeat: LatencyHistogram; desiredState: LatencyHistogram; enroll: LatencyHistogram };
  /** How late calls started against their schedule: waiting for a free slot, or a busy event loop. */
  lag: LatencyHistogram;
}

export function newCounters(): FleetCounters {
  return {
    enrollments: { ok: 0, failed: 0 },
    heartbeats: { sent: 0, ok: 0, failed: 0 },
    desiredState: { ok200: 0, notModified304: 0, failed: 0 },
    installs: { completed: 0, failed: 0 },
    errors: 0,
    errorsByKind: {},
    skipped: 0,
    inFlight: 0,
    maxInFlight: 0,
    latency: { heartbeat: new LatencyHistogram(), desiredState: new LatencyHistogram(), enroll: new LatencyHistogram() },
    lag: new LatencyHistogram(),
  };
}

/** Zeroes every count in place (the benchmark does after its warm-up), keeping the in-flight gauge. */
export function resetCounters(counters: FleetCounters): void {
  const fresh = newCounters();
  counters.enrollments = fresh.enrollments;
  counters.heartbeats = fresh.heartbeats;
  counters.desiredState = fresh.desiredState;
  counters.installs = fresh.installs;
  counters.errors = 0;
  counters.errorsByKind = {};
  counters.skipped = 0;
  counters.maxInFlight = counters.inFlight;
  for (const histogram of [counters.latency.heartbeat, counters.latency.desiredState, counters.latency.enroll, counters.lag]) histogram.reset();
}

export function countError(counters: FleetCounters, kind: string): void {
  counters.errors += 1;
  counters.errorsByKind[kind] = (counters.errorsByKind[kind] ?? 0) + 1;
}

/** Time for the simulator: injectable so unit tests can run an agent on a fake clock. */
export interface Clock {
  now: () => number;
  /** Resolves after `ms`, or early (never rejecting) when `signal` aborts. */
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleep: async (ms, signal) => {
    if (signal?.aborted) return;
    try {
      await sleepFor(Math.max(0, ms), undefined, signal ? { signal } : undefined);
    } catch {
      // Aborted: the caller checks its signal.
    }
  },
};

/**
 * At most `max` calls in flight; the rest wait in arrival order. Bounds the sockets and memory a large fleet
 * uses, and is where a saturated generator shows up (as lag) rather than as an ever-growing pile of requests.
 */
export class Limiter {
  private active = 0;
  private queue: Array<(() => void) | undefined> = [];
  private head = 0;

  constructor(
    readonly max: number,
    private readonly counters?: FleetCounters,
  ) {
    if (!(max >= 1)) throw new Error("concurrency must be at least 1");
  }

  get waiting(): number {
    return this.queue.length - this.head;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) {
      await new Promise<void>((resolve) => this.queue.push(resolve));
    } else {
      this.active += 1;
    }
    if (this.counters) {
      this.counters.inFlight += 1;
      this.counters.maxInFlight = Math.max(this.counters.maxInFlight, this.counters.inFlight);
    }
    try {
      return await fn();
    } finally {
      if (this.counters) this.counters.inFlight -= 1;
      this.release();
    }
  }

  private release(): void {
    const next = this.queue[this.head];
    if (next) {
      // The slot passes straight to the next waiter (`active` is unchanged).
      this.queue[this.head] = undefined;
      this.head += 1;
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      next();
    } else {
      this.active -= 1;
    }
  }
}
