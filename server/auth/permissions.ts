/**
 * The role → permission table (docs/security-auth.md for tokens). The only place that says who may do what; procedure factories
 * (tRPC `permissionProcedure`, REST routes' `access`) check these strings — handlers never test roles.
 * Each role has everything the role before it has.
 */
export const ROLES = ["viewer", "author", "operator", "approver", "admin"] as const;
export type Role = (typeof ROLES)[number];

const VIEWER = [
  "account.read",
  "categories.read",
  "modules.read",
  "versions.read",
  "templates.read",
  "instances.read",
  "approvals.read",
  "audit.read",
] as const;
const AUTHOR = ["modules.create", "modules.update", "manifests.edit", "versions.ingest", "ingest.poll"] as const;
const OPERATOR = [
  "versions.promote",
  "versions.demote",
  "versions.retire",
  "versions.requestLive",
  "templates.edit",
  "assignments.edit",
  "instances.manage",
] as const;
const APPROVER = ["versions.approve", "versions.rollback", "rollouts.manage"] as const;
const ADMIN = [
  "members.manage",
  "tokens.manage",
  "policies.manage",
  "categories.manage",
  "freeze.override",
  "signing.manage",
  "system.read",
  "versions.markBad",
] as const;

export const PERMISSIONS = [...VIEWER, ...AUTHOR, ...OPERATOR, ...APPROVER, ...ADMIN] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLE_PERMISSIONS: Record<Role, ReadonlySet<Permission>> = {
  viewer: new Set<Permission>(VIEWER),
  author: new Set<Permission>([...VIEWER, ...AUTHOR]),
  operator: new Set<Permission>([...VIEWER, ...AUTHOR, ...OPERATOR]),
  approver: new Set<Permission>([...VIEWER, ...AUTHOR, ...OPERATOR, ...APPROVER]),
  admin: new Set<Permission>(PERMISSIONS),
};

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].has(permission);
}

export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

/** The lower of two roles: what a token may be at most, given its own role and its creator's. */
export function lowerRole(a: Role, b: Role): Role {
  return roleRank(a) <= roleRank(b) ? a : b;
}

/**
 * What a role narrowed by scopes may do: the role's permissions ∩ the scopes. Empty scopes narrow nothing, so an
 * unscoped token of a role may do everything the role may. Scopes outside the role grant nothing.
 */
export function grantedPermissions(role: Role, scopes: readonly Permission[]): ReadonlySet<Permission> {
  const byRole = ROLE_PERMISSIONS[role];
  if (scopes.length === 0) return byRole;
  return new Set(scopes.filter((scope) => byRole.has(scope)));
}

export function isPermission(value: string): value is Permission {
  return (PERMISSIONS as readonly string[]).includes(value);
}
