/**
 * The promotion pipeline's use cases through the real routers (createCaller) and services on a real database:
 * transitions, live requests, approvals, rejections, cancellations, rollback and the automatic cancellation of a
 * request whose version leaves blessed. Every applied change writes exactly one audit event.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { isAppError } from "../../server/errors";
import { approveRequest, requestLive, rollbackModule, transitionVersion } from "../../server/services/promotion";
import { promoteVersionTo } from "../../server/services/promotion-promote";
import { createTestDatabase, type TestDatabase } from "./db";
import { callerFor, createTestAccount, svcFor, type TestAccount } from "./fixtures";
import { moduleWithVersions } from "./promotion-fixtures";

let tdb: TestDatabase;
let acct: TestAccount;

beforeAll(async () => {
  tdb = await createTestDatabase();
  acct = await createTestAccount(tdb.db, "promo");
});
afterAll(async () => {
  await tdb?.close();
});

/** The error code of a rejected call (tRPC code or AppError code), or "OK". */
async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    if (isAppError(error)) return error.code;
    throw error;
  }
}

async function errorOf(promise: Promise<unknown>): Promise<{ code: string; message: string; reason?: unknown }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) {
      const cause = error.cause;
      return { code: error.code, message: error.message, reason: isAppError(cause) ? (cause.details as { reason?: unknown } | undefined)?.reason : undefined };
    }
    if (isAppError(error)) return { code: error.code, message: error.message, reason: (error.details as { reason?: unknown } | undefined)?.reason };
    throw error;
  }
  throw new Error("expected the call to fail");
}

const as = (role: keyof TestAccount["users"]) => callerFor(tdb.db, acct.users[role].actor);

async function auditCount(targetId: string, action?: string) {
  return tdb.db.auditEvent.count({ where: { accountId: acct.accountId, targetId, ...(action ? { action } : {}) } });
}

async function stateOf(versionId: string) {
  return tdb.db.moduleVersion.findUniqueOrThrow({ where: { id: versionId }, select: { promotionState: true, previouslyLive: true, retiredReason: true } });
}

describe("promote, demote, retire", () => {
  it("an operator promotes built → staging → blessed, each with one audit event and a stamp", async () => {
    const m = await moduleWithVersions(tdb.db, acct, [{ version: "1.0.0", state: "built" }]);
    const id = m.ids["1.0.0"]!;
    const before = await auditCount(id);
    await as("operator").promotion.promote({ versionId: id, targetState: "staging", expectedState: "built" });
    await as("operator").promotion.promote({ versionId: id, targetState: "blessed", reason: "soak clean" });
    const row = await tdb.db.moduleVersion.findUniqueOrThrow({ where: { id }, select: { promotionState: true, stagingAt: true, blessedAt: true } });
    expect(row.promotionState).toBe("blessed");
    expect(row.stagingAt).not.toBeNull();
    expect(row.blessedAt).not.toBeNull();
    expect(await auditCount(id)).toBe(before + 2);
    const last = await tdb.db.auditEvent.findFirstOrThrow({ where: { targetId: id }, orderBy: { createdAt: "desc" } });
    expect(last).toMatchObject({ action: "version.promoted", reason: "soak clean", actorLabel: acct.users.operator.email });
  });

  it("an author or a viewer cannot promote; nothing changes", async () => {
    const m = await moduleWithVersions(tdb.db, acct, [{ version: "1.0.0", state: "built" }]);
    const id = m.ids["1.0.0"]!;
    expect(await outcome(as("author").promotion.promote({ versionId: id, targetState: "staging" }))).toBe("FORBIDDEN");
    expect(await outcome(as("viewer").promotion.promote({ versionId: id, targetState: "staging" }))).toBe("FORBIDDEN");
    expect((await stateOf(id)).promotionState).toBe("built");
  });

  it("refuses transitions the state machine does not allow with UNPROCESSABLE", async () => {
    const m = await moduleWithVersions(tdb.db, acct, [{ version: "1.0.0", state: "built" }]);
    const id = m.ids["1.0.0"]!;
    const error = await errorOf(as("operator").promotion.promote({ versionId: id, targetState: "blessed" }));
    expect(error.code).toBe("UNPROCESSABLE_CONTENT");
    expect(error.message).toContain("cannot move from built to blessed");
    expect(await outcome(as("operator").promotion.demote({ versionId: id }))).toBe("CONFLICT"); // already built
  });

  it("answers CONFLICT when the version is no longer in the state the caller saw, or already in the target", async () => {
    const m = await moduleWithVersions(tdb.db, acct, [{ version: "1.0.0", state: "staging" }]);
    const id = m.ids["1.0.0"]!;
    await as("operator").promotion.promote({ versionId: id, targetState: "blessed", expectedState: "staging" });
    const stale = await errorOf(as("operator").promotion.demote({ versionId: id, expectedState: "staging" }));
    expect(stale.code).toBe("CONFLICT");
    expect(stale.message).toContain("is blessed now, not staging");
    expect(await outcome(as("operator").promotion.promote({ versionId: id, targetState: "blessed" }))).toBe("CONFLICT");
  });

  it("demotes staging → built", async () => {
    const m = await moduleWithVersions(tdb.db, acct, [{ version: "1.0.0", state: "staging" }]);
    await as("operator").promotion.demote({ versionId: m.ids["1.0.0"]!, reason: "bad canary" });
    expect((await stateOf(m.ids["1.0.0"]!)).promotionState).toBe("built");
  });

  it("retiring needs a reason; retiring the live version is an approver action", async () => {
    const m = await moduleWithVersions(tdb.db, acct, [
      { version: "1.0.0", state: "live" },
      { version: "1.1.0", state: "staging" },
    ]);
    expect(await outcome(as("operator").promotion.retire({ versionId: m.ids["1.1.0"]!, reason: "  " }))).toBe("BAD_REQUEST");
    expect(await outcome(transitionVersion(svcFor(tdb.db, acct.users.operator.actor), { versionId: m.ids["1.1.0"]!, targetState: "retired" }))).toBe("BAD_REQUEST");
    await as("operator").promotion.retire({ versionId: m.ids["1.1.0"]!, reason: "superseded" });
    expect(await stateOf(m.ids["1.1.0"]!)).toMatchObject({ promotionState: "retired", retiredReason: "superseded" });

    const live = m.ids["1.0.0"]!;
    const refused = await errorOf(as("operator").promotion.retire({ versionId: live, reason: "pull it" }));
    expect(refused.code).toBe("FORBIDDEN");
    expect(refused.message).toContain("versions.rollback");
    expect((await stateOf(live)).promotionState).toBe("live");
    await as("approver").promotion.retire({ versionId: live, reason: "CVE in the live build" });
    expect((await stateOf(live)).promotionState).toBe("retired");
  });

  it("another account's version is NOT_FOUND", async () => {
    const other = await createTestAccount(tdb.db, "other");
    const m = await moduleWithVersions(tdb.db, other, [{ version: "1.0.0", state: "built" }]);
    expect(await outcome(as("admin").promotion.promote({ versionId: m.ids["1.0.0"]!, targetState: "staging" }))).toBe("NOT_FOUND");
  });
});

describe("promoteVersionTo: one call for any target state", () => {
  it("names the version by id or by module and version; live becomes a request, every other state applies", async () => {
    const m = await moduleWithVersions(tdb.db, acct, [{ version: "1.0.0", state: "built" }]);
    const operator = svcFor(tdb.db, acct.users.operator.actor);
    const staged = await promoteVersionTo(operator, { moduleName: m.name, version: "1.0.0", targetState: "staging" });
    expect(staged).toMatchObject({ applied: true, versionId: m.ids["1.0.0"], promotionState: "staging", promotionRequestId: null, expiresAt: null });
    await promoteVersionTo(operator, { versionId: m.ids["1.0.0"]!, targetState: "blessed" });
    // Live is entered from blessed only: a caller expecting another state asks for a move that does not exist.
    expect(await outcome(promoteVersionTo(operator, { versionId: m.ids["1.0.0"]!, targetState: "live", reason: "go", expectedState: "staging" }))).toBe("UNPROCESSABLE");
    const live = await promoteVersionTo(operator, { moduleName: m.name, version: "1.0.0", targetState: "live", reason: "rollout" });
    expect(live).toMatchObject({ applied: false, promotionState: "blessed", requestStatus: "pending", requiredApprovals: 1 });
    expect(live.promotionRequestId).toEqual(expect.any(String));
    expect(live.expiresAt).toBeInstanceOf(Date);
    expect(await outcome(promoteVersionTo(operator, { moduleName: m.name, version: "9.9.9", targetState: "staging" }))).toBe("NOT_FOUND");
  });
});

describe("live requests and approvals", () => {
  it("an operator requests live with a reason; an approver approves; the old live returns to blessed as previously live", async () => {
    const m = await moduleWithVersions(tdb.db, acct, [
      { version: "1.0.0", state: "live" },
      { version: "1.1.0", state: "blessed" },
    ]);
    const candidate = m.ids["1.1.0"]!;
    const created = await as("operator").promotion.requestLive({ versionId: candidate, reason: "security update" });
    expect(created).toMatchObject({ status: "pending", applied: false, requiredApprovals: 1 });
    expect((await stateOf(candidate)).promotionState).toBe("blessed");

    // The operator cannot approve at all; an approver who is not the requester can.
    expect(await outcome(as("operator").approvals.approve({ requestId: created.requestId }))).toBe("FORBIDDEN");
    const auditBefore = await auditCount(candidate, "version.went_live");
    const approved = await as("approver").approvals.approve({ requestId: created.requestId, comment: "LGTM" });
    expect(approved).toMatchObject({ status: "approved", applied: true });
    expect((await stateOf(candidate)).promotionState).toBe("live");
    expect(await stateOf(m.ids["1.0.0"]!)).toMatchObject({ promotionState: "blessed", previouslyLive: true });
    expect(await auditCount(candidate, "version.went_live")).toBe(auditBefore + 1);
    const request = await tdb.db.promotionRequest.findUniqueOrThrow({ where: { id: created.requestId }, select: { status: true, decidedAt: true } });
    expect(request.status).toBe("approved");
    expect(request.decidedAt).not.toBeNull();
  });

  it("the requester cannot approve their own request, and is told why", async () => {
    const m = await moduleWithVersions(tdb.db, acct, [{ version: "2.0.0", state: "blessed" }]);
    const created = await as("approver").promotion.requestLive({ versionId: m.ids["2.0.0"]!, reason: "mine" });
    const error = await errorOf(as("approver").approvals.approve({ requestId: created.requestId }));
    expect(error).toMatchObject({ code: "FORBIDDEN", message: "You requested this promotion; another approver must approve it.", reason: "SELF_APPROVAL" });
    const detail = await as("approver").approvals.get({ requestId: created.requestId });
    expect(detail.can.approve).toEqual({ allowed: false, reason: "You requested this promotion; another approver must approve it." });
    expect(detail.isRequester).toBe(true);
    expect((await as("admin").approvals.get({ requestId: created.requestId })).can.approve).toEqual({ allowed: true });
  });

  it("refuses a second pending request for the same version, a non-blessed version and a missing reason", async () => {
    const m = await moduleWithVersions(tdb.db, acct, [
      { version: "1.0.0", state: "blessed" },
      { version: "1.1.0", state: "staging" },
      { version: "1.2.0", state: "blessed" },
    ]);
    await as("operator").promotion.requestLive({ versionId: m.ids["1.0.0"]!, reason: "go" });
    const again = await errorOf(as("admin").promotion.requestLive({ versionId: m.ids["1.0.0"]!, reason: "go again" }));
    expect(again).toMatchObject({ code: "CONFLICT", reason: "REQUEST_PENDING" });
    expect(await outcome(as("operator").promotion.requestLive({ versionId: m.ids["1.1.0"]!, reason: "go" }))).toBe("UNPROCESSABLE_CONTENT");
    expect(await outcome(as("operator").promotion.requestLive({ versionId: m.ids["1.1.0"]!, reason: "" }))).toBe("BAD_REQUEST");
    expect(await outcome(requestLive(svcFor(tdb.db, acct.users.operator.actor), { versionId: m.ids["1.2.0"]!, reason: "   " }))).toBe("BAD_REQUEST");
    expect(await outcome(as("author").promotion.requestLive({ versionId: m.ids["1.0.0"]!, reason: "go" }))).toBe("FORBIDDEN");
  });

  it("with two approvals required, the first is recorded and the second applies; one user counts once", async () => {
    const other = await createTestAccount(tdb.db, "two");
    await tdb.db.account.update({ where: { id: other.accountId }, data: { requiredApprovals: 2 } });
    const m = await moduleWithVersions(tdb.db, other, [{ version: "1.0.0", state: "blessed" }]);
    const caller = (role: keyof TestAccount["users"]) => callerFor(tdb.db, other.users[role].actor);
    const created = await caller("operator").promotion.requestLive({ versionId: m.ids["1.0.0"]!, reason: "two-person rule" });
    expect(created.requiredApprovals).toBe(2);
    expect(await caller("approver").approvals.approve({ requestId: created.requestId })).toMatchObject({ status: "pending", applied: false, approvals: 1 });
    const twice = await errorOf(caller("approver").approvals.approve({ requestId: created.requestId }));
    expect(twice).toMatchObject({ code: "CONFLICT", reason: "ALREADY_DECIDED" });
    // A policy edit does not move the goalposts of the pending request.
    await tdb.db.account.update({ where: { id: other.accountId }, data: { requiredApprovals: 1 } });
    expect((await caller("viewer").approvals.get({ requestId: created.requestId })).requiredApprovals).toBe(2);
    expect(await caller("admin").approvals.approve({ requestId: created.requestId })).toMatchObject({ status: "approved", applied: true });
    expect((await stateOf(m.ids["1.0.0"]!)).promotionState).toBe("live");
    const events = await tdb.db.auditEvent.findMany({ where: { targetId: created.requestId, targetType: "promotion_request" }, select: { action: true } });
    expect(events.map((e) => e.action).sort()).toEqual(["promotion_request.approval_added", "promotion_request.created"]);
  });

  it("applies at once when the policy requires no approval", async () => {
    const other = await createTestAccount(tdb.db, "noappr");
    await tdb.db.account.update({ where: { id: other.accountId }, data: { requireApproval: false } });
    const m = await moduleWithVersions(tdb.db, other, [
      { version: "1.0.0", state: "live" },
      { version: "1.1.0", state: "blessed" },
    ]);
    const result = await callerFor(tdb.db, other.users.operator.actor).promotion.requestLive({ versionId: m.ids["1.1.0"]!, reason: "auto" });
    expect(result).toMatchObject({ applied: true, status: "approved", promotionState: "live" });
    expect((await stateOf(m.ids["1.1.0"]!)).promotionState).toBe("live");
    expect(await stateOf(m.ids["1.0.0"]!)).toMatchObject({ promotionState: "blessed", previouslyLive: true });
  });

  it("rejection needs a comment and closes the request; later approvals are refused", async () => {
    const m = await moduleWithVersions(tdb.db, acct, [{ version: "1.0.0", state: "blessed" }]);
    const created = await as("operator").promotion.requestLive({ versionId: m.ids["1.0.0"]!, reason: "go" });
    expect(await outcome(as("approver").approvals.reject({ requestId: created.requestId, comment: "" }))).toBe("BAD_REQUEST");
    expect(await outcome(as("operator").approvals.reject({ requestId: created.requestId, comment: "no" }))).toBe("FORBIDDEN");
    await as("approver").approvals.reject({ requestId: created.requestId, comment: "not during the freeze" });
    const row = await tdb.db.promotionRequest.findUniqueOrThrow({ where: { id: created.requestId }, select: { status: true, decisionNote: true } });
    expect(row).toEqual({ status: "rejected", decisionNote: "not during the freeze" });
    expect(await errorOf(as("admin").approvals.approve({ requestId: created.requestId }))).toMatchObject({ code: "CONFLICT", reason: "NOT_PENDING" });
    expect((await stateOf(m.ids["1.0.0"]!)).promotionState).toBe("blessed");
  });

  it("the requester or an approver can cancel; another operator cannot", async () => {
    const other = await createTestAccount(tdb.db, "cancel");
    const op2 = await tdb.db.user.create({ data: { email: `op2@${other.slug}.test`, name: "Second operator", passwordHash: "x" } });
    await tdb.db.membership.create({ data: { userId: op2.id, accountId: other.accountId, role: "operator" } });
    const op2Actor = { ...other.users.operator.actor, userId: op2.id, email: op2.email };
    const m = await moduleWithVersions(tdb.db, other, [
      { version: "1.0.0", state: "blessed" },
      { version: "1.1.0", state: "blessed" },
    ]);
    const caller = (role: keyof TestAccount["users"]) => callerFor(tdb.db, other.users[role].actor);
    const first = await caller("operator").promotion.requestLive({ versionId: m.ids["1.0.0"]!, reason: "go" });
    expect(await errorOf(callerFor(tdb.db, op2Actor).approvals.cancel({ requestId: first.requestId }))).toMatchObject({ code: "FORBIDDEN", reason: "NOT_REQUESTER" });
    expect((await callerFor(tdb.db, op2Actor).approvals.get({ requestId: first.requestId })).can.cancel).toMatchObject({ allowed: false });
    expect((await caller("operator").approvals.get({ requestId: first.requestId })).can.cancel).toEqual({ allowed: true });
    await caller("operator").approvals.cancel({ requestId: first.requestId, reason: "wrong version" });
    expect(await tdb.db.promotionRequest.findUniqueOrThrow({ where: { id: first.requestId }, select: { status: true, decisionNote: true } })).toEqual({
      status: "cancelled",
      decisionNote: "wrong version",
    });
    expect(await errorOf(caller("operator").approvals.cancel({ requestId: first.requestId }))).toMatchObject({ code: "CONFLICT" });

    const second = await caller("operator").promotion.requestLive({ versionId: m.ids["1.1.0"]!, reason: "go" });
    await caller("approver").approvals.cancel({ requestId: second.requestId });
    expect((await tdb.db.promotionRequest.findUniqueOrThrow({ where: { id: second.requestId } })).status).toBe("cancelled");
    // After a cancellation a new request for the same version is possible.
    await caller("operator").promotion.requestLive({ versionId: m.ids["1.0.0"]!, reason: "second try" });
  });

  it("API tokens never approve, even with the approver role; the request is found first (NOT_FOUND stays NOT_FOUND)", async () => {
    const m = await moduleWithVersions(tdb.db, acct, [{ version: "1.0.0", state: "blessed" }]);
    const created = await as("operator").promotion.requestLive({ versionId: m.ids["1.0.0"]!, reason: "go" });
    const token = { kind: "token" as const, tokenId: "00000000-0000-4000-8000-000000000001", tokenName: "ci", createdById: acct.users.admin.userId, accountId: acct.accountId, accountSlug: acct.slug, role: "approver" as const, scopes: [] };
    const error = await errorOf(approveRequest(svcFor(tdb.db, token), { requestId: created.requestId }));
    expect(error).toMatchObject({ code: "FORBIDDEN", reason: "TOKEN_DECISION" });
    expect(error.message).toContain("not by API tokens");
    expect(await outcome(approveRequest(svcFor(tdb.db, token), { requestId: "00000000-0000-4000-8000-0000000000ff" }))).toBe("NOT_FOUND");
  });
});

describe("automatic cancellation and rollback", () => {
  it("a pending request is cancelled, with an audit event, when its version is retired", async () => {
    const m = await moduleWithVersions(tdb.db, acct, [{ version: "1.0.0", state: "blessed" }]);
    const created = await as("operator").promotion.requestLive({ versionId: m.ids["1.0.0"]!, reason: "go" });
    await as("operator").promotion.retire({ versionId: m.ids["1.0.0"]!, reason: "broken build" });
    const request = await tdb.db.promotionRequest.findUniqueOrThrow({ where: { id: created.requestId }, select: { status: true, decisionNote: true } });
    expect(request.status).toBe("cancelled");
    expect(request.decisionNote).toContain("left blessed");
    expect(await auditCount(created.requestId, "promotion_request.cancelled")).toBe(1);
  });

  it("another version's request going live does not cancel unrelated requests; the rollback target's request is cancelled", async () => {
    const m = await moduleWithVersions(tdb.db, acct, [
      { version: "1.0.0", state: "live" },
      { version: "1.1.0", state: "live" },
    ]);
    // 1.0.0 is blessed (previously live); someone asks to make it live again while an approver rolls back.
    const pending = await as("operator").promotion.requestLive({ versionId: m.ids["1.0.0"]!, reason: "go back" });
    const result = await as("approver").promotion.rollback({ moduleName: m.name, reason: "502s on edge" });
    expect(result).toMatchObject({ live: "1.0.0", retired: "1.1.0" });
    expect(await stateOf(m.ids["1.1.0"]!)).toMatchObject({ promotionState: "retired", retiredReason: "502s on edge" });
    expect(await stateOf(m.ids["1.0.0"]!)).toMatchObject({ promotionState: "live", previouslyLive: false });
    expect((await tdb.db.promotionRequest.findUniqueOrThrow({ where: { id: pending.requestId } })).status).toBe("cancelled");
    const module = await tdb.db.module.findFirstOrThrow({ where: { accountId: acct.accountId, name: m.name }, select: { id: true } });
    expect(await auditCount(module.id, "module.rolled_back")).toBe(1);
  });

  it("rollback is an approver action, needs a reason and a previously live target", async () => {
    const m = await moduleWithVersions(tdb.db, acct, [
      { version: "1.0.0", state: "live" },
      { version: "1.1.0", state: "live" },
    ]);
    expect(await outcome(as("operator").promotion.rollback({ moduleName: m.name, reason: "x" }))).toBe("FORBIDDEN");
    expect(await outcome(as("approver").promotion.rollback({ moduleName: m.name, reason: "" }))).toBe("BAD_REQUEST");
    expect(await outcome(rollbackModule(svcFor(tdb.db, acct.users.approver.actor), { moduleName: m.name, reason: " " }))).toBe("BAD_REQUEST");
    const single = await moduleWithVersions(tdb.db, acct, [{ version: "1.0.0", state: "live" }]);
    const noTarget = await errorOf(as("approver").promotion.rollback({ moduleName: single.name, reason: "x" }));
    expect(noTarget.code).toBe("UNPROCESSABLE_CONTENT");
    expect(noTarget.message).toContain("no previously live blessed version");
    expect(await outcome(as("approver").promotion.rollback({ moduleName: "no-such-module", reason: "x" }))).toBe("NOT_FOUND");
  });
});
