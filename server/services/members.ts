import "server-only";
import { z } from "zod";
import { removeMemberInput, updateMemberRoleInput } from "../contracts/members";
import type { Tx } from "../db/client";
import { AppError } from "../errors";
import type { ServiceContext } from "./context";
import { recordAudit } from "./audit";
import { runInTransaction } from "./transaction";

export async function listMembers(ctx: ServiceContext) {
  const rows = await ctx.db.membership.findMany({
    where: { accountId: ctx.actor.accountId },
    select: { id: true, role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
    orderBy: { user: { email: "asc" } },
  });
  return rows.map((row) => ({
    id: row.id,
    role: row.role,
    since: row.createdAt,
    userId: row.user.id,
    email: row.user.email,
    name: row.user.name,
  }));
}


/** A membership of the given account (another account's id is NOT_FOUND), with what role changes and removal need. */
async function loadMembership(tx: Tx, accountId: string, membershipId: string) {
  const membership = await tx.membership.findFirst({
    where: { id: membershipId, accountId },
    select: { id: true, role: true, userId: true, user: { select: { email: true } } },
  });
  if (!membership) throw new AppError("NOT_FOUND", "Member not found.");
  return membership;
}

/** The one rule for demoting or removing an admin: the account keeps at least one. */
async function assertAnotherAdminRemains(tx: Tx, accountId: string): Promise<void> {
  const admins = await tx.membership.count({ where: { accountId, role: "admin" } });
  if (admins <= 1) throw new AppError("CONFLICT", "An account must keep at least one admin.");
}

export async function updateMemberRole(ctx: ServiceContext, input: z.infer<typeof updateMemberRoleInput>) {
  return runInTransaction(ctx, async (tx) => {
    const membership = await loadMembership(tx, ctx.actor.accountId, input.membershipId);
    if (membership.role === input.role) return { id: membership.id, role: membership.role };
    if (membership.role === "admin" && input.role !== "admin") await assertAnotherAdminRemains(tx, ctx.actor.accountId);
    // Compare-and-set on the role we read, so two admins changing one member do not both win.
    const changed = await tx.membership.updateMany({ where: { id: membership.id, role: membership.role }, data: { role: input.role } });
    if (changed.count === 0) throw new AppError("CONFLICT", "The member's role changed meanwhile; reload and try again.");
    await recordAudit(tx, ctx, {
      action: "member.role_changed",
      targetType: "user",
      targetId: membership.userId,
      targetLabel: membership.user.email,
      before: { role: membership.role },
      after: { role: input.role },
    });
    return { id: membership.id, role: input.role };
  });
}

/**
 * Removes a member from the actor's account. In the same transaction: the API tokens they created in this account
 * are revoked (each audited), and their sessions in this account end. Tokens would stop working anyway — a token
 * whose creator is not a member resolves to nothing (server/auth/sessions.ts) — but revoking them says so in the
 * token list and the audit log. The rule: docs/security-auth.md.
 */
export async function removeMember(ctx: ServiceContext, input: z.infer<typeof removeMemberInput>) {
  return runInTransaction(ctx, async (tx) => {
    const accountId = ctx.actor.accountId;
    const membership = await loadMembership(tx, accountId, input.membershipId);
    if (membership.role === "admin") await assertAnotherAdminRemains(tx, accountId);
    // Compare-and-set on the role we read, like updateMemberRole: a concurrent change makes this one retry.
    const removed = await tx.membership.deleteMany({ where: { id: membership.id, role: membership.role } });
    if (removed.count === 0) throw new AppError("CONFLICT", "The member changed meanwhile; reload and try again.");
    const now = ctx.now();
    const tokens = await tx.apiToken.findMany({
      where: { accountId, createdById: membership.userId, revokedAt: null },
      select: { id: true, name: true },
      orderBy: { createdAt: "asc" },
    });
    await tx.apiToken.updateMany({ where: { id: { in: tokens.map((token) => token.id) }, revokedAt: null }, data: { revokedAt: now } });
    await tx.session.deleteMany({ where: { userId: membership.userId, activeAccountId: accountId } });
    await recordAudit(tx, ctx, {
      action: "member.removed",
      targetType: "user",
      targetId: membership.userId,
      targetLabel: membership.user.email,
      before: { role: membership.role },
      after: { revokedTokens: tokens.map((token) => token.name) },
    });
    for (const token of tokens) {
      await recordAudit(tx, ctx, {
        action: "api_token.revoked",
        targetType: "api_token",
        targetId: token.id,
        targetLabel: token.name,
        reason: `Its creator ${membership.user.email} was removed from the account.`,
      });
    }
    return { id: membership.id, revokedTokens: tokens.length };
  });
}
