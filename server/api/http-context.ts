import { authenticateRequest, readCookie, SESSION_COOKIE } from "../auth/sessions";
import { getDb } from "../db/client";
import { getEnv } from "../env";
import { clientAddressFrom, parseTrustedProxies, type TrustedProxies } from "./client-address";
import type { TrpcContext } from "./trpc";
import { actorLogId, noteActor, requestIdOf } from "../observability/request-scope";

/** Parsed once per process (the env is validated, so this cannot throw); re-parsed only if the setting changes. */
let trustedProxies: { spec: string | undefined; parsed: TrustedProxies } | undefined;

function currentTrustedProxies(): TrustedProxies {
  const spec = getEnv().STRATA_TRUSTED_PROXIES;
  if (trustedProxies && trustedProxies.spec === spec) return trustedProxies.parsed;
  const parsed = parseTrustedProxies(spec);
  trustedProxies = { spec, parsed };
  return parsed;
}

/**
 * The client's address: the rightmost X-Forwarded-For hop (written by Strata's own server), or further left only
 * through proxies listed in STRATA_TRUSTED_PROXIES. Never the leftmost hop, which anyone can write.
 */
export function clientIp(headers: Headers): string {
  return clientAddressFrom(headers.get("x-forwarded-for"), currentTrustedProxies());
}

export function secureCookies(headers: Headers): boolean {
  const setting = getEnv().STRATA_SECURE_COOKIES;
  if (setting) return setting === "1";
  return headers.get("x-forwarded-proto") === "https";
}

/** tRPC context for browser requests: the session cookie (or a bearer token) → actor. */
export async function createHttpTrpcContext(req: Request, resHeaders: Headers): Promise<TrpcContext> {
  const db = await getDb();
  const now = () => new Date();
  const secure = secureCookies(req.headers);
  const auth = await authenticateRequest(db, req.headers, now(), secure);
  for (const cookie of auth.setCookies) resHeaders.append("Set-Cookie", cookie);
  if (auth.actor) noteActor(req.headers, actorLogId(auth.actor));
  const requestId = requestIdOf(req.headers);
  return {
    db,
    actor: auth.actor,
    now,
    request: {
      ip: clientIp(req.headers),
      userAgent: req.headers.get("user-agent"),
      sessionToken: readCookie(req.headers.get("cookie"), SESSION_COOKIE) ?? null,
      secureCookies: secure,
    },
    resHeaders,
    ...(requestId ? { requestId } : {}),
  };
}
