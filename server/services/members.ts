import { z } from "zod";
import { updateMemberRoleInput } from "./members.schema";
export { updateMemberRoleInput } from "./members.schema";
import { ROLES } from "../auth/permissions";
import { AppError } from "../errors";
import type { ServiceContext } from "./context";
import { recordAudit } from "./audit";

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


export async function updateMemberRole(ctx: ServiceContext, input: z.infer<typeof updateMemberRoleInput>) {
  return ctx.db.$transaction(async (tx) => {
    const membership = await tx.membership.findFirst({
      where: { id: input.membershipId, accountId: ctx.actor.accountId },
      select: { id: true, role: true, userId: true, user: { select: { email: true } } },
    });
    if (!membership) throw new AppError("NOT_FOUND", "Member not found.");
    if (membership.role === input.role) return { id: membership.id, role: membership.role };
    if (membership.role === "admin" && input.role !== "admin") {
      const admins = await tx.membership.count({ where: { accountId: ctx.actor.accountId, role: "admin" } });
      if (admins <= 1) throw new AppError("CONFLICT", "An account must keep at least one admin.");
    }
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
