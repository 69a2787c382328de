/**
 * The embedded database's job runner: a timer per job in the one process that owns the PGlite data directory
 * (docs/decisions.md, Jobs). A slow run never piles up behind itself: a tick that finds the previous run still in
 * flight is skipped, and the next tick catches up, since every job works from the current state.
 */
import type { Db } from "../db/client";
import { runOncePerTick, tickOf, type Job, type JobRunResult } from "../services/job-runs";
import type { JobQueue, JobRunListener } from "./queue";

export interface InProcessQueueOptions {
  getDb: () => Promise<Db>;
  now?: () => Date;
  onRun?: JobRunListener;
  /** Run every job once right away (default true): a restart after downtime catches up at once. */
  runOnStart?: boolean;
}

export function startInProcessQueue(jobs: readonly Job[], options: InProcessQueueOptions): JobQueue {
  const now = options.now ?? (() => new Date());
  const running = new Map<string, Promise<JobRunResult>>();
  const timers: NodeJS.Timeout[] = [];
  let stopped = false;

  const runJob = (job: Job): Promise<JobRunResult> => {
    const inFlight = running.get(job.name);
    if (inFlight) return inFlight;
    const run = (async () => {
      const started = Date.now();
      try {
        const result = await runOncePerTick(await options.getDb(), job, tickOf(now(), job.intervalMs), now);
        options.onRun?.(job.name, result, Date.now() - started);
        return result;
      } finally {
        running.delete(job.name);
      }
    })();
    running.set(job.name, run);
    return run;
  };
  const runQuietly = (job: Job) => {
    runJob(job).catch((error: unknown) => options.onRun?.(job.name, { outcome: "failed", tick: tickOf(now(), job.intervalMs), attempt: 1, error: String(error) }, 0));
  };

  for (const job of jobs) {
    const timer = setInterval(() => {
      if (!stopped) runQuietly(job);
    }, job.intervalMs);
    // The queue never keeps the process alive on its own.
    timer.unref();
    timers.push(timer);
    if (options.runOnStart !== false) runQuietly(job);
  }

  return {
    kind: "in-process",
    stop: async () => {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      await Promise.allSettled([...running.values()]);
    },
    runNow: (name) => {
      const job = jobs.find((j) => j.name === name);
      if (!job) return Promise.reject(new Error(`Unknown job ${name}`));
      return runJob(job);
    },
  };
}
