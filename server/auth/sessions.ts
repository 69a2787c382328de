import type { Db } from "../db/client";
import type { Actor } from "./actor";
import type { Role } from "./permissions";
import { isPermission, lowerRole } from "./permissions";
import { API_TOKEN_PREFIX, randomSecret, sha256Hex } from "./secrets";

export const SESSION_COOKIE = "strata_session";
export const SESSION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
/** Sessions are extended when less than half their lifetime is left, so active operators stay signed in. */
const SESSION_RENEW_BELOW_MS = SESSION_TTL_MS / 2;

export interface CreatedSession {
  token: string;
  expiresAt: Date;
}

export async function createSession(
  db: Db,
  userId: string,
  activeAccountId: string,
  now: Date,
  userAgent?: string | null,
): Promise<CreatedSession> {
  const token = randomSecret(32);
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await db.session.create({
    data: { id: sha256Hex(token), userId, activeAccountId, expiresAt, createdAt: now, userAgent: userAgent?.slice(0, 300) ?? null },
  });
  return { token, expiresAt };
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.session.deleteMany({ where: { id: sha256Hex(token) } });
}

export interface ResolvedSession {
  actor: Extract<Actor, { kind: "user" }>;
  /** Set when the session was extended and the cookie must be re-sent. */
  renewedExpiresAt?: Date;
}

export async function resolveSessionToken(db: Db, token: string, now: Date): Promise<ResolvedSession | null> {
  if (!token || token.length > 100) return null;
  const id = sha256Hex(token);
  const session = await db.session.findUnique({
    where: { id },
    select: {
      id: true,
      expiresAt: true,
      activeAccountId: true,
      user: { select: { id: true, email: true, name: true } },
      activeAccount: { select: { slug: true } },
    },
  });
  if (!session) return null;
  if (session.expiresAt.getTime() <= now.getTime()) {
    await db.session.deleteMany({ where: { id } });
    return null;
  }
  const membership = await db.membership.findUnique({
    where: { userId_accountId: { userId: session.user.id, accountId: session.activeAccountId } },
    select: { role: true },
  });
  // Membership removed since sign-in: the session no longer grants anything.
  if (!membership) return null;
  let renewedExpiresAt: Date | undefined;
  if (session.expiresAt.getTime() - now.getTime() < SESSION_RENEW_BELOW_MS) {
    renewedExpiresAt = new Date(now.getTime() + SESSION_TTL_MS);
    await db.session.update({ where: { id }, data: { expiresAt: renewedExpiresAt } });
  }
  return {
    actor: {
      kind: "user",
      userId: session.user.id,
      email: session.user.email,
      name: session.user.name,
      accountId: session.activeAccountId,
      accountSlug: session.activeAccount.slug,
      role: membership.role as Role,
      sessionId: session.id,
    },
    renewedExpiresAt,
  };
}

export async function resolveApiToken(db: Db, token: string, now: Date): Promise<Extract<Actor, { kind: "token" }> | null> {
  if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) return null;
  const row = await db.apiToken.findUnique({
    where: { tokenHash: sha256Hex(token) },
    select: {
      id: true,
      name: true,
      role: true,
      scopes: true,
      revokedAt: true,
      expiresAt: true,
      lastUsedAt: true,
      createdById: true,
      accountId: true,
      account: { select: { slug: true } },
    },
  });
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= now.getTime())) return null;
  // A token acts on behalf of its creator, so it is capped by what the creator is in this account right now:
  // a demotion takes effect on the next request, and a creator who left (or was deleted) leaves a dead token.
  if (!row.createdById) return null;
  const creator = await db.membership.findUnique({
    where: { userId_accountId: { userId: row.createdById, accountId: row.accountId } },
    select: { role: true },
  });
  if (!creator) return null;
  // Write lastUsedAt at most once a minute: a busy CI token must not turn every read into a write.
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return {
    kind: "token",
    tokenId: row.id,
    tokenName: row.name,
    createdById: row.createdById,
    accountId: row.accountId,
    accountSlug: row.account.slug,
    role: lowerRole(row.role as Role, creator.role as Role),
    scopes: row.scopes.filter(isPermission),
  };
}

export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  return [
    `${SESSION_COOKIE}=${token}`,
    "Path=/",
    "HttpOnly",
    "SameSite=Lax",
    `Expires=${expiresAt.toUTCString()}`,
    ...(secure ? ["Secure"] : []),
  ].join("; ");
}

export function clearedSessionCookie(secure: boolean): string {
  return [`${SESSION_COOKIE}=`, "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=0", ...(secure ? ["Secure"] : [])].join("; ");
}

export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=");
  }
  return undefined;
}

export interface RequestAuth {
  actor: Actor | null;
  /** Set-Cookie header values the response must carry (session renewal). */
  setCookies: string[];
}

/** Resolves the caller of an HTTP request: a Bearer API token, else the session cookie. */
export async function authenticateRequest(db: Db, headers: Headers, now: Date, secureCookies: boolean): Promise<RequestAuth> {
  const authorization = headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    const actor = match?.[1] ? await resolveApiToken(db, match[1], now) : null;
    return { actor, setCookies: [] };
  }
  const token = readCookie(headers.get("cookie"), SESSION_COOKIE);
  if (!token) return { actor: null, setCookies: [] };
  const resolved = await resolveSessionToken(db, token, now);
  if (!resolved) return { actor: null, setCookies: [] };
  return {
    actor: resolved.actor,
    setCookies: resolved.renewedExpiresAt ? [sessionCookie(token, resolved.renewedExpiresAt, secureCookies)] : [],
  };
}
