/**
 * Housekeeping jobs (docs/deployment.md, Jobs): stale marking of silent instances and the cleanup of what only
 * ages — expired sessions, expired enrollment tokens, spent sign-in throttle buckets and old job runs. Each is one
 * idempotent statement, safe to run concurrently with the request path and with itself.
 */
import "server-only";
import type { Db } from "../db/client";
import { JOB_RUN_RETENTION_DAYS } from "./job-runs";

/**
 * Marks instances whose last heartbeat is older than their account's `heartbeatStaleMinutes` as stale, once per
 * silence: `staleSince` is set only where it is null (a heartbeat clears it), and each marking writes one
 * `went_stale` instance event in the same statement.
 */
export async function markStaleInstances(db: Db, now: Date): Promise<number> {
  return db.$executeRaw`
    WITH marked AS (
      UPDATE node_instances AS i SET "staleSince" = ${now}
      FROM accounts AS a
      WHERE i."accountId" = a.id
        AND i."staleSince" IS NULL
        AND i."decommissionedAt" IS NULL
        AND i."lastHeartbeatAt" IS NOT NULL
        AND i."lastHeartbeatAt" < ${now}::timestamp - make_interval(mins => a."heartbeatStaleMinutes")
      RETURNING i.id, i."accountId", i."lastHeartbeatAt"
    )
    INSERT INTO instance_events (id, "accountId", "instanceId", kind, detail, "createdAt")
    SELECT gen_random_uuid()::text, "accountId", id, 'went_stale', jsonb_build_object('lastHeartbeatAt', "lastHeartbeatAt"), ${now}
    FROM marked`;
}

/** Expired enrollment tokens are kept this long (the template page lists them as expired), then deleted. */
export const EXPIRED_ENROLLMENT_TOKEN_DAYS = 30;

export interface CleanupCounts {
  sessions: number;
  enrollmentTokens: number;
  throttleBuckets: number;
  jobRuns: number;
}

/**
 * API tokens are never deleted here: a revoked or expired token stays listed in Settings, and audit events name it.
 */
export async function cleanUpExpired(db: Db, now: Date): Promise<CleanupCounts> {
  const day = 24 * 3_600_000;
  const [sessions, enrollmentTokens, throttleBuckets, jobRuns] = await Promise.all([
    db.session.deleteMany({ where: { expiresAt: { lt: now } } }),
    db.enrollmentToken.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - EXPIRED_ENROLLMENT_TOKEN_DAYS * day) } } }),
    db.signInThrottleBucket.deleteMany({ where: { expire: { lt: BigInt(now.getTime()) } } }),
    db.jobRun.deleteMany({ where: { startedAt: { lt: new Date(now.getTime() - JOB_RUN_RETENTION_DAYS * day) } } }),
  ]);
  return { sessions: sessions.count, enrollmentTokens: enrollmentTokens.count, throttleBuckets: throttleBuckets.count, jobRuns: jobRuns.count };
}
