/**
 * The promotion pipeline's state changes (docs/promotion.md, docs/promotion-pipeline.md). Every use case
 * is ONE transaction with one audit event per applied change, and every state change is a compare-and-set on the
 * state it was planned from: of N concurrent attempts exactly one applies, the others get CONFLICT, and nothing
 * is half-applied.
 */
import "server-only";
import type { z } from "zod";
import { actorHas, actorLabel, actorPermissions, actorUserId, type Actor } from "../auth/actor";
import type { Tx } from "../db/client";
import {
  canDecide,
  evaluateApprovals,
  evaluateLiveRequest,
  planRollback,
  planTransition,
  validateDecision,
  type ApprovalDecision,
  type CanDecideCode,
  type PromotionRequestFacts,
  type StateChange,
  type TransitionError,
} from "../domain/promotion";
import { AppError, type AppErrorCode } from "../errors";
import { recordAudit } from "./audit";
import type { ServiceContext } from "./context";
import { computeSensors } from "./promotion-sensors";
import { expireDueRequestsInTx } from "./promotion-expiry";
import { loadPolicy } from "./promotion-policy";
import { runInTransaction } from "./transaction";
import { bumpRevisionsOfVersions } from "./fleet-revisions";
import { recordPromotionTransition } from "../observability/metrics";
import { assertNoActiveRollout, checkBadVersion, closeRolloutsOfRetiredVersions, startRollout } from "./rollouts";
import type {
  cancelRequestInput,
  decideRequestInput,
  rejectRequestInput,
  requestLiveInput,
  rollbackInput,
  transitionVersionInput,
} from "../contracts/promotion";


const TRANSITION_ERROR_CODE: Record<TransitionError["code"], AppErrorCode> = {
  TRANSITION_NOT_ALLOWED: "UNPROCESSABLE",
  REASON_REQUIRED: "BAD_REQUEST",
  FORBIDDEN: "FORBIDDEN",
  INCONSISTENT_LIVE: "CONFLICT",
  NOT_LIVE: "UNPROCESSABLE",
  NO_ROLLBACK_CANDIDATE: "UNPROCESSABLE",
};

function fromPlanError(error: TransitionError): AppError {
  return new AppError(TRANSITION_ERROR_CODE[error.code], error.message, {
    ...(error.code === "REASON_REQUIRED" ? { fieldErrors: { reason: error.message } } : {}),
    details: { reason: error.code },
  });
}

const DECISION_ERROR_CODE: Record<CanDecideCode, AppErrorCode> = {
  NOT_PENDING: "CONFLICT",
  EXPIRED: "CONFLICT",
  SELF_APPROVAL: "FORBIDDEN",
  NOT_APPROVER: "FORBIDDEN",
  ALREADY_DECIDED: "CONFLICT",
  FROZEN: "CONFLICT",
};

export const TOKEN_DECISION_MESSAGE =
  "Approvals and rejections are given by people signed in to the console, not by API tokens: an approval must name " +
  "the person accountable for it. Open the request in Strata (Approvals) to decide.";

const versionSelect = {
  id: true,
  version: true,
  promotionState: true,
  moduleId: true,
  liveAt: true,
  badAt: true,
  badReason: true,
  module: { select: { name: true, categoryId: true, category: { select: { requireApprovalOverride: true, requiredApprovalsOverride: true } } } },
} as const;

async function loadVersion(tx: Tx, ctx: ServiceContext, versionId: string) {
  const version = await tx.moduleVersion.findFirst({ where: { id: versionId, accountId: ctx.actor.accountId }, select: versionSelect });
  if (!version) throw new AppError("NOT_FOUND", "Module version not found.");
  return version;
}

function conflict(message: string, details?: Record<string, unknown>): AppError {
  return new AppError("CONFLICT", message, { details: { reason: "STATE_CHANGED", ...details } });
}

/**
 * Applies a plan's state changes, each a compare-and-set on the state we planned from. A change that matches
 * no row means someone else moved the version first: CONFLICT, and the whole transaction rolls back.
 */
export async function applyChanges(tx: Tx, changes: readonly StateChange[], now: Date, retiredReason?: string) {
  for (const change of changes) {
    const updated = await tx.moduleVersion.updateMany({
      where: { id: change.versionId, promotionState: change.from },
      data: {
        promotionState: change.to,
        stateChangedAt: now,
        ...(change.stamp ? { [change.stamp]: now } : {}),
        // The marker means "blessed again after being live": it names a rollback target, nothing else.
        previouslyLive: change.previouslyLive === true,
        ...(change.to === "retired" && retiredReason ? { retiredReason } : {}),
      },
    });
    if (updated.count !== 1) {
      throw conflict("The version changed state meanwhile; reload and try again.", { versionId: change.versionId });
    }
    // Counted when applied: a later step of the same transaction failing rolls the change back but not the count,
    // which is rare (a CONFLICT) and visible in the API calls' outcomes.
    recordPromotionTransition(change.from, change.to);
  }  // What nodes should run may have changed with it (docs/fleet.md, desired state).
  await bumpRevisionsOfVersions(tx, changes.map((change) => change.versionId));
}

/** A pending live request whose version leaves blessed (other than by going live through it) is cancelled. */
export async function cancelRequestsOfVersionsLeavingBlessed(tx: Tx, ctx: ServiceContext, changes: readonly StateChange[], exceptRequestId?: string) {
  const leaving = changes.filter((c) => c.from === "blessed").map((c) => c.versionId);
  if (leaving.length === 0) return;
  const now = ctx.now();
  const pending = await tx.promotionRequest.findMany({
    where: { moduleVersionId: { in: leaving }, status: "pending", ...(exceptRequestId ? { id: { not: exceptRequestId } } : {}) },
    select: { id: true, moduleVersion: { select: { version: true, promotionState: true, module: { select: { name: true } } } } },
  });
  for (const request of pending) {
    const note = `The version left blessed (now ${request.moduleVersion.promotionState}).`;
    await tx.promotionRequest.update({
      where: { id: request.id },
      data: { status: "cancelled", decidedAt: now, decisionNote: note },
    });
    await recordAudit(tx, ctx, {
      action: "promotion_request.cancelled",
      targetType: "promotion_request",
      targetId: request.id,
      targetLabel: `${request.moduleVersion.module.name}@${request.moduleVersion.version}`,
      before: { status: "pending" },
      after: { status: "cancelled", automatic: true },
      reason: note,
    });
  }
}

/**
 * A unique index catching a concurrent writer here means one live version per module, one pending request per
 * version or one decision per user: all "this module changed under you".
 */
function inTransaction<T>(ctx: ServiceContext, run: (tx: Tx) => Promise<T>): Promise<T> {
  return runInTransaction(ctx, run, {
    uniqueViolation: () => conflict("Another change to this module happened at the same time; reload and try again."),
  });
}

const TRANSITION_AUDIT_ACTION = {
  promote: "version.promoted",
  demote: "version.demoted",
  retire: "version.retired",
  retireLive: "version.retired",
  requestLive: "version.went_live",
} as const;

/**
 * promote (built→staging, staging→blessed), demote (staging→built), retire (any non-retired, reason required;
 * retiring the live version needs `versions.rollback`, docs/promotion.md).
 */
export async function transitionVersion(ctx: ServiceContext, input: z.input<typeof transitionVersionInput>) {
  return inTransaction(ctx, async (tx) => {
    const version = await loadVersion(tx, ctx, input.versionId);
    const from = version.promotionState;
    const label = `${version.module.name}@${version.version}`;
    if (input.expectedState && input.expectedState !== from) {
      throw conflict(`${label} is ${from} now, not ${input.expectedState}: someone changed it meanwhile. Reload and try again.`, {
        currentState: from,
      });
    }
    // A move to the state the version is already in is what a lost race looks like (two operators, one click
    // each): CONFLICT, like the attempts that fail the compare-and-set itself.
    if (from === input.targetState) {
      throw conflict(`${label} is already ${from}: someone changed it meanwhile.`, { currentState: from });
    }
    const plan = planTransition({
      version: { id: version.id, state: from },
      target: input.targetState,
      reason: input.reason,
      actorPermissions: actorPermissions(ctx.actor),
    });
    if (!plan.ok) throw fromPlanError(plan);
    const badOverride =
      plan.kind === "promote" ? checkBadVersion(version, label, { isAdmin: actorHas(ctx.actor, "versions.markBad"), reason: input.badOverrideReason }) : null;
    const evidenceOverride =
      plan.kind === "promote" && from === "staging" && input.targetState === "blessed" ? await checkBlessGate(tx, ctx, version, label, input.evidenceOverrideReason) : null;
    const now = ctx.now();
    await applyChanges(tx, plan.changes, now, plan.reason);
    await cancelRequestsOfVersionsLeavingBlessed(tx, ctx, plan.changes);
    await closeRolloutsOfRetiredVersions(tx, ctx, plan.changes, plan.reason ?? "The version was retired.");
    await recordAudit(tx, ctx, {
      action: TRANSITION_AUDIT_ACTION[plan.kind],
      targetType: "module_version",
      targetId: version.id,
      targetLabel: label,
      before: { state: from },
      after: {
        state: input.targetState,
        ...(plan.kind === "retireLive" ? { wasLive: true } : {}),
        ...(badOverride ? { badOverride } : {}),
        ...(evidenceOverride ? { evidenceOverride } : {}),
      },
      reason: plan.reason ?? null,
    });
    return { id: version.id, version: version.version, moduleName: version.module.name, promotionState: input.targetState };
  });
}

/**
 * The bless gate (docs/promotion.md): when the account's policy requires it, staging→blessed needs the
 * ready-to-bless evidence (the same sensor the pipeline shows: ≥3 healthy instances for ≥30 minutes). A version
 * without it is blessed only with an override reason, which the audit event records with the evidence it lacked.
 */
async function checkBlessGate(
  tx: Tx,
  ctx: ServiceContext,
  version: { id: string; version: string; module: { name: string } },
  label: string,
  overrideReason: string | undefined,
): Promise<{ reason: string; evidence: string } | null> {
  const account = await tx.account.findUnique({ where: { id: ctx.actor.accountId }, select: { blessRequiresEvidence: true, stagingStaleHours: true } });
  if (!account?.blessRequiresEvidence) return null;
  const facts = await tx.moduleVersion.findUniqueOrThrow({ where: { id: version.id }, select: { ociDigest: true, stagingAt: true } });
  const sensors = await computeSensors(
    tx,
    ctx.actor.accountId,
    [{ id: version.id, moduleName: version.module.name, state: "staging", ociDigest: facts.ociDigest, stagingAt: facts.stagingAt }],
    account,
    ctx.now(),
  );
  const ready = sensors.get(version.id)?.ready;
  if (ready?.ready) return null;
  const evidence = ready?.summary ?? "no instance reports this version";
  const reason = overrideReason?.trim();
  if (!reason) {
    throw new AppError(
      "UNPROCESSABLE",
      `${label} is not proven yet (${evidence}). The account's policy requires the ready-to-bless evidence — at least 3 healthy instances for at least 30 minutes — before blessing; give an override reason to bless it anyway.`,
      { details: { reason: "BLESS_GATE" }, fieldErrors: { evidenceOverrideReason: "Required: the version is not proven yet" } },
    );
  }
  return { reason, evidence };
}

async function applyLive(tx: Tx, ctx: ServiceContext, versionId: string, requestId: string) {
  const version = await loadVersion(tx, ctx, versionId);
  await assertNoActiveRollout(tx, version.moduleId, version.module.name);
  const currentLive = await tx.moduleVersion.findFirst({
    where: { moduleId: version.moduleId, promotionState: "live" },
    select: { id: true, promotionState: true, version: true },
  });
  const plan = planTransition({
    version: { id: version.id, state: version.promotionState },
    target: "live",
    currentLive: currentLive ? { id: currentLive.id, state: currentLive.promotionState } : null,
    reason: "approved live request",
  });
  if (!plan.ok) throw fromPlanError(plan);
  await applyChanges(tx, plan.changes, ctx.now());
  await cancelRequestsOfVersionsLeavingBlessed(tx, ctx, plan.changes, requestId);
  // Going live starts a phased rollout in the same transaction (docs/rollouts.md).
  const rollout = await startRollout(tx, ctx, {
    moduleId: version.moduleId,
    moduleName: version.module.name,
    categoryId: version.module.categoryId,
    toVersion: { id: version.id, version: version.version },
    fromVersion: currentLive ? { id: currentLive.id, version: currentLive.version } : null,
    requestId,
  });
  return { version, previousLive: currentLive, rollout };
}

/** blessed→live: creates a PromotionRequest, applied at once only when the policy does not require approval. */
export async function requestLive(ctx: ServiceContext, input: z.input<typeof requestLiveInput>) {
  if (!actorHas(ctx.actor, "versions.requestLive")) {
    throw new AppError("FORBIDDEN", `Your role (${ctx.actor.role}) does not allow requesting live promotions.`);
  }
  return inTransaction(ctx, async (tx) => {
    const version = await loadVersion(tx, ctx, input.versionId);
    const label = `${version.module.name}@${version.version}`;
    if (version.promotionState !== "blessed") {
      throw new AppError("UNPROCESSABLE", `Only a blessed version can be requested live; ${label} is ${version.promotionState}.`, {
        details: { reason: "TRANSITION_NOT_ALLOWED", currentState: version.promotionState },
      });
    }
    const badOverride = checkBadVersion(version, label, { isAdmin: actorHas(ctx.actor, "versions.markBad"), reason: input.badOverrideReason });
    const now = ctx.now();
    // A request that has expired but is still stored as pending would otherwise hold the one-pending index.
    await expireDueRequestsInTx(tx, ctx.db, now, { moduleVersionId: version.id });
    const open = await tx.promotionRequest.findFirst({
      where: { moduleVersionId: version.id, status: "pending" },
      select: { id: true, requestedByLabel: true },
    });
    if (open) {
      throw new AppError("CONFLICT", `${label} already has a pending live request (by ${open.requestedByLabel}).`, {
        details: { reason: "REQUEST_PENDING", requestId: open.id },
      });
    }
    const policy = await loadPolicy(tx, ctx.actor.accountId, now, version.module.category);
    const evaluation = evaluateLiveRequest({
      policy,
      now,
      reason: input.reason,
      requesterId: actorUserId(ctx.actor) ?? actorLabel(ctx.actor),
      isAdmin: actorHas(ctx.actor, "freeze.override"),
      freezeOverrideReason: input.freezeOverrideReason,
    });
    if (!evaluation.ok) {
      const code: AppErrorCode =
        evaluation.code === "REASON_REQUIRED" ? "BAD_REQUEST" : evaluation.code === "FREEZE_OVERRIDE_FORBIDDEN" ? "FORBIDDEN" : "CONFLICT";
      throw new AppError(code, evaluation.message, {
        ...(evaluation.code === "REASON_REQUIRED" ? { fieldErrors: { reason: evaluation.message } } : {}),
        details: {
          reason: evaluation.code,
          canOverrideFreeze: evaluation.canOverrideFreeze,
          activeFreezeWindows: evaluation.activeFreezeWindows.map((w) => ({ startsAt: w.startsAt, endsAt: w.endsAt, reason: w.reason })),
        },
      });
    }
    const request = await tx.promotionRequest.create({
      data: {
        accountId: ctx.actor.accountId,
        moduleVersionId: version.id,
        requestedById: actorUserId(ctx.actor),
        requestedByTokenId: ctx.actor.kind === "token" ? ctx.actor.tokenId : null,
        requestedByLabel: actorLabel(ctx.actor),
        reason: evaluation.reason,
        status: evaluation.appliesImmediately ? "approved" : "pending",
        requiredApprovals: evaluation.requiredApprovals,
        freezeOverrideReason: evaluation.freezeOverride?.reason ?? null,
        createdAt: now,
        expiresAt: evaluation.expiresAt,
        decidedAt: evaluation.appliesImmediately ? now : null,
        decisionNote: evaluation.appliesImmediately ? "Policy requires no approval." : null,
      },
      select: { id: true, status: true, expiresAt: true, requiredApprovals: true },
    });
    await recordAudit(tx, ctx, {
      action: "promotion_request.created",
      targetType: "promotion_request",
      targetId: request.id,
      targetLabel: label,
      after: {
        status: request.status,
        requiredApprovals: request.requiredApprovals,
        freezeOverride: evaluation.freezeOverride?.reason,
        ...(badOverride ? { badOverride } : {}),
      },
      reason: evaluation.reason,
    });
    if (evaluation.appliesImmediately) {
      const { previousLive } = await applyLive(tx, ctx, version.id, request.id);
      await recordAudit(tx, ctx, {
        action: "version.went_live",
        targetType: "module_version",
        targetId: version.id,
        targetLabel: label,
        before: { state: "blessed", live: previousLive?.version ?? null },
        after: { state: "live", requestId: request.id, approval: "not required" },
        reason: evaluation.reason,
      });
    }
    return {
      requestId: request.id,
      versionId: version.id,
      moduleName: version.module.name,
      version: version.version,
      promotionState: evaluation.appliesImmediately ? ("live" as const) : ("blessed" as const),
      status: request.status,
      applied: evaluation.appliesImmediately,
      requiredApprovals: request.requiredApprovals,
      expiresAt: request.expiresAt,
    };
  });
}

const requestSelect = {
  id: true,
  status: true,
  requestedById: true,
  requestedByTokenId: true,
  requestedByLabel: true,
  createdAt: true,
  expiresAt: true,
  requiredApprovals: true,
  freezeOverrideReason: true,
  moduleVersionId: true,
  approvals: { select: { userId: true, decision: true, comment: true, createdAt: true } },
  moduleVersion: {
    select: {
      version: true,
      module: { select: { name: true, category: { select: { requireApprovalOverride: true, requiredApprovalsOverride: true } } } },
    },
  },
} as const;

async function loadRequest(tx: Tx, ctx: ServiceContext, requestId: string) {
  const request = await tx.promotionRequest.findFirst({ where: { id: requestId, accountId: ctx.actor.accountId }, select: requestSelect });
  if (!request) throw new AppError("NOT_FOUND", "Promotion request not found.");
  return request;
}

type LoadedRequest = Awaited<ReturnType<typeof loadRequest>>;

/** The domain's view of a stored request. A request made through a token counts as its creator's. */
export function requestFacts(request: Pick<LoadedRequest, "requestedById" | "requestedByLabel" | "createdAt" | "expiresAt" | "status" | "requiredApprovals" | "freezeOverrideReason">): PromotionRequestFacts {
  return {
    requesterId: request.requestedById ?? request.requestedByLabel,
    createdAt: request.createdAt,
    expiresAt: request.expiresAt,
    status: request.status,
    requiredApprovals: request.requiredApprovals,
    freezeOverridden: request.freezeOverrideReason !== null,
  };
}

export function requestDecisions(approvals: LoadedRequest["approvals"]): ApprovalDecision[] {
  return approvals.map((a) => ({ userId: a.userId, decision: a.decision, comment: a.comment, at: a.createdAt }));
}

/**
 * Records an approval; the approval that reaches the required count applies the promotion in the same
 * transaction. Refused for the requester (with the explanation), for API tokens, and during an active freeze
 * window unless the request overrode it.
 */
export async function approveRequest(ctx: ServiceContext, input: z.input<typeof decideRequestInput>) {
  return inTransaction(ctx, async (tx) => {
    const request = await loadRequest(tx, ctx, input.requestId);
    if (ctx.actor.kind !== "user") throw new AppError("FORBIDDEN", TOKEN_DECISION_MESSAGE, { details: { reason: "TOKEN_DECISION" } });
    const userId = ctx.actor.userId;
    const now = ctx.now();
    const policy = await loadPolicy(tx, ctx.actor.accountId, now, request.moduleVersion.module.category);
    const decisions = requestDecisions(request.approvals);
    const allowed = canDecide({
      request: requestFacts(request),
      userId,
      now,
      decision: "approve",
      decisions,
      isApprover: actorHas(ctx.actor, "versions.approve"),
      policy,
    });
    if (!allowed.allowed) throw new AppError(DECISION_ERROR_CODE[allowed.code], allowed.reason, { details: { reason: allowed.code } });
    const decision = validateDecision({ decision: "approve", comment: input.comment });
    const comment = decision.ok ? (decision.comment ?? null) : null;
    await tx.approval.create({ data: { requestId: request.id, userId, decision: "approve", comment, createdAt: now } });
    const evaluation = evaluateApprovals({
      policy: { requiredApprovals: request.requiredApprovals },
      request: { ...requestFacts(request), status: "pending" },
      decisions: [...decisions, { userId, decision: "approve", comment, at: now }],
      now,
    });
    const label = `${request.moduleVersion.module.name}@${request.moduleVersion.version}`;
    if (evaluation.status !== "approved") {
      await recordAudit(tx, ctx, {
        action: "promotion_request.approval_added",
        targetType: "promotion_request",
        targetId: request.id,
        targetLabel: label,
        after: { approvals: evaluation.countedApprovals, required: evaluation.requiredApprovals },
        reason: comment,
      });
      return { requestId: request.id, status: "pending" as const, applied: false, approvals: evaluation.countedApprovals, requiredApprovals: evaluation.requiredApprovals };
    }
    // Compare-and-set on the request too: of two last approvals racing, one applies, the other gets CONFLICT.
    const closed = await tx.promotionRequest.updateMany({
      where: { id: request.id, status: "pending" },
      data: { status: "approved", decidedAt: now },
    });
    if (closed.count !== 1) throw conflict("This request was decided meanwhile; reload to see the outcome.");
    const { previousLive } = await applyLive(tx, ctx, request.moduleVersionId, request.id);
    await recordAudit(tx, ctx, {
      action: "version.went_live",
      targetType: "module_version",
      targetId: request.moduleVersionId,
      targetLabel: label,
      before: { state: "blessed", live: previousLive?.version ?? null },
      after: { state: "live", approvedBy: evaluation.approvedBy.length, requestId: request.id },
      reason: comment,
    });
    return { requestId: request.id, status: "approved" as const, applied: true, approvals: evaluation.countedApprovals, requiredApprovals: evaluation.requiredApprovals };
  });
}

/** An approver rejects a pending request; a comment is required. The requester may reject (withdraw) their own. */
export async function rejectRequest(ctx: ServiceContext, input: z.input<typeof decideRequestInput> | z.input<typeof rejectRequestInput>) {
  const decision = validateDecision({ decision: "reject", comment: input.comment });
  if (!decision.ok) throw new AppError("BAD_REQUEST", decision.message, { fieldErrors: { comment: decision.message } });
  const comment = decision.comment ?? null;
  return inTransaction(ctx, async (tx) => {
    const request = await loadRequest(tx, ctx, input.requestId);
    if (ctx.actor.kind !== "user") throw new AppError("FORBIDDEN", TOKEN_DECISION_MESSAGE, { details: { reason: "TOKEN_DECISION" } });
    const userId = ctx.actor.userId;
    const now = ctx.now();
    const allowed = canDecide({
      request: requestFacts(request),
      userId,
      now,
      decision: "reject",
      decisions: requestDecisions(request.approvals),
      isApprover: actorHas(ctx.actor, "versions.approve"),
    });
    if (!allowed.allowed) throw new AppError(DECISION_ERROR_CODE[allowed.code], allowed.reason, { details: { reason: allowed.code } });
    const closed = await tx.promotionRequest.updateMany({
      where: { id: request.id, status: "pending", expiresAt: { gt: now } },
      data: { status: "rejected", decidedAt: now, decisionNote: comment },
    });
    if (closed.count !== 1) throw conflict("This request was decided meanwhile; reload to see the outcome.");
    // An earlier approval by the same user (changing their mind) is replaced by the rejection.
    await tx.approval.deleteMany({ where: { requestId: request.id, userId } });
    await tx.approval.create({ data: { requestId: request.id, userId, decision: "reject", comment, createdAt: now } });
    await recordAudit(tx, ctx, {
      action: "promotion_request.rejected",
      targetType: "promotion_request",
      targetId: request.id,
      targetLabel: `${request.moduleVersion.module.name}@${request.moduleVersion.version}`,
      before: { status: "pending" },
      after: { status: "rejected" },
      reason: comment,
    });
    return { requestId: request.id, status: "rejected" as const };
  });
}

/** Whether the actor made this request: the same person, or the very token that made it. */
export function isRequester(actor: Actor, request: { requestedById: string | null; requestedByTokenId: string | null }): boolean {
  if (actor.kind === "user") return request.requestedById === actor.userId;
  if (actor.kind === "token") return request.requestedByTokenId === actor.tokenId;
  return false;
}

/** The requester withdraws, or an approver cancels, a pending request. Not a decision: nothing goes live. */
export async function cancelRequest(ctx: ServiceContext, input: z.input<typeof cancelRequestInput>) {
  return inTransaction(ctx, async (tx) => {
    const request = await loadRequest(tx, ctx, input.requestId);
    if (!isRequester(ctx.actor, request) && !actorHas(ctx.actor, "versions.approve")) {
      throw new AppError("FORBIDDEN", "Only the requester or an approver can cancel this request.", { details: { reason: "NOT_REQUESTER" } });
    }
    const now = ctx.now();
    if (request.status !== "pending") throw conflict(`This request is already ${request.status}.`, { currentStatus: request.status });
    if (now.getTime() >= request.expiresAt.getTime()) throw conflict("This request has expired; there is nothing to cancel.", { currentStatus: "expired" });
    const reason = input.reason?.trim() || null;
    const closed = await tx.promotionRequest.updateMany({
      where: { id: request.id, status: "pending" },
      data: { status: "cancelled", decidedAt: now, decisionNote: reason ?? `Cancelled by ${actorLabel(ctx.actor)}.` },
    });
    if (closed.count !== 1) throw conflict("This request was decided meanwhile; reload to see the outcome.");
    await recordAudit(tx, ctx, {
      action: "promotion_request.cancelled",
      targetType: "promotion_request",
      targetId: request.id,
      targetLabel: `${request.moduleVersion.module.name}@${request.moduleVersion.version}`,
      before: { status: "pending" },
      after: { status: "cancelled", byRequester: isRequester(ctx.actor, request) },
      reason,
    });
    return { requestId: request.id, status: "cancelled" as const };
  });
}

/** Approver: the live version → retired with a reason, the most recently live blessed version → live. */
export async function rollbackModule(ctx: ServiceContext, input: z.input<typeof rollbackInput>) {
  return inTransaction(ctx, async (tx) => {
    const module = await tx.module.findUnique({
      where: { accountId_name: { accountId: ctx.actor.accountId, name: input.moduleName } },
      select: { id: true, name: true },
    });
    if (!module) throw new AppError("NOT_FOUND", `Module ${input.moduleName} not found.`);
    const versions = await tx.moduleVersion.findMany({
      where: { moduleId: module.id, promotionState: { in: ["live", "blessed"] } },
      select: { id: true, version: true, promotionState: true, liveAt: true },
    });
    const live = versions.find((v) => v.promotionState === "live");
    if (!live) throw new AppError("UNPROCESSABLE", `${module.name} has no live version to roll back.`, { details: { reason: "NOT_LIVE" } });
    const plan = planRollback({
      live: { id: live.id, state: "live" },
      blessedCandidates: versions.filter((v) => v.promotionState === "blessed").map((v) => ({ id: v.id, liveAt: v.liveAt, state: v.promotionState })),
      reason: input.reason,
      actorPermissions: actorPermissions(ctx.actor),
    });
    if (!plan.ok) throw fromPlanError(plan);
    await applyChanges(tx, plan.changes, ctx.now(), plan.reason);
    await cancelRequestsOfVersionsLeavingBlessed(tx, ctx, plan.changes);
    await closeRolloutsOfRetiredVersions(tx, ctx, plan.changes, plan.reason);
    const target = versions.find((v) => v.id === plan.targetVersionId);
    await recordAudit(tx, ctx, {
      action: "module.rolled_back",
      targetType: "module",
      targetId: module.id,
      targetLabel: module.name,
      before: { live: live.version },
      after: { live: target?.version, retired: live.version },
      reason: plan.reason,
    });
    return { moduleName: module.name, retired: live.version, live: target?.version ?? null, liveVersionId: plan.targetVersionId, retiredVersionId: live.id };
  });
}
