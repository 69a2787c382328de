import "server-only";
import { z } from "zod";
import { revokeTokenInput, type CreateTokenInput } from "../contracts/tokens";
import { actorPermissions, actorUserId } from "../auth/actor";
import { grantedPermissions, roleHas, roleRank, type Permission, type Role } from "../auth/permissions";
import { newApiToken, sha256Hex } from "../auth/secrets";
import { AppError } from "../errors";
import type { ServiceContext } from "./context";
import { recordAudit } from "./audit";
import { runInTransaction } from "./transaction";



const tokenSelect = {
  id: true,
  name: true,
  prefix: true,
  role: true,
  scopes: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
  createdBy: { select: { email: true } },
} as const;

export async function listTokens(ctx: ServiceContext) {
  return ctx.db.apiToken.findMany({
    where: { accountId: ctx.actor.accountId },
    select: tokenSelect,
    orderBy: [{ revokedAt: { sort: "asc", nulls: "first" } }, { createdAt: "desc" }],
  });
}

/**
 * Creates a token. The secret is returned exactly once; only its hash is stored.
 * A token may do at most what its caller may do right now (docs/security-auth.md): its role is not above the
 * caller's, and its permissions (role ∩ scopes) are a subset of the caller's — for a token calling, its own role
 * ∩ scopes, so a token scoped to `tokens.manage` can only mint tokens scoped to `tokens.manage`.
 */
export async function createToken(ctx: ServiceContext, input: CreateTokenInput, explicitSecret?: string) {
  // The new token acts on behalf of this member; without one it would never resolve (server/auth/sessions.ts).
  const createdById = actorUserId(ctx.actor);
  if (!createdById) throw new AppError("BAD_REQUEST", "API tokens are created on behalf of a member of the account.");
  if (roleRank(input.role) > roleRank(ctx.actor.role)) {
    throw new AppError("FORBIDDEN", `You cannot create a token with role ${input.role}, above your own role ${ctx.actor.role}.`, {
      fieldErrors: { role: "Above your own role" },
    });
  }
  const outside = input.scopes.filter((scope) => !roleHas(input.role as Role, scope));
  if (outside.length > 0) {
    throw new AppError("BAD_REQUEST", `Scopes not granted by role ${input.role}: ${outside.join(", ")}`, {
      fieldErrors: { scopes: `Not part of role ${input.role}: ${outside.join(", ")}` },
    });
  }
  const callerMay = actorPermissions(ctx.actor);
  const beyondCaller = [...grantedPermissions(input.role, input.scopes)].filter((permission) => !callerMay.has(permission));
  if (beyondCaller.length > 0) {
    const unscoped = input.scopes.length === 0;
    throw new AppError(
      "FORBIDDEN",
      `A token cannot be given more than you may do yourself. ${unscoped ? `An unscoped ${input.role} token` : "These scopes"} would grant: ${beyondCaller.join(", ")}.`,
      { fieldErrors: { scopes: unscoped ? "Choose scopes within your own permissions" : `Beyond your own permissions: ${beyondCaller.join(", ")}` } },
    );
  }
  const secret = explicitSecret ?? newApiToken();
  const now = ctx.now();
  const expiresAt = input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null;
  return runInTransaction(ctx, async (tx) => {
    const token = await tx.apiToken.create({
      data: {
        accountId: ctx.actor.accountId,
        name: input.name,
        tokenHash: sha256Hex(secret),
        prefix: secret.slice(0, 8),
        role: input.role,
        scopes: input.scopes as Permission[],
        createdById,
        createdAt: now,
        expiresAt,
      },
      select: tokenSelect,
    });
    await recordAudit(tx, ctx, {
      action: "api_token.created",
      targetType: "api_token",
      targetId: token.id,
      targetLabel: token.name,
      after: { role: token.role, scopes: token.scopes, expiresAt },
    });
    return { token, secret };
  });
}

export async function revokeToken(ctx: ServiceContext, input: z.infer<typeof revokeTokenInput>) {
  return runInTransaction(ctx, async (tx) => {
    const now = ctx.now();
    // Compare-and-set: only an unrevoked token of this account is revoked, and only once.
    const updated = await tx.apiToken.updateMany({
      where: { id: input.id, accountId: ctx.actor.accountId, revokedAt: null },
      data: { revokedAt: now },
    });
    const token = await tx.apiToken.findFirst({ where: { id: input.id, accountId: ctx.actor.accountId }, select: tokenSelect });
    if (!token) throw new AppError("NOT_FOUND", "API token not found.");
    if (updated.count === 0) throw new AppError("CONFLICT", `Token ${token.name} is already revoked.`);
    await recordAudit(tx, ctx, { action: "api_token.revoked", targetType: "api_token", targetId: token.id, targetLabel: token.name });
    return token;
  });
}
