import { ROLES, type Role } from "../auth/permissions";
import { hashPassword } from "../auth/secrets";
import type { Db } from "../db/client";
import { createAccount } from "../services/accounts";
import type { Actor } from "../auth/actor";
import { createAccountInput } from "../contracts/accounts";

export const DEMO_ACCOUNT = { slug: "powernode", name: "Powernode" } as const;

export const DEMO_USERS: ReadonlyArray<{ role: Role; email: string; name: string }> = [
  { role: "admin", email: "admin@powernode.example", name: "Ada Admin" },
  { role: "approver", email: "approver@powernode.example", name: "Avery Approver" },
  { role: "operator", email: "operator@powernode.example", name: "Oscar Operator" },
  { role: "author", email: "author@powernode.example", name: "Aria Author" },
  { role: "viewer", email: "viewer@powernode.example", name: "Vic Viewer" },
];

export interface SeededAccount {
  accountId: string;
  actors: Record<Role, Extract<Actor, { kind: "user" }>>;
}

/** The demo account with one user per role, all with the same password. */
export async function seedDemoAccount(
  db: Db,
  password: string,
  now: Date,
  users: ReadonlyArray<{ role: Role; email: string; name: string }> = DEMO_USERS,
): Promise<SeededAccount> {
  const account = await createAccount(db, createAccountInput.parse(DEMO_ACCOUNT), now);
  const passwordHash = await hashPassword(password);
  const actors = {} as SeededAccount["actors"];
  for (const role of ROLES) {
    const spec = users.find((u) => u.role === role);
    if (!spec) throw new Error(`no demo user for role ${role}`);
    const user = await db.user.create({ data: { email: spec.email, name: spec.name, passwordHash, createdAt: now } });
    await db.membership.create({ data: { userId: user.id, accountId: account.id, role, createdAt: now } });
    actors[role] = {
      kind: "user",
      userId: user.id,
      email: spec.email,
      name: spec.name,
      accountId: account.id,
      accountSlug: DEMO_ACCOUNT.slug,
      role,
      sessionId: "seed",
    };
  }
  return { accountId: account.id, actors };
}
