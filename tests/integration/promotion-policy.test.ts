/**
 * The approval policy around live requests: freeze windows (CRUD by admins; blocking requests and approvals; the
 * admin override), per-category overrides, and expiry — lazily on read, by the scheduled job, and never depending
 * on the timer.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { isAppError } from "../../server/errors";
import { startInProcessQueue, type JobRunResult } from "../../server/jobs";
import { expirePromotionRequestsJob } from "../../server/jobs";
import { approveRequest, requestLive } from "../../server/services/promotion";
import { expireDueRequests, EXPIRY_ACTOR_LABEL } from "../../server/services/promotion-expiry";
import { listRequests } from "../../server/services/promotion-read";
import { createTestDatabase, type TestDatabase } from "./db";
import { callerFor, createTestAccount, type TestAccount } from "./fixtures";
import { at, clock, moduleWithVersions } from "./promotion-fixtures";

let tdb: TestDatabase;

beforeAll(async () => {
  tdb = await createTestDatabase();
});
afterAll(async () => {
  await tdb?.close();
});

async function errorOf(promise: Promise<unknown>): Promise<{ code: string; message: string; details?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (error) {
    const app = error instanceof TRPCError ? error.cause : error;
    if (isAppError(app)) return { code: app.code, message: app.message, details: app.details as Record<string, unknown> };
    if (error instanceof TRPCError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected the call to fail");
}

describe("freeze windows", () => {
  let acct: TestAccount;
  beforeAll(async () => {
    acct = await createTestAccount(tdb.db, "freeze");
  });
  const as = (role: keyof TestAccount["users"]) => callerFor(tdb.db, acct.users[role].actor);

  it("admins create, edit and delete windows, each audited; others cannot; bad windows are refused", async () => {
    const startsAt = new Date(Date.now() + 86_400_000);
    const endsAt = new Date(Date.now() + 2 * 86_400_000);
    expect((await errorOf(as("approver").policy.createFreezeWindow({ startsAt, endsAt, reason: "x" }))).code).toBe("FORBIDDEN");
    expect((await errorOf(as("admin").policy.createFreezeWindow({ startsAt: endsAt, endsAt: startsAt, reason: "backwards" }))).code).toBe("BAD_REQUEST");
    expect((await errorOf(as("admin").policy.createFreezeWindow({ startsAt, endsAt, reason: "  " }))).code).toBe("BAD_REQUEST");
    const pastEnd = await errorOf(as("admin").policy.createFreezeWindow({ startsAt: new Date(Date.now() - 7_200_000), endsAt: new Date(Date.now() - 3_600_000), reason: "past" }));
    expect(pastEnd.code).toBe("BAD_REQUEST");

    const window = await as("admin").policy.createFreezeWindow({ startsAt, endsAt, reason: "Black Friday" });
    expect((await as("viewer").policy.get()).freezeWindows.map((w) => w.id)).toContain(window.id);
    const later = new Date(endsAt.getTime() + 3_600_000);
    await as("admin").policy.updateFreezeWindow({ id: window.id, startsAt, endsAt: later, reason: "Black Friday weekend" });
    await as("admin").policy.deleteFreezeWindow({ id: window.id });
    expect((await as("viewer").policy.get()).freezeWindows.map((w) => w.id)).not.toContain(window.id);
    const actions = await tdb.db.auditEvent.findMany({ where: { targetId: window.id }, orderBy: { createdAt: "asc" }, select: { action: true } });
    expect(actions.map((a) => a.action)).toEqual(["freeze_window.created", "freeze_window.updated", "freeze_window.deleted"]);
  });

  it("blocks new live requests; only an admin overrides, with a reason; approvals wait unless the request overrode it", async () => {
    const m = await moduleWithVersions(tdb.db, acct, [
      { version: "1.0.0", state: "blessed" },
      { version: "1.1.0", state: "blessed" },
    ]);
    // A request made before the freeze …
    const before = await as("operator").promotion.requestLive({ versionId: m.ids["1.0.0"]!, reason: "before the freeze" });
    const window = await as("admin").policy.createFreezeWindow({ startsAt: new Date(Date.now() - 60_000), endsAt: new Date(Date.now() + 3_600_000), reason: "release freeze" });

    const blocked = await errorOf(as("operator").promotion.requestLive({ versionId: m.ids["1.1.0"]!, reason: "go" }));
    expect(blocked.code).toBe("CONFLICT");
    expect(blocked.message).toContain("release freeze");
    expect(blocked.details).toMatchObject({ reason: "FROZEN", canOverrideFreeze: false });
    const notAdmin = await errorOf(as("approver").promotion.requestLive({ versionId: m.ids["1.1.0"]!, reason: "go", freezeOverrideReason: "urgent" }));
    expect(notAdmin.code).toBe("FORBIDDEN");
    const adminNoReason = await errorOf(as("admin").promotion.requestLive({ versionId: m.ids["1.1.0"]!, reason: "go" }));
    expect(adminNoReason.details).toMatchObject({ reason: "FROZEN", canOverrideFreeze: true });

    // … cannot be approved during the freeze (rejecting stays possible).
    const frozen = await errorOf(as("approver").approvals.approve({ requestId: before.requestId }));
    expect(frozen).toMatchObject({ code: "CONFLICT", details: { reason: "FROZEN" } });
    expect((await as("approver").approvals.get({ requestId: before.requestId })).can.approve).toMatchObject({ allowed: false });

    const overridden = await as("admin").promotion.requestLive({ versionId: m.ids["1.1.0"]!, reason: "hotfix", freezeOverrideReason: "CVE-2026-0001 is exploited" });
    expect(overridden.status).toBe("pending");
    const row = await tdb.db.promotionRequest.findUniqueOrThrow({ where: { id: overridden.requestId }, select: { freezeOverrideReason: true } });
    expect(row.freezeOverrideReason).toBe("CVE-2026-0001 is exploited");
    // The overriding request may be approved during the freeze.
    expect(await as("approver").approvals.approve({ requestId: overridden.requestId })).toMatchObject({ applied: true });
    await as("admin").policy.deleteFreezeWindow({ id: window.id });
  });
});

describe("per-category overrides", () => {
  it("a category may relax or tighten the approval rule for its modules only", async () => {
    const acct = await createTestAccount(tdb.db, "catover");
    const as = (role: keyof TestAccount["users"]) => callerFor(tdb.db, acct.users[role].actor);
    const categories = await as("viewer").policy.categoryOverrides();
    const userland = categories.find((c) => c.slug === "userland")!;
    const hardening = categories.find((c) => c.slug === "security-hardening")!;
    expect(userland).toMatchObject({ requireApprovalOverride: null, requiredApprovalsOverride: null });
    expect((await errorOf(as("approver").policy.updateCategoryOverride({ categoryId: userland.id, requireApprovalOverride: false, requiredApprovalsOverride: null }))).code).toBe("FORBIDDEN");
    await as("admin").policy.updateCategoryOverride({ categoryId: userland.id, requireApprovalOverride: false, requiredApprovalsOverride: null });
    await as("admin").policy.updateCategoryOverride({ categoryId: hardening.id, requireApprovalOverride: null, requiredApprovalsOverride: 2 });
    expect(await tdb.db.auditEvent.count({ where: { accountId: acct.accountId, action: "policy.category_override_updated" } })).toBe(2);

    const relaxed = await moduleWithVersions(tdb.db, acct, [{ version: "1.0.0", state: "blessed" }], { categorySlug: "userland" });
    expect(await as("operator").promotion.requestLive({ versionId: relaxed.ids["1.0.0"]!, reason: "go" })).toMatchObject({ applied: true });
    const strict = await moduleWithVersions(tdb.db, acct, [{ version: "1.0.0", state: "blessed" }], { categorySlug: "security-hardening" });
    expect(await as("operator").promotion.requestLive({ versionId: strict.ids["1.0.0"]!, reason: "go" })).toMatchObject({ applied: false, requiredApprovals: 2 });
    const plain = await moduleWithVersions(tdb.db, acct, [{ version: "1.0.0", state: "blessed" }], { categorySlug: "system-base" });
    expect(await as("operator").promotion.requestLive({ versionId: plain.ids["1.0.0"]!, reason: "go" })).toMatchObject({ applied: false, requiredApprovals: 1 });
    const pipeline = await as("viewer").promotion.pipeline({ moduleName: strict.name });
    expect(pipeline.policy).toMatchObject({ requiredApprovals: 2, overriddenFields: ["requiredApprovals"] });
  });
});

describe("expiry", () => {
  it("a request past its TTL is expired lazily on read, with one audit event by the system, and blocks nothing", async () => {
    const acct = await createTestAccount(tdb.db, "expiry");
    const time = clock(new Date(Date.now() - 10 * 3_600_000));
    const m = await moduleWithVersions(tdb.db, acct, [{ version: "1.0.0", state: "blessed" }], { now: time.now });
    const operator = at(tdb.db, acct.users.operator.actor, time.now);
    const created = await requestLive(operator, { versionId: m.ids["1.0.0"]!, reason: "go" });
    time.advanceHours(4); // TTL is 4 h: exactly at expiresAt the request is dead.
    const approve = await errorOf(approveRequest(at(tdb.db, acct.users.approver.actor, time.now), { requestId: created.requestId }));
    expect(approve).toMatchObject({ code: "CONFLICT", details: { reason: "EXPIRED" } });
    // Reading the queue marks it expired.
    const queue = await listRequests(at(tdb.db, acct.users.viewer.actor, time.now), { status: "pending", page: 1, pageSize: 50 });
    expect(queue.requests.map((r) => r.id)).not.toContain(created.requestId);
    const row = await tdb.db.promotionRequest.findUniqueOrThrow({ where: { id: created.requestId }, select: { status: true, decidedAt: true } });
    expect(row.status).toBe("expired");
    const events = await tdb.db.auditEvent.findMany({ where: { targetId: created.requestId, action: "promotion_request.expired" }, select: { actorLabel: true } });
    expect(events).toEqual([{ actorLabel: EXPIRY_ACTOR_LABEL }]);
    // Idempotent: nothing left to expire.
    expect(await expireDueRequests(tdb.db, time.now(), { accountId: acct.accountId })).toBe(0);
    // A new request for the version is possible.
    expect((await requestLive(operator, { versionId: m.ids["1.0.0"]!, reason: "again" })).status).toBe("pending");
  });

  it("a new request replaces an expired one still stored as pending (the one-pending index never blocks it)", async () => {
    const acct = await createTestAccount(tdb.db, "exp2");
    const time = clock(new Date(Date.now() - 10 * 3_600_000));
    const m = await moduleWithVersions(tdb.db, acct, [{ version: "1.0.0", state: "blessed" }], { now: time.now });
    const operator = at(tdb.db, acct.users.operator.actor, time.now);
    const first = await requestLive(operator, { versionId: m.ids["1.0.0"]!, reason: "go" });
    time.advanceHours(5);
    const second = await requestLive(operator, { versionId: m.ids["1.0.0"]!, reason: "go again" });
    expect(second.status).toBe("pending");
    expect((await tdb.db.promotionRequest.findUniqueOrThrow({ where: { id: first.requestId } })).status).toBe("expired");
  });

  it("the scheduled job expires due requests of every account, once", async () => {
    const a = await createTestAccount(tdb.db, "joba");
    const b = await createTestAccount(tdb.db, "jobb");
    const time = clock(new Date(Date.now() - 10 * 3_600_000));
    const ma = await moduleWithVersions(tdb.db, a, [{ version: "1.0.0", state: "blessed" }], { now: time.now });
    const mb = await moduleWithVersions(tdb.db, b, [{ version: "1.0.0", state: "blessed" }], { now: time.now });
    const ra = await requestLive(at(tdb.db, a.users.operator.actor, time.now), { versionId: ma.ids["1.0.0"]!, reason: "a" });
    const rb = await requestLive(at(tdb.db, b.users.operator.actor, time.now), { versionId: mb.ids["1.0.0"]!, reason: "b" });
    // Two different ticks (minutes apart): the second run finds nothing left to expire.
    let tickTime = new Date("2030-01-01T00:00:00Z");
    const queue = startInProcessQueue([expirePromotionRequestsJob], { getDb: async () => tdb.db, runOnStart: false, now: () => tickTime });
    const expiredCount = (result: JobRunResult) => (result.outcome === "succeeded" ? result.report.count : -1);
    try {
      expect(expiredCount(await queue.runNow("expire-promotion-requests"))).toBeGreaterThanOrEqual(2);
      tickTime = new Date("2030-01-01T00:05:00Z");
      expect(expiredCount(await queue.runNow("expire-promotion-requests"))).toBe(0);
    } finally {
      await queue.stop();
    }
    for (const id of [ra.requestId, rb.requestId]) {
      expect((await tdb.db.promotionRequest.findUniqueOrThrow({ where: { id } })).status).toBe("expired");
      expect(await tdb.db.auditEvent.count({ where: { targetId: id, action: "promotion_request.expired" } })).toBe(1);
    }
  });
});
