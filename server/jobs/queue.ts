/**
 * One interface over the two ways Strata runs its periodic jobs (docs/deployment.md, Jobs): pg-boss on PostgreSQL,
 * where several replicas share the work, and an in-process timer on embedded PGlite, which exactly one process can
 * open. Either way each run goes through `runOncePerTick` (server/services/job-runs.ts), which records it.
 */
import type { JobRunResult } from "../services/job-runs";

export interface JobQueue {
  readonly kind: "pg-boss" | "in-process";
  /** Stops taking new runs and resolves when the runs in flight on this replica have finished. */
  stop: () => Promise<void>;
  /** Runs a job for the current tick on this replica now (tests, manual triggers). */
  runNow: (name: string) => Promise<JobRunResult>;
}

/** Called after every run (metrics, logs). */
export type JobRunListener = (name: string, result: JobRunResult, durationMs: number) => void;
