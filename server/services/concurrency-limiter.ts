/**
 * Admission control for expensive in-process work: at most `maxRunning` tasks at once, at most `maxQueued` waiting
 * (first come, first served), and at most `maxPerKey` running or waiting per key (one key per actor). Anything
 * beyond is refused at once — callers answer TOO_MANY_REQUESTS rather than let requests pile up.
 *
 * The decision is synchronous, so a caller knows before its first `await` whether it got in (the regexp safety
 * service relies on that to let identical requests share one admitted check).
 */
import "server-only";
export interface ConcurrencyLimits {
  maxRunning: number;
  maxQueued: number;
  maxPerKey: number;
}

export type RefusalReason = "key_busy" | "queue_full";

/** Frees the slot and the key's share; calling it again does nothing. */
export type Release = () => void;

export type Admission =
  | {
      admitted: true;
      /** Resolves when the task may start (at once, or when its turn in the queue comes). Always call the release. */
      granted: Promise<Release>;
    }
  | { admitted: false; reason: RefusalReason };

export class ConcurrencyLimiter {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly perKey = new Map<string, number>();

  constructor(readonly limits: ConcurrencyLimits) {
    for (const [name, value] of Object.entries(limits)) {
      if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
    }
    if (limits.maxRunning < 1 || limits.maxPerKey < 1) throw new RangeError("maxRunning and maxPerKey must be at least 1");
  }

  admit(key: string): Admission {
    const held = this.perKey.get(key) ?? 0;
    if (held >= this.limits.maxPerKey) return { admitted: false, reason: "key_busy" };
    const startsNow = this.running < this.limits.maxRunning;
    if (!startsNow && this.waiting.length >= this.limits.maxQueued) return { admitted: false, reason: "queue_full" };

    this.perKey.set(key, held + 1);
    let released = false;
    const release: Release = () => {
      if (released) return;
      released = true;
      const left = (this.perKey.get(key) ?? 1) - 1;
      if (left === 0) this.perKey.delete(key);
      else this.perKey.set(key, left);
      this.running -= 1;
      // The freed slot passes straight to the next in line, so `running` never exceeds the limit.
      this.waiting.shift()?.();
    };
    if (startsNow) {
      this.running += 1;
      return { admitted: true, granted: Promise.resolve(release) };
    }
    return {
      admitted: true,
      granted: new Promise<Release>((resolve) => {
        this.waiting.push(() => {
          this.running += 1;
          resolve(release);
        });
      }),
    };
  }

  /** For metrics and tests. */
  snapshot(): { running: number; queued: number; keys: number } {
    return { running: this.running, queued: this.waiting.length, keys: this.perKey.size };
  }
}
