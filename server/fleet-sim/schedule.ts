/**
 * When a simulated agent acts (docs/fleet-sim.md, "Schedule"). Pure: times are milliseconds on the caller's
 * clock, randomness is passed in.
 *
 * A fleet whose agents all started at once would heartbeat in bursts; real nodes boot at different times. So each
 * agent starts at a uniform offset within the first interval, and every later interval is jittered around the
 * configured one (the mean stays the interval, so the fleet's rate is `instances / interval`). Desired-state polls
 * run on their own interval, offset by half of it so they fall between heartbeats.
 */
import { uniform, type Random } from "./random";

export interface ScheduleOptions {
  intervalMs: number;
  pollIntervalMs: number;
  /** Relative jitter of each interval: 0.1 → every interval lies in [0.9, 1.1] × the configured one. */
  jitter: number;
}

/** When an agent first acts: uniform in [0, interval), so a fleet starts at its steady rate. */
export function startOffsetMs(random: Random, intervalMs: number): number {
  return random() * intervalMs;
}

/** One interval with jitter; never below a tenth of the interval. */
export function jittered(random: Random, intervalMs: number, jitter: number): number {
  const factor = 1 + uniform(random, -jitter, jitter);
  return Math.max(intervalMs / 10, intervalMs * factor);
}

/**
 * The next due time after one that was due at `dueAt` and handled at `now`. Counted from the due time, not the
 * end of the request, so slow replies do not slow the offered rate down. An agent more than one interval behind
 * (the process was paused, or the generator is saturated) skips the missed beats rather than firing them all at
 * once; `skipped` says how many, so a saturated run is visible in its figures instead of hidden in its rate.
 */
export function nextDue(random: Random, dueAt: number, now: number, intervalMs: number, jitter: number): { at: number; skipped: number } {
  let at = dueAt + jittered(random, intervalMs, jitter);
  let skipped = 0;
  while (at < now - intervalMs) {
    at += jittered(random, intervalMs, jitter);
    skipped += 1;
  }
  return { at, skipped };
}

/** How long an install takes: uniform in [min, max] seconds. */
export function convergeDelayMs(random: Random, range: readonly [number, number]): number {
  return uniform(random, Math.min(range[0], range[1]), Math.max(range[0], range[1])) * 1000;
}

/** When a silent agent stops: somewhere between one and four heartbeat intervals after it started. */
export function silentAfterMs(random: Random, intervalMs: number): number {
  return uniform(random, 1, 4) * intervalMs;
}
