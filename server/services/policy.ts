import "server-only";
import { AppError } from "../errors";
import type { ServiceContext } from "./context";
import { recordAudit } from "./audit";
import type { UpdatePolicyInput } from "../contracts/policy";
import { runInTransaction } from "./transaction";


const policySelect = {
  requireApproval: true,
  requiredApprovals: true,
  requestTtlHours: true,
  stagingStaleHours: true,
  auditHotDays: true,
  blessRequiresEvidence: true,
} as const;

export async function getPolicy(ctx: ServiceContext) {
  const account = await ctx.db.account.findUnique({ where: { id: ctx.actor.accountId }, select: policySelect });
  if (!account) throw new AppError("NOT_FOUND", "Account not found.");
  const freezeWindows = await ctx.db.freezeWindow.findMany({
    where: { accountId: ctx.actor.accountId, endsAt: { gt: ctx.now() } },
    select: { id: true, startsAt: true, endsAt: true, reason: true },
    orderBy: { startsAt: "asc" },
  });
  return { ...account, freezeWindows };
}

export async function updatePolicy(ctx: ServiceContext, input: UpdatePolicyInput) {
  return runInTransaction(ctx, async (tx) => {
    const before = await tx.account.findUniqueOrThrow({ where: { id: ctx.actor.accountId }, select: { ...policySelect, slug: true } });
    const after = await tx.account.update({ where: { id: ctx.actor.accountId }, data: input, select: policySelect });
    await recordAudit(tx, ctx, {
      action: "policy.updated",
      targetType: "account",
      targetId: ctx.actor.accountId,
      targetLabel: before.slug,
      before: { requireApproval: before.requireApproval, requiredApprovals: before.requiredApprovals, requestTtlHours: before.requestTtlHours, stagingStaleHours: before.stagingStaleHours, auditHotDays: before.auditHotDays, blessRequiresEvidence: before.blessRequiresEvidence },
      after,
    });
    return after;
  });
}
