import { normalizeReason } from "./reason";
import { STATE_TIMESTAMP_FIELD, type PromotionState, type StateTimestampField } from "./states";

/**
 * What a transition *means*, so services and the permission table can reason about it without
 * re-deriving it from (from, to) pairs.
 *  - promote      built→staging, staging→blessed
 *  - demote       staging→built
 *  - requestLive  blessed→live (gated by the approval policy)
 *  - retire       built|staging|blessed→retired
 *  - retireLive   live→retired outside a rollback: takes the module off every node that follows live
 */
export type TransitionKind = "promote" | "demote" | "requestLive" | "retire" | "retireLive";

/** Every promotion action, including the two-version rollback planned by `planRollback`. */
export type PromotionAction = TransitionKind | "rollback";

/**
 * Permission strings for the role table (`server/auth/permissions.ts`). Roles (docs/domain-model.md):
 * operator → promote, demote, retire, requestLive; approver → rollback, approve.
 */
export const PROMOTION_PERMISSIONS = {
  promote: "versions.promote",
  demote: "versions.demote",
  retire: "versions.retire",
  requestLive: "versions.requestLive",
  rollback: "versions.rollback",
  approve: "versions.approve",
} as const;

export type PromotionPermission = (typeof PROMOTION_PERMISSIONS)[keyof typeof PROMOTION_PERMISSIONS];

/**
 * Retiring the live version changes what the fleet runs as much as a rollback does, so it needs the
 * approver's authority rather than the operator's plain `versions.retire`.
 */
export const PERMISSION_FOR_ACTION: Readonly<Record<PromotionAction, PromotionPermission>> = {
  promote: PROMOTION_PERMISSIONS.promote,
  demote: PROMOTION_PERMISSIONS.demote,
  requestLive: PROMOTION_PERMISSIONS.requestLive,
  retire: PROMOTION_PERMISSIONS.retire,
  retireLive: PROMOTION_PERMISSIONS.rollback,
  rollback: PROMOTION_PERMISSIONS.rollback,
};

/** Actions whose audit event must carry a reason. Live requests get theirs through `evaluateLiveRequest`. */
export const REASON_REQUIRED_FOR: ReadonlySet<PromotionAction> = new Set<PromotionAction>([
  "retire",
  "retireLive",
  "rollback",
  "requestLive",
]);

/** docs/promotion.md: built→staging, staging→blessed, staging→built, blessed→live, any non-retired→retired. */
export const ALLOWED_TRANSITIONS: Readonly<Record<PromotionState, readonly PromotionState[]>> = {
  built: ["staging", "retired"],
  staging: ["blessed", "built", "retired"],
  blessed: ["live", "retired"],
  live: ["retired"],
  retired: [],
};

export function canTransition(from: PromotionState, to: PromotionState): boolean {
  return ALLOWED_TRANSITIONS[from].includes(to);
}

/** The kind of an allowed transition; `undefined` when the transition is not allowed. */
export function transitionKind(from: PromotionState, to: PromotionState): TransitionKind | undefined {
  if (!canTransition(from, to)) return undefined;
  if (to === "retired") return from === "live" ? "retireLive" : "retire";
  if (to === "live") return "requestLive";
  if (from === "staging" && to === "built") return "demote";
  return "promote";
}

/** The permission a direct transition needs; `undefined` when the transition is not allowed at all. */
export function requiredPermissionFor(from: PromotionState, to: PromotionState): PromotionPermission | undefined {
  const kind = transitionKind(from, to);
  return kind === undefined ? undefined : PERMISSION_FOR_ACTION[kind];
}

export interface VersionRef {
  id: string;
  state: PromotionState;
}

/**
 * One row update. Apply the changes of a plan in array order, each as a compare-and-set on `from`
 * (`UPDATE … WHERE id = versionId AND promotion_state = from`); if any affects 0 rows, abort the transaction
 * with CONFLICT. The order keeps a "one live version per module" unique index satisfied at every step.
 */
export interface StateChange {
  versionId: string;
  from: PromotionState;
  to: PromotionState;
  /** Set on the version that leaves `live` for `blessed` because another version replaced it. */
  previouslyLive?: boolean;
  /** The timestamp column to set to `now`; `null` when none (a previously-live version keeps its stamps). */
  stamp: StateTimestampField | null;
}

export type TransitionErrorCode =
  | "TRANSITION_NOT_ALLOWED"
  | "REASON_REQUIRED"
  | "FORBIDDEN"
  | "INCONSISTENT_LIVE"
  | "NOT_LIVE"
  | "NO_ROLLBACK_CANDIDATE";

export interface TransitionError {
  ok: false;
  code: TransitionErrorCode;
  message: string;
}

export interface TransitionPlan {
  ok: true;
  kind: TransitionKind;
  permission: PromotionPermission;
  changes: StateChange[];
  /**
   * True for blessed→live: the caller must only apply this plan once the approval policy allows it
   * (`evaluateLiveRequest(...).appliesImmediately` or `evaluateApprovals(...).status === "approved"`).
   */
  requiresApproval: boolean;
  /** The trimmed reason, when one was given. */
  reason?: string;
  /** The version that stops being live because of this plan, if any. */
  replacesLiveVersionId?: string;
}

export interface PlanTransitionInput {
  version: VersionRef;
  target: PromotionState;
  /** The module's live version, when it has one. Needed for blessed→live. */
  currentLive?: VersionRef | null;
  reason?: string | null;
  /**
   * When given, the plan is refused with FORBIDDEN unless it contains the required permission.
   * Procedures normally check permissions before calling; this lets a service double-check.
   */
  actorPermissions?: Iterable<string>;
}

function fail(code: TransitionErrorCode, message: string): TransitionError {
  return { ok: false, code, message };
}

function checkPermission(
  actorPermissions: Iterable<string> | undefined,
  permission: PromotionPermission,
): TransitionError | undefined {
  if (actorPermissions === undefined) return undefined;
  for (const p of actorPermissions) if (p === permission) return undefined;
  return fail("FORBIDDEN", `This action needs the "${permission}" permission.`);
}

function describeAllowed(from: PromotionState): string {
  const allowed = ALLOWED_TRANSITIONS[from];
  return allowed.length === 0 ? `${from} is terminal` : `from ${from} a version can move to ${allowed.join(", ")}`;
}

function change(versionId: string, from: PromotionState, to: PromotionState): StateChange {
  return { versionId, from, to, stamp: STATE_TIMESTAMP_FIELD[to] };
}

/** Plans one direct transition of one version (plus the previous live version's return to blessed). */
export function planTransition(input: PlanTransitionInput): TransitionPlan | TransitionError {
  const { version, target } = input;
  const from = version.state;
  const kind = transitionKind(from, target);
  if (kind === undefined) {
    const why = from === target ? `The version is already ${from}` : `A version cannot move from ${from} to ${target}`;
    return fail("TRANSITION_NOT_ALLOWED", `${why}; ${describeAllowed(from)}.`);
  }

  const permission = PERMISSION_FOR_ACTION[kind];
  const forbidden = checkPermission(input.actorPermissions, permission);
  if (forbidden) return forbidden;

  const reason = normalizeReason(input.reason);
  if (reason === undefined && REASON_REQUIRED_FOR.has(kind)) {
    return fail("REASON_REQUIRED", `A reason is required to ${kind === "requestLive" ? "make a version live" : "retire a version"}.`);
  }

  const changes: StateChange[] = [];
  let replacesLiveVersionId: string | undefined;
  if (target === "live" && input.currentLive) {
    const live = input.currentLive;
    if (live.state !== "live" || live.id === version.id) {
      return fail(
        "INCONSISTENT_LIVE",
        `The module's current live version ${live.id} is ${live.state}; reload and try again.`,
      );
    }
    // The old live version goes first so that at no point two rows of the module are live.
    changes.push({ versionId: live.id, from: "live", to: "blessed", previouslyLive: true, stamp: null });
    replacesLiveVersionId = live.id;
  }
  changes.push(change(version.id, from, target));

  return {
    ok: true,
    kind,
    permission,
    changes,
    requiresApproval: kind === "requestLive",
    ...(reason !== undefined && { reason }),
    ...(replacesLiveVersionId !== undefined && { replacesLiveVersionId }),
  };
}

export interface RollbackCandidate {
  id: string;
  /** When the version last entered `live`; `null` for a version that never was live. */
  liveAt: Date | null | undefined;
  /** When known, only `blessed` candidates are considered. */
  state?: PromotionState;
}

/**
 * The most recently live blessed version: the greatest `liveAt` among blessed versions that were live.
 * Live periods of one module never overlap, so the latest `liveAt` is the version that left live last.
 * Ties (same millisecond) break on the greater id so the answer is deterministic.
 */
export function rollbackTarget<C extends RollbackCandidate>(
  candidates: readonly C[],
  excludeId?: string,
): C | undefined {
  let best: C | undefined;
  for (const c of candidates) {
    if (c.id === excludeId) continue;
    if (c.state !== undefined && c.state !== "blessed") continue;
    const at = c.liveAt?.getTime();
    if (at === undefined || Number.isNaN(at)) continue;
    const bestAt = best?.liveAt?.getTime();
    if (best === undefined || bestAt === undefined || at > bestAt || (at === bestAt && c.id > best.id)) best = c;
  }
  return best;
}

export interface PlanRollbackInput {
  live: VersionRef;
  blessedCandidates: readonly RollbackCandidate[];
  reason?: string | null;
  actorPermissions?: Iterable<string>;
}

export interface RollbackPlan {
  ok: true;
  kind: "rollback";
  permission: PromotionPermission;
  /** Retire the live version first, then make the target live. */
  changes: [StateChange, StateChange];
  targetVersionId: string;
  reason: string;
}

/** Rollback (docs/promotion.md): live → retired (with a reason), the most recently live blessed version → live. */
export function planRollback(input: PlanRollbackInput): RollbackPlan | TransitionError {
  const { live } = input;
  if (live.state !== "live") {
    return fail("NOT_LIVE", `Only the live version can be rolled back; this version is ${live.state}.`);
  }
  const permission = PERMISSION_FOR_ACTION.rollback;
  const forbidden = checkPermission(input.actorPermissions, permission);
  if (forbidden) return forbidden;

  const reason = normalizeReason(input.reason);
  if (reason === undefined) return fail("REASON_REQUIRED", "A reason is required to roll back.");

  const target = rollbackTarget(input.blessedCandidates, live.id);
  if (target === undefined) {
    return fail(
      "NO_ROLLBACK_CANDIDATE",
      "There is no previously live blessed version to roll back to. Retire the live version instead, or promote another version.",
    );
  }
  return {
    ok: true,
    kind: "rollback",
    permission,
    changes: [change(live.id, "live", "retired"), change(target.id, "blessed", "live")],
    targetVersionId: target.id,
    reason,
  };
}
