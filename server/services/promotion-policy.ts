/**
 * The approval policy as the promotion services see it: the account's settings, its freeze windows and the
 * category's overrides, resolved by the domain (`resolvePolicy`). Also the admin use cases that edit freeze windows
 * and category overrides (the account-wide scalars are edited by server/services/policy.ts).
 */
import "server-only";
import type { z } from "zod";
import type { Db, Tx } from "../db/client";
import { activeFreezeWindows, resolvePolicy, type ResolvedApprovalPolicy } from "../domain/promotion";
import { AppError } from "../errors";
import { recordAudit } from "./audit";
import type { ServiceContext } from "./context";
import type {
  categoryOverrideInput,
  createFreezeWindowInput,
  deleteFreezeWindowInput,
  updateFreezeWindowInput,
} from "../contracts/promotion";
import { runInTransaction } from "./transaction";

export interface CategoryOverrides {
  requireApprovalOverride: boolean | null;
  requiredApprovalsOverride: number | null;
}

/**
 * The policy for a module of a category. Freeze windows that already ended are left out: they can never matter
 * again, and an account may accumulate many over the years.
 */
export async function loadPolicy(
  db: Db | Tx,
  accountId: string,
  now: Date,
  category?: CategoryOverrides | null,
): Promise<ResolvedApprovalPolicy> {
  const account = await db.account.findUnique({
    where: { id: accountId },
    select: { requireApproval: true, requiredApprovals: true, requestTtlHours: true, stagingStaleHours: true },
  });
  if (!account) throw new AppError("NOT_FOUND", "Account not found.");
  const freezeWindows = await db.freezeWindow.findMany({
    where: { accountId, endsAt: { gt: now } },
    select: { id: true, startsAt: true, endsAt: true, reason: true },
    orderBy: { startsAt: "asc" },
  });
  return resolvePolicy(
    { ...account, freezeWindows },
    category
      ? {
          ...(category.requireApprovalOverride !== null ? { requireApproval: category.requireApprovalOverride } : {}),
          ...(category.requiredApprovalsOverride !== null ? { requiredApprovals: category.requiredApprovalsOverride } : {}),
        }
      : null,
  );
}

/** What the UI shows about the policy that applies to a module: who must approve, and whether a freeze is on. */
export function describePolicy(policy: ResolvedApprovalPolicy, now: Date) {
  return {
    requireApproval: policy.requireApproval,
    requiredApprovals: policy.requiredApprovals,
    requestTtlHours: policy.requestTtlHours,
    stagingStaleHours: policy.stagingStaleHours,
    overriddenFields: policy.overriddenFields,
    activeFreezeWindows: activeFreezeWindows(policy.freezeWindows, now).map((w) => ({
      id: w.id ?? null,
      startsAt: w.startsAt,
      endsAt: w.endsAt,
      reason: w.reason,
    })),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Freeze windows

const MAX_FUTURE_WINDOWS = 100;

function windowLabel(w: { startsAt: Date; endsAt: Date }) {
  return `${w.startsAt.toISOString()} – ${w.endsAt.toISOString()}`;
}

export async function listFreezeWindows(ctx: ServiceContext) {
  return ctx.db.freezeWindow.findMany({
    where: { accountId: ctx.actor.accountId, endsAt: { gt: ctx.now() } },
    select: { id: true, startsAt: true, endsAt: true, reason: true, createdAt: true },
    orderBy: { startsAt: "asc" },
  });
}

export async function createFreezeWindow(ctx: ServiceContext, input: z.output<typeof createFreezeWindowInput>) {
  const now = ctx.now();
  if (input.endsAt.getTime() <= now.getTime()) {
    throw new AppError("BAD_REQUEST", "This window has already ended.", { fieldErrors: { endsAt: "Must be in the future" } });
  }
  return runInTransaction(ctx, async (tx) => {
    const upcoming = await tx.freezeWindow.count({ where: { accountId: ctx.actor.accountId, endsAt: { gt: now } } });
    if (upcoming >= MAX_FUTURE_WINDOWS) {
      throw new AppError("UNPROCESSABLE", `An account can have at most ${MAX_FUTURE_WINDOWS} current or upcoming freeze windows.`);
    }
    const window = await tx.freezeWindow.create({
      data: { accountId: ctx.actor.accountId, startsAt: input.startsAt, endsAt: input.endsAt, reason: input.reason, createdAt: now },
      select: { id: true, startsAt: true, endsAt: true, reason: true },
    });
    await recordAudit(tx, ctx, {
      action: "freeze_window.created",
      targetType: "freeze_window",
      targetId: window.id,
      targetLabel: windowLabel(window),
      after: { startsAt: window.startsAt, endsAt: window.endsAt },
      reason: window.reason,
    });
    return window;
  });
}

async function requireWindow(tx: Tx, ctx: ServiceContext, id: string) {
  const window = await tx.freezeWindow.findFirst({
    where: { id, accountId: ctx.actor.accountId },
    select: { id: true, startsAt: true, endsAt: true, reason: true },
  });
  if (!window) throw new AppError("NOT_FOUND", "Freeze window not found.");
  return window;
}

/** Edits a window, e.g. ends it early (set `endsAt` to now) or extends it. */
export async function updateFreezeWindow(ctx: ServiceContext, input: z.output<typeof updateFreezeWindowInput>) {
  return runInTransaction(ctx, async (tx) => {
    const before = await requireWindow(tx, ctx, input.id);
    const after = await tx.freezeWindow.update({
      where: { id: before.id },
      data: { startsAt: input.startsAt, endsAt: input.endsAt, reason: input.reason },
      select: { id: true, startsAt: true, endsAt: true, reason: true },
    });
    await recordAudit(tx, ctx, {
      action: "freeze_window.updated",
      targetType: "freeze_window",
      targetId: after.id,
      targetLabel: windowLabel(after),
      before: { startsAt: before.startsAt, endsAt: before.endsAt, reason: before.reason },
      after: { startsAt: after.startsAt, endsAt: after.endsAt, reason: after.reason },
    });
    return after;
  });
}

export async function deleteFreezeWindow(ctx: ServiceContext, input: z.output<typeof deleteFreezeWindowInput>) {
  return runInTransaction(ctx, async (tx) => {
    const window = await requireWindow(tx, ctx, input.id);
    await tx.freezeWindow.delete({ where: { id: window.id } });
    await recordAudit(tx, ctx, {
      action: "freeze_window.deleted",
      targetType: "freeze_window",
      targetId: window.id,
      targetLabel: windowLabel(window),
      before: { startsAt: window.startsAt, endsAt: window.endsAt },
      reason: window.reason,
    });
    return { id: window.id };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Per-category overrides

export async function listCategoryOverrides(ctx: ServiceContext) {
  return ctx.db.category.findMany({
    where: { accountId: ctx.actor.accountId },
    select: { id: true, slug: true, name: true, position: true, requireApprovalOverride: true, requiredApprovalsOverride: true },
    orderBy: [{ position: "asc" }, { slug: "asc" }],
  });
}

export async function updateCategoryOverride(ctx: ServiceContext, input: z.output<typeof categoryOverrideInput>) {
  return runInTransaction(ctx, async (tx) => {
    const before = await tx.category.findFirst({
      where: { id: input.categoryId, accountId: ctx.actor.accountId },
      select: { id: true, slug: true, requireApprovalOverride: true, requiredApprovalsOverride: true },
    });
    if (!before) throw new AppError("NOT_FOUND", "Category not found.");
    const after = await tx.category.update({
      where: { id: before.id },
      data: { requireApprovalOverride: input.requireApprovalOverride, requiredApprovalsOverride: input.requiredApprovalsOverride },
      select: { id: true, slug: true, name: true, position: true, requireApprovalOverride: true, requiredApprovalsOverride: true },
    });
    await recordAudit(tx, ctx, {
      action: "policy.category_override_updated",
      targetType: "category",
      targetId: after.id,
      targetLabel: after.slug,
      before: { requireApproval: before.requireApprovalOverride, requiredApprovals: before.requiredApprovalsOverride },
      after: { requireApproval: after.requireApprovalOverride, requiredApprovals: after.requiredApprovalsOverride },
    });
    return after;
  });
}
