import { authenticateRequest, readCookie, SESSION_COOKIE } from "../auth/sessions";
import { getDb } from "../db/client";
import { getEnv } from "../env";
import type { TrpcContext } from "./trpc";

/** Set by the start script's HTTP server from the socket; any value a client sends is overwritten. */
export const PEER_ADDRESS_HEADER = "x-strata-peer-address";

export function clientIp(headers: Headers): string {
  // Behind a reverse proxy the first X-Forwarded-For hop is the client; direct connections have none.
  const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || headers.get("x-real-ip") || "local";
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
  };
}
