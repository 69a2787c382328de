/**
 * One use case that moves a version to a target state, whatever the transition (docs/promotion-pipeline.md): REST's
 * promote route calls it, and so can any other adapter that takes "move this version to that state". Live goes
 * through a live request under the approval policy (`requestLive`), every other state through the transition rules
 * (`transitionVersion`); the outcome says whether the change applied or now waits for approval.
 */
import "server-only";
import type { PromoteVersionToInput } from "../contracts/promotion";
import { canTransition, type PromotionState } from "../domain/promotion";
import { AppError } from "../errors";
import type { ServiceContext } from "./context";
import { requestLive, transitionVersion } from "./promotion";

export interface PromoteOutcome {
  /** false: a live request now waits for approval (`promotionRequestId`). */
  applied: boolean;
  versionId: string;
  moduleName: string;
  version: string;
  promotionState: PromotionState;
  /** The live request when the target was live (approved at once when the policy needs no approval). */
  promotionRequestId: string | null;
  requestStatus: "pending" | "approved" | null;
  requiredApprovals: number | null;
  /** When the pending request expires; null once applied. */
  expiresAt: Date | null;
}

async function versionIdOf(ctx: ServiceContext, input: PromoteVersionToInput): Promise<string> {
  if ("versionId" in input) return input.versionId;
  const found = await ctx.db.moduleVersion.findFirst({
    where: { accountId: ctx.actor.accountId, version: input.version, module: { name: input.moduleName } },
    select: { id: true },
  });
  if (!found) throw new AppError("NOT_FOUND", `Version ${input.moduleName}@${input.version} not found.`);
  return found.id;
}

export async function promoteVersionTo(ctx: ServiceContext, input: PromoteVersionToInput): Promise<PromoteOutcome> {
  const versionId = await versionIdOf(ctx, input);
  if (input.targetState === "live") {
    // Live is entered from blessed only: a caller who believes the version is in another state asks for a move
    // the pipeline does not have (a live request carries no compare-and-set of its own).
    if (input.expectedState && !canTransition(input.expectedState, "live")) {
      throw new AppError("UNPROCESSABLE", "Only a blessed version can go live.");
    }
    const live = await requestLive(ctx, {
      versionId,
      reason: input.reason ?? "",
      ...(input.freezeOverrideReason ? { freezeOverrideReason: input.freezeOverrideReason } : {}),
      ...(input.badOverrideReason ? { badOverrideReason: input.badOverrideReason } : {}),
    });
    return {
      applied: live.applied,
      versionId: live.versionId,
      moduleName: live.moduleName,
      version: live.version,
      promotionState: live.promotionState,
      promotionRequestId: live.requestId,
      requestStatus: live.status === "approved" ? "approved" : "pending",
      requiredApprovals: live.requiredApprovals,
      expiresAt: live.applied ? null : live.expiresAt,
    };
  }
  const moved = await transitionVersion(ctx, {
    versionId,
    targetState: input.targetState,
    ...(input.reason !== undefined ? { reason: input.reason } : {}),
    ...(input.expectedState ? { expectedState: input.expectedState } : {}),
    ...(input.badOverrideReason ? { badOverrideReason: input.badOverrideReason } : {}),
    ...(input.evidenceOverrideReason ? { evidenceOverrideReason: input.evidenceOverrideReason } : {}),
  });
  return {
    applied: true,
    versionId: moved.id,
    moduleName: moved.moduleName,
    version: moved.version,
    promotionState: moved.promotionState,
    promotionRequestId: null,
    requestStatus: null,
    requiredApprovals: null,
    expiresAt: null,
  };
}
