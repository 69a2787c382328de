/**
 * The record of periodic job runs (docs/deployment.md, Jobs). Every run goes through `runOncePerTick`, whichever
 * queue dispatched it: it claims the (job, tick) row first, so a tick that already ran, or is running on another
 * replica, is not run again — the queue's own singleton is the first guard, this unique row the last.
 */
import "server-only";
import { hostname } from "node:os";
import { randomUUID } from "node:crypto";
import type { Db } from "../db/client";

/** One periodic job: idempotent, safe beside the request path, and summarising what it did. */
export interface Job {
  name: string;
  /** What it is for, shown in Settings → System. */
  description: string;
  intervalMs: number;
  run: (db: Db, now: Date) => Promise<JobReport>;
}

export interface JobReport {
  /** How many things it changed (requests expired, instances marked stale…). */
  count: number;
  summary: string;
}

export type JobRunResult =
  | { outcome: "succeeded"; tick: Date; attempt: number; report: JobReport }
  | { outcome: "failed"; tick: Date; attempt: number; error: string }
  /** Another replica ran or is running this tick: nothing was done. */
  | { outcome: "duplicate"; tick: Date };

/** This process, as job runs name it. */
export const REPLICA_ID = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/** The start of the interval-aligned slot `at` falls in: every replica computes the same tick for the same moment. */
export function tickOf(at: Date, intervalMs: number): Date {
  return new Date(Math.floor(at.getTime() / intervalMs) * intervalMs);
}

const MAX_TEXT = 2_000;

function errorText(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}…` : text;
}

/**
 * Runs `job` for `tick` unless that tick already succeeded or is running somewhere. A failed tick may be claimed
 * again (the queue's retry), counting the attempt. Never throws for the job's own failure: the result says so.
 */
export async function runOncePerTick(db: Db, job: Job, tick: Date, now: () => Date = () => new Date()): Promise<JobRunResult> {
  const startedAt = now();
  const claimed = await db.$queryRaw<{ id: string; attempts: number }[]>`
    INSERT INTO job_runs (id, job, tick, outcome, attempts, "startedAt", replica)
    VALUES (${randomUUID()}, ${job.name}, ${tick}, 'running', 1, ${startedAt}, ${REPLICA_ID})
    ON CONFLICT (job, tick) DO UPDATE
      SET outcome = 'running', attempts = job_runs.attempts + 1, "startedAt" = EXCLUDED."startedAt",
          replica = EXCLUDED.replica, error = NULL, summary = NULL, "finishedAt" = NULL, "durationMs" = NULL
      WHERE job_runs.outcome = 'failed'
    RETURNING id, attempts`;
  const claim = claimed[0];
  if (!claim) return { outcome: "duplicate", tick };
  try {
    const report = await job.run(db, startedAt);
    const finishedAt = now();
    await db.jobRun.update({
      where: { id: claim.id },
      data: { outcome: "succeeded", finishedAt, durationMs: finishedAt.getTime() - startedAt.getTime(), summary: report.summary.slice(0, MAX_TEXT) },
    });
    return { outcome: "succeeded", tick, attempt: claim.attempts, report };
  } catch (error) {
    const finishedAt = now();
    const message = errorText(error);
    await db.jobRun
      .update({ where: { id: claim.id }, data: { outcome: "failed", finishedAt, durationMs: finishedAt.getTime() - startedAt.getTime(), error: message } })
      // The database itself may be what failed; the run stays "running" and the UI shows it as interrupted.
      .catch(() => undefined);
    return { outcome: "failed", tick, attempt: claim.attempts, error: message };
  }
}

/** A run still "running" this long after it started was cut off (a replica killed mid-run). */
export const INTERRUPTED_AFTER_MS = 15 * 60_000;

export interface JobStatus {
  name: string;
  description: string;
  intervalSeconds: number;
  lastRun: {
    tick: Date;
    outcome: "running" | "succeeded" | "failed" | "interrupted";
    attempts: number;
    startedAt: Date;
    durationMs: number | null;
    summary: string | null;
    error: string | null;
    replica: string;
  } | null;
  lastSuccessAt: Date | null;
  /** Failed runs among the last 24 hours' runs. */
  failuresLast24h: number;
  runsLast24h: number;
  recentFailures: { tick: Date; startedAt: Date; attempts: number; error: string | null; replica: string }[];
}

function shownOutcome(outcome: string, startedAt: Date, now: Date): "running" | "succeeded" | "failed" | "interrupted" {
  if (outcome === "succeeded" || outcome === "failed") return outcome;
  return now.getTime() - startedAt.getTime() > INTERRUPTED_AFTER_MS ? "interrupted" : "running";
}

/** Each job's last run, last success and recent failures: bounded reads (a few rows per job). */
export async function listJobStatus(db: Db, jobs: readonly Job[], now: Date): Promise<JobStatus[]> {
  const since = new Date(now.getTime() - 24 * 3_600_000);
  return Promise.all(
    jobs.map(async (job): Promise<JobStatus> => {
      const [last, lastSuccess, counts, failures] = await Promise.all([
        db.jobRun.findFirst({ where: { job: job.name }, orderBy: { startedAt: "desc" } }),
        db.jobRun.findFirst({ where: { job: job.name, outcome: "succeeded" }, orderBy: { startedAt: "desc" }, select: { startedAt: true } }),
        db.jobRun.groupBy({ by: ["outcome"], where: { job: job.name, startedAt: { gte: since } }, _count: { _all: true } }),
        db.jobRun.findMany({ where: { job: job.name, outcome: "failed" }, orderBy: { startedAt: "desc" }, take: 5 }),
      ]);
      const countOf = (outcome: string) => counts.find((c) => c.outcome === outcome)?._count._all ?? 0;
      return {
        name: job.name,
        description: job.description,
        intervalSeconds: Math.round(job.intervalMs / 1000),
        lastRun: last
          ? {
              tick: last.tick,
              outcome: shownOutcome(last.outcome, last.startedAt, now),
              attempts: last.attempts,
              startedAt: last.startedAt,
              durationMs: last.durationMs,
              summary: last.summary,
              error: last.error,
              replica: last.replica,
            }
          : null,
        lastSuccessAt: lastSuccess?.startedAt ?? null,
        failuresLast24h: countOf("failed"),
        runsLast24h: counts.reduce((sum, c) => sum + c._count._all, 0),
        recentFailures: failures.map((f) => ({ tick: f.tick, startedAt: f.startedAt, attempts: f.attempts, error: f.error, replica: f.replica })),
      };
    }),
  );
}

/** Job runs older than this are deleted by the cleanup job: the page shows the last day, failures the last five. */
export const JOB_RUN_RETENTION_DAYS = 14;
