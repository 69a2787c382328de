import "server-only";
import { z } from "zod";
import { switchAccountInput, type SignInInput } from "../contracts/auth";
import type { Db } from "../db/client";
import { AppError } from "../errors";
import { plural } from "../domain/plural";
import { processSignInThrottle, type SignInThrottle } from "../auth/sign-in-throttle";
import { createPgPool } from "../db/client";
import { getEnv } from "../env";
import { decoyPasswordHash, verifyPassword } from "../auth/secrets";
import { createSession, deleteSession, type CreatedSession } from "../auth/sessions";
import type { ServiceContext } from "./context";
import { recordAudit } from "./audit";
import { runInTransaction } from "./transaction";


const INVALID_CREDENTIALS = "Email or password is incorrect.";

/**
 * Signs in with email and password. Throttled before anything else (docs/security-auth.md): a refused attempt
 * never reaches the database or the password hash, and gets the same answer whatever the password and whether
 * or not the email exists.
 */
export async function signIn(
  db: Db,
  input: SignInInput,
  request: { ip: string; userAgent?: string | null },
  now: Date,
  throttle: SignInThrottle = processSignInThrottle(getEnv().DATABASE_URL, createPgPool),
): Promise<CreatedSession & { accountSlug: string }> {
  const admission = await throttle.admit({ address: request.ip, email: input.email });
  if (!admission.admitted) {
    throw new AppError("TOO_MANY_REQUESTS", `Too many failed sign-in attempts. Try again in ${plural(admission.retryAfterSeconds, "second")}.`, {
      details: { retryAfterSeconds: admission.retryAfterSeconds },
    });
  }
  const user = await db.user.findUnique({
    where: { email: input.email },
    select: {
      id: true,
      passwordHash: true,
      memberships: { select: { accountId: true, account: { select: { slug: true } } }, orderBy: { createdAt: "asc" } },
    },
  });
  // Verify against a decoy when the user is unknown, so response time does not reveal which emails exist.
  const passwordOk = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), input.password);
  // The admitted attempt already counts as a failure; nothing more to record.
  if (!user || !passwordOk) throw new AppError("UNAUTHORIZED", INVALID_CREDENTIALS);
  await admission.succeeded();
  const membership = input.accountSlug
    ? user.memberships.find((m) => m.account.slug === input.accountSlug)
    : user.memberships[0];
  if (!membership) throw new AppError("FORBIDDEN", "This user is not a member of any account. Ask an admin to add you.");
  const session = await createSession(db, user.id, membership.accountId, now, request.userAgent);
  return { ...session, accountSlug: membership.account.slug };
}

export async function signOut(db: Db, sessionToken: string): Promise<void> {
  await deleteSession(db, sessionToken);
}

export async function getMe(ctx: ServiceContext) {
  const actor = ctx.actor;
  if (actor.kind !== "user") {
    return { kind: actor.kind, accountSlug: actor.accountSlug, role: actor.role, user: null, accounts: [] };
  }
  const memberships = await ctx.db.membership.findMany({
    where: { userId: actor.userId },
    select: { role: true, account: { select: { slug: true, name: true } } },
    orderBy: { account: { name: "asc" } },
  });
  return {
    kind: actor.kind,
    accountSlug: actor.accountSlug,
    role: actor.role,
    user: { id: actor.userId, email: actor.email, name: actor.name },
    accounts: memberships.map((m) => ({ slug: m.account.slug, name: m.account.name, role: m.role })),
  };
}


export async function switchAccount(ctx: ServiceContext, input: z.infer<typeof switchAccountInput>) {
  const actor = ctx.actor;
  if (actor.kind !== "user") throw new AppError("BAD_REQUEST", "Only a signed-in user can switch accounts.");
  const membership = await ctx.db.membership.findFirst({
    where: { userId: actor.userId, account: { slug: input.accountSlug } },
    select: { accountId: true, role: true },
  });
  // Not a member and no such account answer alike: account slugs are not disclosed.
  if (!membership) throw new AppError("NOT_FOUND", `Account ${input.accountSlug} not found.`);
  await ctx.db.session.update({ where: { id: actor.sessionId }, data: { activeAccountId: membership.accountId } });
  return { accountSlug: input.accountSlug, role: membership.role };
}

export async function whoami(ctx: ServiceContext) {
  const actor = ctx.actor;
  return {
    kind: actor.kind,
    account: actor.accountSlug,
    role: actor.role,
    ...(actor.kind === "user" ? { email: actor.email, name: actor.name } : {}),
    ...(actor.kind === "token" ? { token_name: actor.tokenName, scopes: [...actor.scopes] } : {}),
  };
}

/** Records a sign-in in the audit log (called once the session exists, with the signed-in user as actor). */
export async function auditSignIn(ctx: ServiceContext): Promise<void> {
  if (ctx.actor.kind !== "user") return;
  const { userId, email } = ctx.actor;
  await runInTransaction(ctx, async (tx) => {
    await recordAudit(tx, ctx, { action: "user.signed_in", targetType: "user", targetId: userId, targetLabel: email });
  });
}

/** Whether the seeded demo account exists, so the sign-in page can say how to get in. */
export async function demoAccountPresent(db: Db): Promise<boolean> {
  return (await db.account.count({ where: { slug: "powernode", memberships: { some: { user: { email: "admin@powernode.example" } } } } })) > 0;
}
