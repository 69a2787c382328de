/** Input schemas of the promotion pipeline and approvals, free of server dependencies so browser forms reuse them. */
import { z } from "zod";
import { ATTENTION_FILTERS, type AttentionFilter } from "./promotion-values";
import { POLICY_LIMITS, PROMOTION_STATES } from "../domain/promotion";
import { idSchema } from "./ids";
import { moduleNameRef } from "./modules";
import { versionRefSchema } from "./templates";

const reason = z.string().trim().max(2000);
const moduleName = z.string().trim().min(1).max(64);
const promotionState = z.enum(PROMOTION_STATES);

/**
 * `expectedState` is the state the caller saw. When given and the version has moved on, the service answers
 * CONFLICT ("it is now blessed") instead of judging a transition the caller never meant to ask for.
 */
export const transitionVersionInput = z.object({
  versionId: idSchema,
  targetState: z.enum(["staging", "blessed", "built", "retired"]),
  reason: reason.optional(),
  expectedState: promotionState.optional(),
  /** Admins only: promote a version marked bad anyway, with this reason (audited; docs/rollouts.md). */
  badOverrideReason: reason.optional(),
  /** Bless a version the bless gate finds not proven yet, with this reason (audited; docs/promotion.md). */
  evidenceOverrideReason: reason.optional(),
});

export const promoteVersionInput = z.object({
  versionId: idSchema,
  targetState: z.enum(["staging", "blessed"]),
  reason: reason.optional(),
  expectedState: promotionState.optional(),
  /** Bless a version the bless gate finds not proven yet, with this reason (audited; docs/promotion.md). */
  evidenceOverrideReason: reason.optional(),
});

export const demoteVersionInput = z.object({
  versionId: idSchema,
  reason: reason.optional(),
  expectedState: promotionState.optional(),
});

export const retireVersionInput = z.object({
  versionId: idSchema,
  reason: reason.min(1, "Say why this version is retired"),
  expectedState: promotionState.optional(),
});

export const requestLiveInput = z.object({
  versionId: idSchema,
  reason: reason.min(1, "Say why this version should go live"),
  /** Admins only: go ahead despite an active freeze window, with this reason (audited). */
  freezeOverrideReason: reason.optional(),
  /** Admins only: request a version marked bad anyway, with this reason (audited; docs/rollouts.md). */
  badOverrideReason: reason.optional(),
});

/**
 * Move a version to any state in one call (REST's promote route, agents' tools): live becomes a live request under
 * the approval policy, every other state a transition. The version is named by id, or by module name and version.
 */
const promoteVersionToFields = {
  targetState: promotionState,
  reason: reason.optional(),
  expectedState: promotionState.optional(),
  /** Admins only, for live: go ahead despite an active freeze window, with this reason (audited). */
  freezeOverrideReason: reason.optional(),
  /** Admins only: promote a version marked bad anyway, with this reason (audited). */
  badOverrideReason: reason.optional(),
  /** For blessed: bless a version the bless gate finds not proven yet, with this reason (audited; docs/promotion.md). */
  evidenceOverrideReason: reason.optional(),
};
export const promoteVersionToByIdInput = z.object({ versionId: idSchema, ...promoteVersionToFields });
export const promoteVersionToByNameInput = z.object({ moduleName: moduleNameRef, version: versionRefSchema, ...promoteVersionToFields });
export const promoteVersionToInput = z.union([promoteVersionToByIdInput, promoteVersionToByNameInput]);
export type PromoteVersionToInput = z.output<typeof promoteVersionToInput>;

export const decideRequestInput = z.object({
  requestId: idSchema,
  comment: reason.optional(),
});

export const rejectRequestInput = z.object({
  requestId: idSchema,
  comment: reason.min(1, "Say why you reject this request"),
});

export const cancelRequestInput = z.object({
  requestId: idSchema,
  reason: reason.optional(),
});

export const requestIdInput = z.object({ requestId: idSchema });

export const rollbackInput = z.object({
  moduleName,
  reason: reason.min(1, "Say why you are rolling back"),
});

export const modulePipelineInput = z.object({ moduleName });

export { ATTENTION_FILTERS, type AttentionFilter };

export const fleetBoardInput = z.object({
  search: z.string().trim().max(100).optional(),
  category: z.string().trim().max(100).optional(),
  /** Only modules that need attention: any of the three, or one of them. */
  attention: z.enum(ATTENTION_FILTERS).optional(),
  page: z.number().int().min(1).max(10_000).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
});

export const REQUEST_STATUS_FILTERS = ["pending", "decided", "all", "approved", "rejected", "cancelled", "expired"] as const;
export type RequestStatusFilter = (typeof REQUEST_STATUS_FILTERS)[number];

export const listRequestsInput = z.object({
  status: z.enum(REQUEST_STATUS_FILTERS).default("pending"),
  /** Exact module name (REST `module=`). */
  module: z.string().trim().max(64).optional(),
  /** Part of a module name, case-insensitive (the queue's search box). */
  search: z.string().trim().max(64).optional(),
  requester: z.string().trim().max(200).optional(),
  page: z.number().int().min(1).max(10_000).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
});

// ---------------------------------------------------------------------------------------------------------
// Policy: freeze windows and per-category overrides (admins)

const freezeFields = {
  startsAt: z.coerce.date({ error: "A start time" }),
  endsAt: z.coerce.date({ error: "An end time" }),
  reason: z.string().trim().min(1, "A freeze window needs a reason").max(POLICY_LIMITS.maxFreezeReasonLength),
};

const endsAfterStart = {
  check: (w: { startsAt: Date; endsAt: Date }) => w.endsAt.getTime() > w.startsAt.getTime(),
  params: { message: "A freeze window must end after it starts", path: ["endsAt"] },
};

export const createFreezeWindowInput = z.object(freezeFields).refine(endsAfterStart.check, endsAfterStart.params);
export const updateFreezeWindowInput = z.object({ id: idSchema, ...freezeFields }).refine(endsAfterStart.check, endsAfterStart.params);
export const deleteFreezeWindowInput = z.object({ id: idSchema });

export const categoryOverrideInput = z.object({
  categoryId: idSchema,
  /** null: inherit the account's setting. */
  requireApprovalOverride: z.boolean().nullable(),
  requiredApprovalsOverride: z.coerce
    .number()
    .int()
    .min(1, "At least 1")
    .max(10, "At most 10")
    .nullable(),
});

export type CreateFreezeWindowInput = z.input<typeof createFreezeWindowInput>;
export type CategoryOverrideInput = z.input<typeof categoryOverrideInput>;

/** Two versions of one module to compare (docs/promotion-pipeline.md, "Comparing versions"). */
export const compareVersionsInput = z.object({ moduleName, from: versionRefSchema, to: versionRefSchema });
