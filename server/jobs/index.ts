import type { Db } from "../db/client";
import { plural } from "../domain/plural";
import { expireDueRequests } from "../services/promotion-expiry";
import { pollAllRegistries } from "../services/ingest-poll";
import { getEnv } from "../env";
import { startScheduler, type Job, type Scheduler, type SchedulerOptions } from "./scheduler";
import { advanceRolloutsJob } from "./advance-rollouts";

export { startScheduler } from "./scheduler";
export type { Job, Scheduler } from "./scheduler";

/**
 * Live requests past their `expiresAt` become `expired` (docs/promotion-pipeline.md, Expiry), each with its audit
 * event.
 */
export const expirePromotionRequestsJob: Job = {
  name: "expire-promotion-requests",
  intervalMs: 60_000,
  run: async (db: Db, now: Date) => {
    const expired = await expireDueRequests(db, now);
    if (expired > 0) console.log(`expired ${plural(expired, "live request")}`);
    return expired;
  },
};

/** Signed ingest's registry poller (docs/ingest.md): every STRATA_INGEST_POLL_SECONDS, each module with a repository. */
export function pollRegistriesJob(intervalSeconds: number): Job {
  return {
    name: "poll-registries",
    intervalMs: intervalSeconds * 1000,
    run: async (db: Db, now: Date) => {
      const result = await pollAllRegistries(db, now);
      if (result.accepted + result.rejected > 0) {
        console.log(`ingest: ${plural(result.accepted, "version")} accepted, ${plural(result.rejected, "attempt")} rejected`);
      }
      return result;
    },
  };
}

export const STRATA_JOBS: readonly Job[] = [
  expirePromotionRequestsJob,
  advanceRolloutsJob,
];

/** Starts Strata's maintenance jobs in this process (scripts/start.ts). */
export function startStrataJobs(options: SchedulerOptions): Scheduler {
  const pollSeconds = getEnv().STRATA_INGEST_POLL_SECONDS;
  return startScheduler(pollSeconds > 0 ? [...STRATA_JOBS, pollRegistriesJob(pollSeconds)] : STRATA_JOBS, options);
}
