/**
 * Strata's periodic jobs (docs/deployment.md, Jobs). Each is idempotent and safe beside the request path: reads
 * apply the same rules lazily (expiry, staleness), so a late or skipped tick is never wrong, only late.
 */
import type { Db } from "../db/client";
import { plural } from "../domain/plural";
import { getEnv } from "../env";
import { expireDueRequests } from "../services/promotion-expiry";
import { pollAllRegistries } from "../services/ingest-poll";
import { recordSensorEvents } from "../services/promotion-sensors";
import { cleanUpExpired, markStaleInstances } from "../services/maintenance";
import type { Job } from "../services/job-runs";
import { recordJobRun } from "../observability/metrics";
import { logger } from "../observability/log";
import { startInProcessQueue } from "./in-process-queue";
import { startPgBossQueue } from "./pg-boss-queue";
import type { JobQueue, JobRunListener } from "./queue";
import { advanceRolloutsJob } from "./advance-rollouts";

export type { Job, JobReport, JobRunResult } from "../services/job-runs";
export type { JobQueue } from "./queue";
export { startInProcessQueue } from "./in-process-queue";
export { startPgBossQueue } from "./pg-boss-queue";

/** Live requests past their `expiresAt` become `expired` (docs/promotion-pipeline.md, Expiry), each audited. */
export const expirePromotionRequestsJob: Job = {
  name: "expire-promotion-requests",
  description: "Marks live requests past their expiry as expired, with an audit event each.",
  intervalMs: 60_000,
  run: async (db: Db, now: Date) => {
    const expired = await expireDueRequests(db, now);
    return { count: expired, summary: `${plural(expired, "live request")} expired` };
  },
};

/** The pipeline sensors' findings as audit events, once per staging period (docs/promotion.md, Sensors). */
export const pipelineSensorsJob: Job = {
  name: "pipeline-sensors",
  description: "Records when a staging version turns stale or ready to bless, once per staging period.",
  intervalMs: 5 * 60_000,
  run: async (db, now) => {
    const recorded = await recordSensorEvents(db, now);
    return { count: recorded, summary: `${plural(recorded, "sensor event")} recorded` };
  },
};

/** Instances silent for longer than their account allows are marked stale, once per silence (docs/fleet.md). */
export const markStaleInstancesJob: Job = {
  name: "mark-stale-instances",
  description: "Marks instances whose last heartbeat is older than the account's limit as stale, with an instance event.",
  intervalMs: 60_000,
  run: async (db, now) => {
    const marked = await markStaleInstances(db, now);
    return { count: marked, summary: `${plural(marked, "instance")} marked stale` };
  },
};

export const cleanupJob: Job = {
  name: "cleanup",
  description: "Deletes expired sessions, long-expired enrollment tokens, spent sign-in throttle buckets and old job runs.",
  intervalMs: 60 * 60_000,
  run: async (db, now) => {
    const counts = await cleanUpExpired(db, now);
    const total = counts.sessions + counts.enrollmentTokens + counts.throttleBuckets + counts.jobRuns;
    return {
      count: total,
      summary: `deleted ${plural(counts.sessions, "expired session")}, ${plural(counts.enrollmentTokens, "enrollment token")}, ${plural(counts.throttleBuckets, "throttle bucket")}, ${plural(counts.jobRuns, "job run")}`,
    };
  },
};

/** Signed ingest's registry poller (docs/ingest.md): every STRATA_INGEST_POLL_SECONDS, each module with a repository. */
export function pollRegistriesJob(intervalSeconds: number): Job {
  return {
    name: "poll-registries",
    description: "Polls each module's registry repository for new signed versions.",
    intervalMs: intervalSeconds * 1000,
    run: async (db, now) => {
      const result = await pollAllRegistries(db, now);
      return {
        count: result.accepted + result.rejected,
        summary: `${plural(result.accepted, "version")} accepted, ${plural(result.rejected, "attempt")} rejected`,
      };
    },
  };
}

/** Every periodic job this deployment runs (the poller only when its interval is not 0). */
export function strataJobs(): Job[] {
  const pollSeconds = getEnv().STRATA_INGEST_POLL_SECONDS;
  const jobs = [expirePromotionRequestsJob, advanceRolloutsJob, pipelineSensorsJob, markStaleInstancesJob, cleanupJob];
  return pollSeconds > 0 ? [...jobs, pollRegistriesJob(pollSeconds)] : jobs;
}

export interface StartJobsOptions {
  getDb: () => Promise<Db>;
  /** Set on PostgreSQL: the queue is shared through pg-boss. Unset: the embedded database, one process. */
  databaseUrl?: string;
  onRun?: JobRunListener;
  log?: (message: string) => void;
}

/** Starts this replica's share of the periodic jobs (scripts/start.ts). */
export async function startStrataJobs(options: StartJobsOptions): Promise<JobQueue> {
  const log = options.log ?? ((message: string) => logger.info(message));
  const onRun: JobRunListener = (name, result, durationMs) => {
    recordJobRun(name, result.outcome, durationMs);
    if (result.outcome === "failed") log(`job ${name} failed (attempt ${result.attempt}): ${result.error}`);
    else if (result.outcome === "succeeded" && result.report.count > 0) log(`job ${name}: ${result.report.summary} (${durationMs} ms)`);
    options.onRun?.(name, result, durationMs);
  };
  const jobs = strataJobs();
  if (options.databaseUrl) return startPgBossQueue(jobs, { connectionString: options.databaseUrl, getDb: options.getDb, onRun, log });
  return startInProcessQueue(jobs, { getDb: options.getDb, onRun });
}
