import type { Permission, Role } from "./permissions";
import { ROLE_PERMISSIONS } from "./permissions";

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
      /** The admin who created the token, for audit. */
      createdById: string | null;
      accountId: string;
      accountSlug: string;
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

export function actorHas(actor: Actor, permission: Permission): boolean {
  if (!ROLE_PERMISSIONS[actor.role].has(permission)) return false;
  if (actor.kind === "token" && actor.scopes.length > 0) return actor.scopes.includes(permission);
  return true;
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
