import "server-only";
import type { z } from "zod";
import type { CreateAccountInput } from "../contracts/accounts";
import { addMemberInput } from "../contracts/members";
import type { Db } from "../db/client";
import type { Role } from "../auth/permissions";
import { hashPassword } from "../auth/secrets";
import { AppError } from "../errors";
import { DEFAULT_CATEGORIES } from "./categories";
import type { ServiceContext } from "./context";
import { recordAudit } from "./audit";
import type { Actor } from "../auth/actor";
import { runInTransaction } from "./transaction";

/** Creates an account with the default categories. Used by bootstrap, the seeder and tests. */
export async function createAccount(db: Db, input: CreateAccountInput, now: Date = new Date()) {
  const { slug } = input;
  return await runInTransaction(db, async (tx) => {
    const account = await tx.account.create({ data: { slug, name: input.name, createdAt: now } });
    await tx.category.createMany({
      data: DEFAULT_CATEGORIES.map((category) => ({ ...category, accountId: account.id, createdAt: now })),
    });
    const system: Actor = { kind: "system", label: "system", accountId: account.id, accountSlug: slug, role: "admin" };
    await recordAudit(tx, { db, actor: system, now: () => now }, {
      action: "account.created",
      targetType: "account",
      targetId: account.id,
      targetLabel: slug,
    });
    return account;
  }, { uniqueViolation: () => new AppError("CONFLICT", `Account ${slug} already exists.`) });
}


/** Creates the user when needed and adds them to the actor's account. */
export async function addMember(ctx: ServiceContext, input: z.infer<typeof addMemberInput>) {
  const passwordHash = await hashPassword(input.password);
  return runInTransaction(ctx, async (tx) => {
    const user =
      (await tx.user.findUnique({ where: { email: input.email }, select: { id: true, email: true } })) ??
      (await tx.user.create({ data: { email: input.email, name: input.name, passwordHash, createdAt: ctx.now() }, select: { id: true, email: true } }));
    const existing = await tx.membership.findUnique({ where: { userId_accountId: { userId: user.id, accountId: ctx.actor.accountId } } });
    if (existing) throw new AppError("CONFLICT", `${input.email} is already a member.`, { fieldErrors: { email: "Already a member" } });
    const membership = await tx.membership.create({
      data: { userId: user.id, accountId: ctx.actor.accountId, role: input.role as Role, createdAt: ctx.now() },
    });
    await recordAudit(tx, ctx, {
      action: "member.added",
      targetType: "user",
      targetId: user.id,
      targetLabel: user.email,
      after: { role: input.role },
    });
    return { membershipId: membership.id, userId: user.id };
  });
}
