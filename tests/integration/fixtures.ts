import { randomUUID } from "node:crypto";
import type { Actor } from "../../server/auth/actor";
import { ROLES, type Role } from "../../server/auth/permissions";
import { hashPassword } from "../../server/auth/secrets";
import { createSession } from "../../server/auth/sessions";
import type { Db } from "../../server/db/client";
import { createCaller } from "../../server/api/root";
import type { TrpcContext } from "../../server/api/trpc";
import { createAccount } from "../../server/services/accounts";
import { serviceContext, type ServiceContext } from "../../server/services/context";
import { createAccountInput } from "../../server/contracts/accounts";

export const TEST_PASSWORD = "correct horse battery staple";
let passwordHash: Promise<string> | undefined;

export interface TestAccount {
  accountId: string;
  slug: string;
  users: Record<Role, { userId: string; email: string; actor: Extract<Actor, { kind: "user" }>; sessionToken: string }>;
}

/** A new account with one user per role, each with a real session. Unique per call, so tests never collide. */
export async function createTestAccount(db: Db, prefix = "acct"): Promise<TestAccount> {
  const slug = `${prefix}-${randomUUID().slice(0, 8)}`;
  const account = await createAccount(db, createAccountInput.parse({ slug, name: `Test ${slug}` }));
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const hash = await passwordHash;
  const users = {} as TestAccount["users"];
  for (const role of ROLES) {
    const email = `${role}@${slug}.test`;
    const user = await db.user.create({ data: { email, name: `${role} of ${slug}`, passwordHash: hash } });
    await db.membership.create({ data: { userId: user.id, accountId: account.id, role } });
    const session = await createSession(db, user.id, account.id, new Date());
    const sessionId = (await db.session.findFirstOrThrow({ where: { userId: user.id }, select: { id: true } })).id;
    users[role] = {
      userId: user.id,
      email,
      sessionToken: session.token,
      actor: { kind: "user", userId: user.id, email, name: user.name, accountId: account.id, accountSlug: slug, role, sessionId },
    };
  }
  return { accountId: account.id, slug, users };
}

/**
 * One more member of `account` with `role`, for tests that then demote or remove them. No session: use the actor
 * with services, or let them create tokens.
 */
export async function addTestMember(
  db: Db,
  account: TestAccount,
  role: Role,
  label: string = role,
): Promise<{ membershipId: string; actor: Extract<Actor, { kind: "user" }> }> {
  const email = `${label}-${randomUUID().slice(0, 8)}@${account.slug}.test`;
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const user = await db.user.create({ data: { email, name: `${label} of ${account.slug}`, passwordHash: await passwordHash } });
  const membership = await db.membership.create({ data: { userId: user.id, accountId: account.accountId, role } });
  return {
    membershipId: membership.id,
    actor: { kind: "user", userId: user.id, email, name: user.name, accountId: account.accountId, accountSlug: account.slug, role, sessionId: "" },
  };
}

export function trpcContext(db: Db, actor: Actor | null, extra: Partial<TrpcContext["request"]> = {}): TrpcContext {
  return {
    db,
    actor,
    now: () => new Date(),
    request: { ip: "test", userAgent: "vitest", sessionToken: null, secureCookies: false, ...extra },
    resHeaders: new Headers(),
  };
}

export function callerFor(db: Db, actor: Actor | null, extra: Partial<TrpcContext["request"]> = {}) {
  return createCaller(trpcContext(db, actor, extra));
}

export function svcFor(db: Db, actor: Actor): ServiceContext {
  return serviceContext(db, actor);
}
