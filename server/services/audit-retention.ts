import "server-only";
import type { Db } from "../db/client";

/**
 * Audit retention (docs/performance.md, Audit retention). An account with `auditHotDays` keeps that many days of
 * events in audit_events, which every audit read and write touches; older events move to audit_events_archive.
 * The move is one statement — DELETE … RETURNING feeding INSERT — so an event is in exactly one table at every
 * instant: a failed insert (say a duplicate id) fails the delete with it. Nothing is ever dropped.
 */

export interface ArchiveOptions {
  /** Events moved per statement: bounds the lock time and WAL of each step. */
  batchSize?: number;
  /** Statements per account per run: a tick with a large backlog does part of it and the next tick continues. */
  maxBatches?: number;
}

export interface ArchiveResult {
  archived: number;
  accounts: number;
  /** An account still had events past its window when this run stopped (maxBatches): the next tick continues. */
  backlog: boolean;
}

const DAY_MS = 86_400_000;

/** Moves one batch of one account's events older than `cutoff`; answers how many moved. */
async function archiveBatch(db: Db, accountId: string, cutoff: Date, now: Date, batchSize: number): Promise<number> {
  // SKIP LOCKED: two replicas running the job at once take different rows instead of waiting on each other.
  return db.$executeRaw`
    WITH moved AS (
      DELETE FROM audit_events
      WHERE id IN (
        SELECT id FROM audit_events
        WHERE "accountId" = ${accountId} AND "createdAt" < ${cutoff}
        ORDER BY "createdAt", id
        LIMIT ${batchSize}
        FOR UPDATE SKIP LOCKED
      )
      RETURNING id, "accountId", "actorUserId", "actorTokenId", "actorLabel", action, "targetType", "targetId",
                "targetLabel", before, after, reason, "requestId", "createdAt"
    )
    INSERT INTO audit_events_archive (id, "accountId", "actorUserId", "actorTokenId", "actorLabel", action, "targetType",
                                      "targetId", "targetLabel", before, after, reason, "requestId", "createdAt", "archivedAt")
    SELECT id, "accountId", "actorUserId", "actorTokenId", "actorLabel", action, "targetType", "targetId",
           "targetLabel", before, after, reason, "requestId", "createdAt", ${now}
    FROM moved`;
}

export async function archiveOldAuditEvents(db: Db, now: Date, options: ArchiveOptions = {}): Promise<ArchiveResult> {
  const batchSize = options.batchSize ?? 5_000;
  const maxBatches = options.maxBatches ?? 20;
  const accounts = await db.account.findMany({ where: { auditHotDays: { not: null } }, select: { id: true, auditHotDays: true } });
  let archived = 0;
  let backlog = false;
  for (const account of accounts) {
    const cutoff = new Date(now.getTime() - (account.auditHotDays ?? 0) * DAY_MS);
    for (let batch = 0; ; batch++) {
      if (batch === maxBatches) {
        backlog = true;
        break;
      }
      const moved = await archiveBatch(db, account.id, cutoff, now, batchSize);
      archived += moved;
      if (moved < batchSize) break;
    }
  }
  return { archived, accounts: accounts.length, backlog };
}
