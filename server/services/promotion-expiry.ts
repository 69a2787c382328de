/**
 * Expiry of live requests (docs/promotion.md: requests expire after `requestTtlHours`). A request past its `expiresAt`
 * is already dead for every decision (the services and `canDecide` compare against the clock), so marking it
 * `expired` only makes the stored status tell the truth. It happens in two places, both idempotent
 * compare-and-sets: the scheduled job (server/jobs) and lazily whenever requests are read or a new request is
 * made for the same version. Correctness never depends on the timer.
 */
import "server-only";
import type { Actor } from "../auth/actor";
import type { Db, Tx } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { recordAudit } from "./audit";
import { serviceContext } from "./context";
import { runInTransaction } from "./transaction";

/** Who the audit log names for an expiry: nobody acted, the clock did. */
export const EXPIRY_ACTOR_LABEL = "system:expiry";

function expiryActor(accountId: string, accountSlug: string): Actor {
  return { kind: "system", label: EXPIRY_ACTOR_LABEL, accountId, accountSlug, role: "viewer" };
}

const dueSelect = {
  id: true,
  accountId: true,
  expiresAt: true,
  requiredApprovals: true,
  account: { select: { slug: true } },
  moduleVersion: { select: { version: true, module: { select: { name: true } } } },
  _count: { select: { approvals: true } },
} as const;

type DueRequest = Prisma.PromotionRequestGetPayload<{ select: typeof dueSelect }>;

/** Marks one due request expired with its audit event, inside the caller's transaction. False if it was not pending. */
async function expireOne(tx: Tx, db: Db, request: DueRequest, now: Date): Promise<boolean> {
  const updated = await tx.promotionRequest.updateMany({
    where: { id: request.id, status: "pending", expiresAt: { lte: now } },
    data: { status: "expired", decidedAt: request.expiresAt, decisionNote: "Expired before it received enough approvals." },
  });
  if (updated.count !== 1) return false;
  await recordAudit(tx, serviceContext(db, expiryActor(request.accountId, request.account.slug), () => now), {
    action: "promotion_request.expired",
    targetType: "promotion_request",
    targetId: request.id,
    targetLabel: `${request.moduleVersion.module.name}@${request.moduleVersion.version}`,
    before: { status: "pending" },
    after: { status: "expired", expiresAt: request.expiresAt, approvals: request._count.approvals, required: request.requiredApprovals },
  });
  return true;
}

export interface ExpiryScope {
  accountId?: string;
  moduleVersionId?: string;
  requestId?: string;
}

function dueWhere(now: Date, scope: ExpiryScope): Prisma.PromotionRequestWhereInput {
  return {
    status: "pending",
    expiresAt: { lte: now },
    ...(scope.accountId ? { accountId: scope.accountId } : {}),
    ...(scope.moduleVersionId ? { moduleVersionId: scope.moduleVersionId } : {}),
    ...(scope.requestId ? { id: scope.requestId } : {}),
  };
}

/** Expires due requests inside an existing transaction (used before creating a new request for a version). */
export async function expireDueRequestsInTx(tx: Tx, db: Db, now: Date, scope: ExpiryScope): Promise<number> {
  const due = await tx.promotionRequest.findMany({ where: dueWhere(now, scope), select: dueSelect, take: 500 });
  let expired = 0;
  for (const request of due) if (await expireOne(tx, db, request, now)) expired += 1;
  return expired;
}

/**
 * Expires every due request in scope (all accounts when no scope is given: the scheduled job). Each request is
 * its own short transaction, so one failure cannot hold back the rest and a concurrent decision never waits
 * long. Returns how many were expired by this call; a request another process expired first is not counted.
 */
export async function expireDueRequests(db: Db, now: Date, scope: ExpiryScope = {}): Promise<number> {
  let expired = 0;
  for (;;) {
    const due = await db.promotionRequest.findMany({ where: dueWhere(now, scope), select: dueSelect, take: 200, orderBy: { expiresAt: "asc" } });
    if (due.length === 0) return expired;
    let progressed = 0;
    for (const request of due) {
      if (await runInTransaction(db, (tx) => expireOne(tx, db, request, now))) progressed += 1;
    }
    expired += progressed;
    // Nothing of this batch was ours to expire (a concurrent expirer took it): the next read would find the same rows.
    if (progressed === 0 || due.length < 200) return expired;
  }
}
