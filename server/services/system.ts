/**
 * Settings → System (docs/deployment.md, Jobs): how this deployment runs its periodic jobs and how their last runs
 * went. Job runs are deployment-wide, not per account, so only admins see them (`system.read`).
 */
import "server-only";
import { getEnv } from "../env";
import { strataJobs } from "../jobs";
import { listJobStatus, type JobStatus } from "./job-runs";
import type { ServiceContext } from "./context";

export interface SystemStatus {
  engine: "pglite" | "postgresql";
  queue: "pg-boss" | "in-process";
  jobs: JobStatus[];
}

export async function systemStatus(ctx: ServiceContext): Promise<SystemStatus> {
  const onPostgres = Boolean(getEnv().DATABASE_URL);
  return {
    engine: onPostgres ? "postgresql" : "pglite",
    queue: onPostgres ? "pg-boss" : "in-process",
    jobs: await listJobStatus(ctx.db, strataJobs(), ctx.now()),
  };
}
