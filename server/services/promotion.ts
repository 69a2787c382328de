import type { z } from "zod";
import { actorHas, actorUserId, actorLabel } from "../auth/actor";
import type { Tx } from "../db/client";
import {
  evaluateApprovals,
  evaluateLiveRequest,
  planRollback,
  planTransition,
  resolvePolicy,
  validateDecision,
  type ApprovalPolicy,
  type StateChange,
  type TransitionError,
} from "../domain/promotion";
import { AppError, prismaErrorCode } from "../errors";
import type { ServiceContext } from "./context";
import { recordAudit } from "./audit";
import type { decideRequestInput, requestLiveInput, rollbackInput, transitionVersionInput } from "./promotion.schema";

export * from "./promotion.schema";

const TRANSITION_ERROR_CODE: Record<TransitionError["code"], AppError["code"]> = {
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

const versionSelect = {
  id: true,
  version: true,
  promotionState: true,
  moduleId: true,
  liveAt: true,
  module: { select: { name: true, category: { select: { requireApprovalOverride: true, requiredApprovalsOverride: true } } } },
} as const;

async function loadVersion(tx: Tx, ctx: ServiceContext, versionId: string) {
  const version = await tx.moduleVersion.findFirst({ where: { id: versionId, accountId: ctx.actor.accountId }, select: versionSelect });
  if (!version) throw new AppError("NOT_FOUND", "Module version not found.");
  return version;
}

/**
 * Applies a plan's state changes, each a compare-and-set on the state we planned from. A change that matches
 * no row means someone else moved the version first: CONFLICT, and the whole transaction rolls back.
 */
async function applyChanges(tx: Tx, changes: readonly StateChange[], now: Date, retiredReason?: string) {
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
      throw new AppError("CONFLICT", "The version changed state meanwhile; reload and try again.", { details: { versionId: change.versionId } });
    }
  }
}

/** A pending live request whose version leaves blessed (other than by going live through it) is cancelled. */
async function cancelRequestsOfVersionsLeavingBlessed(tx: Tx, ctx: ServiceContext, changes: readonly StateChange[], exceptRequestId?: string) {
  const leaving = changes.filter((c) => c.from === "blessed").map((c) => c.versionId);
  if (leaving.length === 0) return;
  const now = ctx.now();
  const pending = await tx.promotionRequest.findMany({
    where: { moduleVersionId: { in: leaving }, status: "pending", ...(exceptRequestId ? { id: { not: exceptRequestId } } : {}) },
    select: { id: true, moduleVersion: { select: { version: true, module: { select: { name: true } } } } },
  });
  for (const request of pending) {
    await tx.promotionRequest.update({
      where: { id: request.id },
      data: { status: "cancelled", decidedAt: now, decisionNote: "The version left blessed." },
    });
    await recordAudit(tx, ctx, {
      action: "promotion_request.cancelled",
      targetType: "promotion_request",
      targetId: request.id,
      targetLabel: `${request.moduleVersion.module.name}@${request.moduleVersion.version}`,
      reason: "The version left blessed.",
    });
  }
}

async function inTransaction<T>(ctx: ServiceContext, run: (tx: Tx) => Promise<T>): Promise<T> {
  try {
    return await ctx.db.$transaction(run);
  } catch (error) {
    // The one-live-per-module index or the one-pending-request index caught a concurrent writer.
    if (prismaErrorCode(error) === "P2002") throw new AppError("CONFLICT", "Another change to this module happened at the same time; reload and try again.");
    if (prismaErrorCode(error) === "P2034") throw new AppError("CONFLICT", "The change collided with a concurrent one; try again.");
    throw error;
  }
}

/** promote (built→staging, staging→blessed), demote (staging→built), retire (any non-retired, reason required). */
export async function transitionVersion(ctx: ServiceContext, input: z.infer<typeof transitionVersionInput>) {
  return inTransaction(ctx, async (tx) => {
    const version = await loadVersion(tx, ctx, input.versionId);
    const plan = planTransition({ version: { id: version.id, state: version.promotionState }, target: input.targetState, reason: input.reason });
    if (!plan.ok) throw fromPlanError(plan);
    const now = ctx.now();
    await applyChanges(tx, plan.changes, now, plan.reason);
    await cancelRequestsOfVersionsLeavingBlessed(tx, ctx, plan.changes);
    await recordAudit(tx, ctx, {
      action: `version.${plan.kind === "retireLive" ? "retired" : plan.kind === "promote" ? "promoted" : plan.kind === "demote" ? "demoted" : "retired"}`,
      targetType: "module_version",
      targetId: version.id,
      targetLabel: `${version.module.name}@${version.version}`,
      before: { state: version.promotionState },
      after: { state: input.targetState },
      reason: plan.reason ?? null,
    });
    return { id: version.id, version: version.version, moduleName: version.module.name, promotionState: input.targetState };
  });
}

async function accountPolicy(tx: Tx, ctx: ServiceContext, category: { requireApprovalOverride: boolean | null; requiredApprovalsOverride: number | null }): Promise<ApprovalPolicy> {
  const account = await tx.account.findUniqueOrThrow({
    where: { id: ctx.actor.accountId },
    select: { requireApproval: true, requiredApprovals: true, requestTtlHours: true, stagingStaleHours: true },
  });
  const freezeWindows = await tx.freezeWindow.findMany({
    where: { accountId: ctx.actor.accountId, endsAt: { gt: ctx.now() } },
    select: { id: true, startsAt: true, endsAt: true, reason: true },
  });
  return resolvePolicy(
    { ...account, freezeWindows },
    {
      ...(category.requireApprovalOverride !== null ? { requireApproval: category.requireApprovalOverride } : {}),
      ...(category.requiredApprovalsOverride !== null ? { requiredApprovals: category.requiredApprovalsOverride } : {}),
    },
  );
}

async function applyLive(tx: Tx, ctx: ServiceContext, versionId: string, requestId: string | undefined) {
  const version = await loadVersion(tx, ctx, versionId);
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
  return { version, previousLive: currentLive };
}

/** blessed→live: creates a PromotionRequest, applied at once only when the policy requires no approval. */
export async function requestLive(ctx: ServiceContext, input: z.infer<typeof requestLiveInput>) {
  return inTransaction(ctx, async (tx) => {
    const version = await loadVersion(tx, ctx, input.versionId);
    if (version.promotionState !== "blessed") {
      throw new AppError("UNPROCESSABLE", `Only a blessed version can be requested live; ${version.module.name}@${version.version} is ${version.promotionState}.`);
    }
    const policy = await accountPolicy(tx, ctx, version.module.category);
    const now = ctx.now();
    const evaluation = evaluateLiveRequest({
      policy,
      now,
      reason: input.reason,
      requesterId: actorUserId(ctx.actor) ?? actorLabel(ctx.actor),
      isAdmin: actorHas(ctx.actor, "freeze.override"),
      freezeOverrideReason: input.freezeOverrideReason,
    });
    if (!evaluation.ok) {
      throw new AppError(evaluation.code === "REASON_REQUIRED" ? "BAD_REQUEST" : "CONFLICT", evaluation.message, {
        details: { reason: evaluation.code, canOverrideFreeze: evaluation.canOverrideFreeze },
      });
    }
    const request = await tx.promotionRequest.create({
      data: {
        accountId: ctx.actor.accountId,
        moduleVersionId: version.id,
        requestedById: actorUserId(ctx.actor),
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
    const label = `${version.module.name}@${version.version}`;
    await recordAudit(tx, ctx, {
      action: "promotion_request.created",
      targetType: "promotion_request",
      targetId: request.id,
      targetLabel: label,
      after: { status: request.status, requiredApprovals: request.requiredApprovals, freezeOverride: evaluation.freezeOverride?.reason },
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
        after: { state: "live" },
        reason: evaluation.reason,
      });
    }
    return { requestId: request.id, status: request.status, applied: evaluation.appliesImmediately };
  });
}

async function loadRequest(tx: Tx, ctx: ServiceContext, requestId: string) {
  const request = await tx.promotionRequest.findFirst({
    where: { id: requestId, accountId: ctx.actor.accountId },
    select: {
      id: true,
      status: true,
      requestedById: true,
      requestedByLabel: true,
      createdAt: true,
      expiresAt: true,
      requiredApprovals: true,
      freezeOverrideReason: true,
      moduleVersionId: true,
      approvals: { select: { userId: true, decision: true, comment: true, createdAt: true } },
      moduleVersion: { select: { version: true, module: { select: { name: true } } } },
    },
  });
  if (!request) throw new AppError("NOT_FOUND", "Promotion request not found.");
  return request;
}

/** Records an approval; the approval that reaches the required count applies the promotion in the same transaction. */
export async function approveRequest(ctx: ServiceContext, input: z.infer<typeof decideRequestInput>) {
  if (ctx.actor.kind !== "user") throw new AppError("FORBIDDEN", "Approvals are given by people, not tokens.");
  const userId = ctx.actor.userId;
  return inTransaction(ctx, async (tx) => {
    const request = await loadRequest(tx, ctx, input.requestId);
    const now = ctx.now();
    if (request.status !== "pending") throw new AppError("CONFLICT", `This request is already ${request.status}.`);
    if (now.getTime() >= request.expiresAt.getTime()) throw new AppError("CONFLICT", "This request has expired; ask for a new one.");
    if (request.requestedById === userId) {
      throw new AppError("FORBIDDEN", "You requested this promotion; another approver must approve it.");
    }
    if (request.approvals.some((a) => a.userId === userId)) throw new AppError("CONFLICT", "You already decided on this request.");
    await tx.approval.create({ data: { requestId: request.id, userId, decision: "approve", comment: input.comment ?? null, createdAt: now } });
    const decisions = [
      ...request.approvals.map((a) => ({ userId: a.userId, decision: a.decision, comment: a.comment, at: a.createdAt })),
      { userId, decision: "approve" as const, comment: input.comment ?? null, at: now },
    ];
    const evaluation = evaluateApprovals({
      policy: { requiredApprovals: request.requiredApprovals },
      request: {
        requesterId: request.requestedById ?? request.requestedByLabel,
        createdAt: request.createdAt,
        expiresAt: request.expiresAt,
        status: "pending",
        requiredApprovals: request.requiredApprovals,
      },
      decisions,
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
        reason: input.comment ?? null,
      });
      return { requestId: request.id, status: "pending" as const, applied: false };
    }
    // Compare-and-set on the request too: of two last approvals racing, one applies, the other gets CONFLICT.
    const closed = await tx.promotionRequest.updateMany({
      where: { id: request.id, status: "pending" },
      data: { status: "approved", decidedAt: now },
    });
    if (closed.count !== 1) throw new AppError("CONFLICT", "This request was decided meanwhile.");
    const { previousLive } = await applyLive(tx, ctx, request.moduleVersionId, request.id);
    await recordAudit(tx, ctx, {
      action: "version.went_live",
      targetType: "module_version",
      targetId: request.moduleVersionId,
      targetLabel: label,
      before: { state: "blessed", live: previousLive?.version ?? null },
      after: { state: "live", approvedBy: evaluation.approvedBy.length, requestId: request.id },
      reason: input.comment ?? null,
    });
    return { requestId: request.id, status: "approved" as const, applied: true };
  });
}

export async function rejectRequest(ctx: ServiceContext, input: z.infer<typeof decideRequestInput>) {
  const decision = validateDecision({ decision: "reject", comment: input.comment });
  if (!decision.ok) throw new AppError("BAD_REQUEST", decision.message, { fieldErrors: { comment: decision.message } });
  if (ctx.actor.kind !== "user") throw new AppError("FORBIDDEN", "Decisions are made by people, not tokens.");
  const userId = ctx.actor.userId;
  return inTransaction(ctx, async (tx) => {
    const request = await loadRequest(tx, ctx, input.requestId);
    const now = ctx.now();
    const closed = await tx.promotionRequest.updateMany({
      where: { id: request.id, status: "pending", expiresAt: { gt: now } },
      data: { status: "rejected", decidedAt: now, decisionNote: decision.comment ?? null },
    });
    if (closed.count !== 1) {
      const why = request.status === "pending" ? "it expired" : `it is already ${request.status}`;
      throw new AppError("CONFLICT", `This request can no longer be rejected: ${why}.`);
    }
    await tx.approval.create({ data: { requestId: request.id, userId, decision: "reject", comment: decision.comment ?? null, createdAt: now } });
    await recordAudit(tx, ctx, {
      action: "promotion_request.rejected",
      targetType: "promotion_request",
      targetId: request.id,
      targetLabel: `${request.moduleVersion.module.name}@${request.moduleVersion.version}`,
      reason: decision.comment ?? null,
    });
    return { requestId: request.id, status: "rejected" as const };
  });
}

/** Approver: the live version → retired with a reason, the most recently live blessed version → live. */
export async function rollbackModule(ctx: ServiceContext, input: z.infer<typeof rollbackInput>) {
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
    if (!live) throw new AppError("UNPROCESSABLE", `${module.name} has no live version to roll back.`);
    const plan = planRollback({
      live: { id: live.id, state: "live" },
      blessedCandidates: versions.filter((v) => v.promotionState === "blessed").map((v) => ({ id: v.id, liveAt: v.liveAt, state: v.promotionState })),
      reason: input.reason,
    });
    if (!plan.ok) throw fromPlanError(plan);
    await applyChanges(tx, plan.changes, ctx.now(), plan.reason);
    await cancelRequestsOfVersionsLeavingBlessed(tx, ctx, plan.changes);
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
    return { moduleName: module.name, retired: live.version, live: target?.version ?? null };
  });
}
