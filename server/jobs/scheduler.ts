/**
 * A small in-process scheduler for periodic maintenance jobs. Strata runs as one process (scripts/start.ts), so
 * `setInterval` is enough: no jobs table, no queue library. Every job must be idempotent and safe to run
 * concurrently with the request path (the expiry job is a compare-and-set), because correctness never depends on
 * the timer — reads apply the same rule lazily.
 */
import type { Db } from "../db/client";

export interface Job {
  name: string;
  intervalMs: number;
  run: (db: Db, now: Date) => Promise<unknown>;
}

export interface SchedulerOptions {
  getDb: () => Promise<Db>;
  now?: () => Date;
  log?: (message: string) => void;
  /** Run every job once right away (default true): a restart after downtime catches up at once. */
  runOnStart?: boolean;
}

export interface Scheduler {
  /** Resolves when the jobs in flight have finished; no job starts afterwards. */
  stop: () => Promise<void>;
  /** Runs a job now (tests, manual triggers); resolves with its result. Skipped while the same job runs. */
  runNow: (name: string) => Promise<unknown>;
}

export function startScheduler(jobs: readonly Job[], options: SchedulerOptions): Scheduler {
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((message: string) => console.log(message));
  const running = new Map<string, Promise<unknown>>();
  const timers: NodeJS.Timeout[] = [];
  let stopped = false;

  const runJob = (job: Job): Promise<unknown> => {
    // A slow run must not pile up behind itself: the next tick is skipped while one is in flight.
    const inFlight = running.get(job.name);
    if (inFlight) return inFlight;
    const run = (async () => {
      try {
        return await job.run(await options.getDb(), now());
      } catch (error) {
        log(`job ${job.name} failed: ${error instanceof Error ? error.message : String(error)}`);
        return undefined;
      } finally {
        running.delete(job.name);
      }
    })();
    running.set(job.name, run);
    return run;
  };

  for (const job of jobs) {
    const timer = setInterval(() => {
      if (!stopped) void runJob(job);
    }, job.intervalMs);
    // The scheduler never keeps the process alive on its own.
    timer.unref();
    timers.push(timer);
    if (options.runOnStart !== false) void runJob(job);
  }

  return {
    stop: async () => {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await Promise.allSettled([...running.values()]);
    },
    runNow: (name: string) => {
      const job = jobs.find((j) => j.name === name);
      if (!job) return Promise.reject(new Error(`Unknown job ${name}`));
      return runJob(job);
    },
  };
}
