import type { Db } from "../db/client";
import { plural } from "../domain/plural";
import { expireDueRequests } from "../services/promotion-expiry";
import { startScheduler, type Job, type Scheduler, type SchedulerOptions } from "./scheduler";

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

export const STRATA_JOBS: readonly Job[] = [expirePromotionRequestsJob];

/** Starts Strata's maintenance jobs in this process (scripts/start.ts). */
export function startStrataJobs(options: SchedulerOptions): Scheduler {
  return startScheduler(STRATA_JOBS, options);
}
