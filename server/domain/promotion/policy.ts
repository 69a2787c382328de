import { z } from "zod";
import { normalizeReason } from "./reason";

const HOUR_MS = 3_600_000;

/** Bounds the settings form and API enforce; generous, but they keep a typo from freezing the pipeline. */
export const POLICY_LIMITS = {
  maxRequiredApprovals: 20,
  maxRequestTtlHours: 24 * 30,
  maxStagingStaleHours: 24 * 90,
  maxFreezeWindows: 100,
  maxFreezeReasonLength: 500,
} as const;

export const freezeWindowSchema = z
  .object({
    id: z.string().min(1).max(100).optional(),
    startsAt: z.coerce.date(),
    endsAt: z.coerce.date(),
    reason: z
      .string()
      .trim()
      .min(1, "A freeze window needs a reason")
      .max(POLICY_LIMITS.maxFreezeReasonLength),
  })
  .refine((w) => w.endsAt.getTime() > w.startsAt.getTime(), {
    message: "A freeze window must end after it starts",
    path: ["endsAt"],
  });

export type FreezeWindow = z.output<typeof freezeWindowSchema>;

const policyFields = {
  requireApproval: z.boolean(),
  requiredApprovals: z.number().int().min(1).max(POLICY_LIMITS.maxRequiredApprovals),
  requestTtlHours: z.number().positive().max(POLICY_LIMITS.maxRequestTtlHours),
  stagingStaleHours: z.number().positive().max(POLICY_LIMITS.maxStagingStaleHours),
  freezeWindows: z.array(freezeWindowSchema).max(POLICY_LIMITS.maxFreezeWindows),
};

/** The account's approval policy. Missing fields take the defaults of docs/promotion.md. */
export const approvalPolicySchema = z.object({
  requireApproval: policyFields.requireApproval.default(true),
  requiredApprovals: policyFields.requiredApprovals.default(1),
  requestTtlHours: policyFields.requestTtlHours.default(4),
  stagingStaleHours: policyFields.stagingStaleHours.default(24),
  freezeWindows: policyFields.freezeWindows.default([]),
});

/** A category's override: every field optional and *without* defaults, so absent means "inherit". */
export const approvalPolicyOverrideSchema = z.object(policyFields).partial();

export type ApprovalPolicy = z.output<typeof approvalPolicySchema>;
export type ApprovalPolicyInput = z.input<typeof approvalPolicySchema>;
export type ApprovalPolicyOverride = z.output<typeof approvalPolicyOverrideSchema>;
export type ApprovalPolicyField = keyof ApprovalPolicy;

const NO_FREEZE_WINDOWS: FreezeWindow[] = [];
// Frozen in place (keeping the mutable type) so that a spread copy of the defaults cannot grow the shared list.
Object.freeze(NO_FREEZE_WINDOWS);

export const DEFAULT_APPROVAL_POLICY: Readonly<ApprovalPolicy> = Object.freeze({
  requireApproval: true,
  requiredApprovals: 1,
  requestTtlHours: 4,
  stagingStaleHours: 24,
  freezeWindows: NO_FREEZE_WINDOWS,
});

export type ResolvedApprovalPolicy = ApprovalPolicy & {
  /** Fields whose value came from the category override (for "overridden in <category>" hints). */
  overriddenFields: ApprovalPolicyField[];
};

const SCALAR_FIELDS = ["requireApproval", "requiredApprovals", "requestTtlHours", "stagingStaleHours"] as const;

/**
 * Merges a category override onto the account policy. Scalars in the override replace the account's;
 * freeze windows are *added* to the account's — a category may add a freeze but never lift an account-wide one.
 */
export function resolvePolicy(
  accountPolicy: ApprovalPolicy,
  categoryOverride?: ApprovalPolicyOverride | null,
): ResolvedApprovalPolicy {
  const resolved: ResolvedApprovalPolicy = {
    requireApproval: accountPolicy.requireApproval,
    requiredApprovals: accountPolicy.requiredApprovals,
    requestTtlHours: accountPolicy.requestTtlHours,
    stagingStaleHours: accountPolicy.stagingStaleHours,
    freezeWindows: [...accountPolicy.freezeWindows],
    overriddenFields: [],
  };
  if (!categoryOverride) return resolved;
  const o = categoryOverride;
  if (o.requireApproval !== undefined) resolved.requireApproval = o.requireApproval;
  if (o.requiredApprovals !== undefined) resolved.requiredApprovals = o.requiredApprovals;
  if (o.requestTtlHours !== undefined) resolved.requestTtlHours = o.requestTtlHours;
  if (o.stagingStaleHours !== undefined) resolved.stagingStaleHours = o.stagingStaleHours;
  resolved.overriddenFields.push(...SCALAR_FIELDS.filter((field) => o[field] !== undefined));
  if (categoryOverride.freezeWindows && categoryOverride.freezeWindows.length > 0) {
    resolved.freezeWindows.push(...categoryOverride.freezeWindows);
    resolved.overriddenFields.push("freezeWindows");
  }
  return resolved;
}

/** Windows in force at `now`: `startsAt <= now < endsAt`. */
export function activeFreezeWindows(windows: readonly FreezeWindow[], now: Date): FreezeWindow[] {
  const t = now.getTime();
  return windows.filter((w) => w.startsAt.getTime() <= t && t < w.endsAt.getTime());
}

function latestEnd(windows: readonly FreezeWindow[]): Date | undefined {
  let end: Date | undefined;
  for (const w of windows) if (!end || w.endsAt.getTime() > end.getTime()) end = w.endsAt;
  return end;
}

function describeFreeze(windows: readonly FreezeWindow[]): string {
  const end = latestEnd(windows);
  const reasons = windows.map((w) => w.reason).join("; ");
  return `Live promotions are frozen${end ? ` until ${end.toISOString()}` : ""} (${reasons}).`;
}

// ---------------------------------------------------------------------------------------------------------
// Creating a live request

export interface EvaluateLiveRequestInput {
  policy: ApprovalPolicy;
  now: Date;
  reason?: string | null;
  requesterId: string;
  isAdmin: boolean;
  freezeOverrideReason?: string | null;
}

export type LiveRequestErrorCode = "REASON_REQUIRED" | "FROZEN" | "FREEZE_OVERRIDE_FORBIDDEN";

export type LiveRequestEvaluation =
  | {
      ok: true;
      requesterId: string;
      reason: string;
      /** `now + requestTtlHours`. Meaningless when `appliesImmediately`, but harmless to store. */
      expiresAt: Date;
      /** The policy does not require approval: apply blessed→live now, in the same transaction. */
      appliesImmediately: boolean;
      /** Approvals the request needs (0 when it applies immediately). Snapshot it on the request. */
      requiredApprovals: number;
      /** Present when an admin overrode one or more active freeze windows; audit it. */
      freezeOverride?: { reason: string; windows: FreezeWindow[] };
    }
  | {
      ok: false;
      code: LiveRequestErrorCode;
      message: string;
      activeFreezeWindows: FreezeWindow[];
      /** Whether this requester could override the freeze by giving an override reason. */
      canOverrideFreeze: boolean;
    };

/** Can a live request be created now, and what happens to it (docs/promotion.md)? */
export function evaluateLiveRequest(input: EvaluateLiveRequestInput): LiveRequestEvaluation {
  const { policy, now, isAdmin } = input;
  const active = activeFreezeWindows(policy.freezeWindows, now);
  const overrideReason = normalizeReason(input.freezeOverrideReason);

  let freezeOverride: { reason: string; windows: FreezeWindow[] } | undefined;
  if (active.length > 0) {
    if (!isAdmin) {
      return {
        ok: false,
        code: overrideReason !== undefined ? "FREEZE_OVERRIDE_FORBIDDEN" : "FROZEN",
        message:
          overrideReason !== undefined
            ? `Only an admin can override a freeze window. ${describeFreeze(active)}`
            : describeFreeze(active),
        activeFreezeWindows: active,
        canOverrideFreeze: false,
      };
    }
    if (overrideReason === undefined) {
      return {
        ok: false,
        code: "FROZEN",
        message: `${describeFreeze(active)} As an admin you can override the freeze with a reason.`,
        activeFreezeWindows: active,
        canOverrideFreeze: true,
      };
    }
    freezeOverride = { reason: overrideReason, windows: active };
  }

  const reason = normalizeReason(input.reason);
  if (reason === undefined) {
    return {
      ok: false,
      code: "REASON_REQUIRED",
      message: "A reason is required to request a live promotion.",
      activeFreezeWindows: active,
      canOverrideFreeze: isAdmin,
    };
  }

  const appliesImmediately = !policy.requireApproval;
  return {
    ok: true,
    requesterId: input.requesterId,
    reason,
    expiresAt: new Date(now.getTime() + policy.requestTtlHours * HOUR_MS),
    appliesImmediately,
    requiredApprovals: appliesImmediately ? 0 : Math.max(1, policy.requiredApprovals),
    ...(freezeOverride && { freezeOverride }),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Decisions on a live request

export const PROMOTION_REQUEST_STATUSES = ["pending", "approved", "rejected", "expired", "cancelled"] as const;
export type PromotionRequestStatus = (typeof PROMOTION_REQUEST_STATUSES)[number];

export type DecisionKind = "approve" | "reject";

export interface ApprovalDecision {
  userId: string;
  decision: DecisionKind;
  comment?: string | null;
  at: Date;
}

export interface PromotionRequestFacts {
  requesterId: string;
  createdAt: Date;
  expiresAt: Date;
  status: PromotionRequestStatus;
  /** Snapshot taken at creation; wins over the policy so a policy edit never moves a pending request's goalposts. */
  requiredApprovals?: number;
  /** The request was created by an admin overriding a freeze window, so approving it during that freeze is fine. */
  freezeOverridden?: boolean;
}

export type DecisionValidation =
  | { ok: true; decision: DecisionKind; comment?: string }
  | { ok: false; code: "COMMENT_REQUIRED"; message: string };

/** A rejection must say why; an approval's comment is optional. */
export function validateDecision(input: { decision: DecisionKind; comment?: string | null }): DecisionValidation {
  const comment = normalizeReason(input.comment);
  if (input.decision === "reject" && comment === undefined) {
    return { ok: false, code: "COMMENT_REQUIRED", message: "A rejection needs a comment explaining why." };
  }
  return { ok: true, decision: input.decision, ...(comment !== undefined && { comment }) };
}

export interface EvaluateApprovalsInput {
  policy: Pick<ApprovalPolicy, "requiredApprovals">;
  request: PromotionRequestFacts;
  decisions: readonly ApprovalDecision[];
  now: Date;
}

export interface ApprovalEvaluation {
  status: PromotionRequestStatus;
  countedApprovals: number;
  requiredApprovals: number;
  missing: number;
  /** The requester's own approvals, which never count (deduplicated: 0 or 1). */
  ignoredSelfApprovals: number;
  /** Users whose approval counted, in the order they approved. */
  approvedBy: string[];
  rejectedBy?: { userId: string; comment?: string; at: Date };
  /** When the status became terminal: the deciding approval or rejection, or `expiresAt`. */
  decidedAt?: Date;
}

/**
 * Replays the decisions in time order (docs/promotion.md): the requester's approval never counts, a user counts once,
 * the first rejection rejects, the approval that reaches `requiredApprovals` approves, and decisions at or after
 * `expiresAt` — or after the request was decided — are ignored. A stored non-pending status is final.
 */
export function evaluateApprovals(input: EvaluateApprovalsInput): ApprovalEvaluation {
  const { request, now } = input;
  const requiredApprovals = Math.max(1, Math.floor(request.requiredApprovals ?? input.policy.requiredApprovals));
  const expiresAt = request.expiresAt.getTime();

  const ordered = input.decisions
    .map((d, i) => ({ d, i }))
    .sort((a, b) => a.d.at.getTime() - b.d.at.getTime() || a.i - b.i)
    .map(({ d }) => d);

  const approvedBy: string[] = [];
  const approvers = new Set<string>();
  let selfApproved = false;
  let computed: PromotionRequestStatus = "pending";
  let rejectedBy: ApprovalEvaluation["rejectedBy"];
  let decidedAt: Date | undefined;

  for (const d of ordered) {
    if (d.at.getTime() >= expiresAt) break;
    if (d.decision === "reject") {
      // A stored rejection counts even without a comment: validateDecision guards creation, not history.
      const comment = normalizeReason(d.comment);
      rejectedBy = { userId: d.userId, at: d.at, ...(comment !== undefined && { comment }) };
      computed = "rejected";
      decidedAt = d.at;
      break;
    }
    if (d.userId === request.requesterId) {
      selfApproved = true;
      continue;
    }
    if (approvers.has(d.userId)) continue;
    approvers.add(d.userId);
    approvedBy.push(d.userId);
    if (approvedBy.length >= requiredApprovals) {
      computed = "approved";
      decidedAt = d.at;
      break;
    }
  }

  if (computed === "pending" && now.getTime() >= expiresAt) {
    computed = "expired";
    decidedAt = request.expiresAt;
  }

  const status = request.status === "pending" ? computed : request.status;
  return {
    status,
    countedApprovals: approvedBy.length,
    requiredApprovals,
    missing: status === "approved" ? 0 : Math.max(0, requiredApprovals - approvedBy.length),
    ignoredSelfApprovals: selfApproved ? 1 : 0,
    approvedBy,
    ...(rejectedBy && { rejectedBy }),
    ...(decidedAt && { decidedAt }),
  };
}

export type CanDecideCode = "NOT_PENDING" | "EXPIRED" | "NOT_APPROVER" | "SELF_APPROVAL" | "ALREADY_DECIDED" | "FROZEN";

export type CanDecideResult = { allowed: true } | { allowed: false; code: CanDecideCode; reason: string };

export interface CanDecideInput {
  request: PromotionRequestFacts;
  userId: string;
  now: Date;
  /** Defaults to "approve" — the button whose disabled state needs explaining. */
  decision?: DecisionKind;
  /** Decisions already recorded on the request. */
  decisions?: readonly ApprovalDecision[];
  /** Whether the user holds the approve permission; unknown when omitted. */
  isApprover?: boolean;
  /** When given, approving during an active freeze window is refused unless the request overrode the freeze. */
  policy?: Pick<ApprovalPolicy, "freezeWindows">;
}

/** May this user record this decision now? The reason is written for the disabled button's tooltip. */
export function canDecide(input: CanDecideInput): CanDecideResult {
  const { request, userId, now } = input;
  const decision = input.decision ?? "approve";
  if (request.status !== "pending") {
    return { allowed: false, code: "NOT_PENDING", reason: `This request is already ${request.status}.` };
  }
  if (now.getTime() >= request.expiresAt.getTime()) {
    return {
      allowed: false,
      code: "EXPIRED",
      reason: `This request expired at ${request.expiresAt.toISOString()}; ask for a new one.`,
    };
  }
  if (userId === request.requesterId) {
    // The requester may always withdraw their own request (a rejection), never approve it.
    return decision === "reject"
      ? { allowed: true }
      : {
          allowed: false,
          code: "SELF_APPROVAL",
          reason: "You requested this promotion; another approver must approve it.",
        };
  }
  if (input.isApprover === false) {
    return { allowed: false, code: "NOT_APPROVER", reason: "Only approvers can approve or reject live promotions." };
  }
  if (decision === "approve" && input.decisions?.some((d) => d.userId === userId && d.decision === "approve")) {
    return { allowed: false, code: "ALREADY_DECIDED", reason: "You already approved this request." };
  }
  if (decision === "approve" && input.policy && !request.freezeOverridden) {
    const active = activeFreezeWindows(input.policy.freezeWindows, now);
    if (active.length > 0) return { allowed: false, code: "FROZEN", reason: describeFreeze(active) };
  }
  return { allowed: true };
}
