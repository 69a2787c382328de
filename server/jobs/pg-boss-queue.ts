/**
 * Periodic jobs on PostgreSQL through pg-boss (docs/decisions.md, Jobs), shared by every replica:
 *
 * - A job whose interval is a whole number of minutes dividing an hour (or exactly an hour) is a pg-boss cron
 *   schedule: pg-boss's clock monitor sends it once per cron slot across all replicas.
 * - A shorter (or odd) interval is sent by every replica's timer with `singletonSeconds` = the interval: pg-boss's
 *   throttle index admits one job per slot, whoever sends first.
 * - Each queue has the `singleton` policy, so at most one run of a job is active at a time anywhere, and retries a
 *   failed run twice. Whichever replica fetches a job runs it through `runOncePerTick`, which records it and refuses
 *   a tick that already succeeded.
 *
 * On stop, the workers finish the runs in flight (graceful) and the pool closes.
 */
import PgBoss from "pg-boss";
import type { Db } from "../db/client";
import { runOncePerTick, tickOf, type Job, type JobRunResult } from "../services/job-runs";
import type { JobQueue, JobRunListener } from "./queue";

/** pg-boss keeps its tables in their own schema, out of Prisma's way (migrations ignore it). */
export const PG_BOSS_SCHEMA = "pgboss";

export interface PgBossQueueOptions {
  connectionString: string;
  getDb: () => Promise<Db>;
  onRun?: JobRunListener;
  log?: (message: string) => void;
  /** How long `stop` waits for runs in flight. */
  stopTimeoutMs?: number;
  /** How often idle workers look for work; the lag between a tick and its run. */
  pollingIntervalSeconds?: number;
}

/** The cron expression for an interval pg-boss cron can express exactly, else null (sent by timers instead). */
export function cronFor(intervalMs: number): string | null {
  const minutes = intervalMs / 60_000;
  if (!Number.isInteger(minutes) || minutes < 1) return null;
  if (minutes === 60) return "0 * * * *";
  if (minutes < 60 && 60 % minutes === 0) return minutes === 1 ? "* * * * *" : `*/${minutes} * * * *`;
  return null;
}

interface TickData {
  /** ISO start of the slot the sender meant; cron jobs carry none and use their creation time. */
  tick?: string;
}

/**
 * Creating a queue is idempotent, but replicas creating the same one at the same moment can deadlock inside
 * pg-boss's create_queue (its partition table and foreign keys): PostgreSQL aborts one, which retries and finds the
 * queue there.
 */
async function createQueueOnce(boss: PgBoss, queue: PgBoss.Queue): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await boss.createQueue(queue.name, queue);
      return;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if ((code !== "40P01" && code !== "23505") || attempt >= 5) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
    }
  }
}

export async function startPgBossQueue(jobs: readonly Job[], options: PgBossQueueOptions): Promise<JobQueue> {
  const log = options.log ?? ((message: string) => console.log(message));
  const boss = new PgBoss({
    connectionString: options.connectionString,
    schema: PG_BOSS_SCHEMA,
    application_name: "strata-jobs",
    max: 3,
    // Completed and failed jobs are kept a day; our own record is job_runs.
    deleteAfterDays: 1,
  });
  boss.on("error", (error) => log(`job queue: ${error.message}`));
  await boss.start();

  const timers: NodeJS.Timeout[] = [];
  const inFlight = new Set<Promise<unknown>>();
  let stopped = false;

  const runFor = async (job: Job, tick: Date): Promise<JobRunResult> => {
    const started = Date.now();
    const result = await runOncePerTick(await options.getDb(), job, tick);
    options.onRun?.(job.name, result, Date.now() - started);
    return result;
  };

  for (const job of jobs) {
    const seconds = Math.max(1, Math.round(job.intervalMs / 1000));
    await createQueueOnce(boss, {
      name: job.name,
      policy: "singleton",
      retryLimit: 2,
      retryDelay: Math.min(30, Math.max(1, Math.floor(seconds / 4))),
      // A run that takes longer than this is considered dead and retried: generous, runs are usually short.
      expireInSeconds: Math.max(300, seconds * 2),
    });
    await boss.work<TickData>(
      job.name,
      { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
      async ([pending]) => {
        if (!pending) return;
        const tick = pending.data.tick ? new Date(pending.data.tick) : tickOf(pending.createdOn, job.intervalMs);
        const run = runFor(job, tick);
        inFlight.add(run);
        try {
          const result = await run;
          // Throwing hands the failure to pg-boss, which retries the job (the tick row counts the attempts).
          if (result.outcome === "failed") throw new Error(result.error);
        } finally {
          inFlight.delete(run);
        }
      },
    );
    // One job per time slot, whoever sends it: every replica's timer (short intervals) and the start of every
    // replica (all jobs: a fresh or restarted deployment runs each job in its current slot instead of waiting for
    // the next cron boundary) send with the slot's throttle.
    const sendForCurrentSlot = () => {
      if (stopped) return;
      const tick = tickOf(new Date(), job.intervalMs);
      boss
        .send(job.name, { tick: tick.toISOString() } satisfies TickData, { singletonKey: job.name, singletonSeconds: seconds })
        .catch((error: unknown) => log(`job queue: could not send ${job.name}: ${error instanceof Error ? error.message : String(error)}`));
    };
    sendForCurrentSlot();
    const cron = cronFor(job.intervalMs);
    if (cron) {
      await boss.schedule(job.name, cron, {}, { singletonKey: job.name });
    } else {
      await boss.unschedule(job.name);
      const timer = setInterval(sendForCurrentSlot, Math.min(job.intervalMs, 15_000));
      timer.unref();
      timers.push(timer);
    }
  }

  return {
    kind: "pg-boss",
    stop: async () => {
      stopped = true;
      for (const timer of timers) clearInterval(timer);
      // graceful: the workers finish the job they hold; wait: resolve only once they have.
      await boss.stop({ graceful: true, wait: true, close: true, timeout: options.stopTimeoutMs ?? 20_000 });
      await Promise.allSettled([...inFlight]);
    },
    runNow: (name) => {
      const job = jobs.find((j) => j.name === name);
      if (!job) return Promise.reject(new Error(`Unknown job ${name}`));
      return runFor(job, tickOf(new Date(), job.intervalMs));
    },
  };
}
