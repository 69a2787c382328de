import type { Permission, Role } from "./permissions";
import { grantedPermissions, ROLE_PERMISSIONS } from "./permissions";

/** Who is calling, already resolved to one account. Services receive it; they never read cookies or headers. */
export type Actor =
  | {
      kind: "user";
      userId: string;
      email: string;
      name: string;
      accountId: string;
      accountSlug: string;
      role: Role;
      sessionId: string;
    }
  | {
      kind: "token";
      tokenId: string;
      tokenName: string;
      /** The member who created the token. The token acts on their behalf, so it never outranks them. */
      createdById: string;
      accountId: string;
      accountSlug: string;
      /** The token's role capped by its creator's current role in the account, resolved on every request. */
      role: Role;
      /** Empty: every permission of the role. */
      scopes: readonly Permission[];
    }
  | {
      /** The seeder and scheduled jobs. */
      kind: "system";
      label: string;
      accountId: string;
      accountSlug: string;
      role: Role;
    };

/** Everything the actor may do: its role's permissions, narrowed by a token's scopes (docs/security-auth.md). */
export function actorPermissions(actor: Actor): ReadonlySet<Permission> {
  return actor.kind === "token" ? grantedPermissions(actor.role, actor.scopes) : ROLE_PERMISSIONS[actor.role];
}

export function actorHas(actor: Actor, permission: Permission): boolean {
  return actorPermissions(actor).has(permission);
}

export function actorLabel(actor: Actor): string {
  switch (actor.kind) {
    case "user":
      return actor.email;
    case "token":
      return `token:${actor.tokenName}`;
    case "system":
      return actor.label;
  }
}

export function actorUserId(actor: Actor): string | null {
  if (actor.kind === "user") return actor.userId;
  if (actor.kind === "token") return actor.createdById;
  return null;
}
