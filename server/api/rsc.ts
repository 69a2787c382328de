import "server-only";
import { headers } from "next/headers";
import { authenticateRequest, readCookie, SESSION_COOKIE } from "../auth/sessions";
import { getDb } from "../db/client";
import { demoAccountPresent } from "../services/auth";
import { clientIp, secureCookies } from "./http-context";
import { createCaller } from "./root";

/** A tRPC caller for server components, authenticated by the request's session cookie. */
export async function getServerCaller() {
  const requestHeaders = await headers();
  const db = await getDb();
  const now = () => new Date();
  const secure = secureCookies(requestHeaders);
  // Server components cannot set cookies; renewal happens on the next tRPC request from the browser.
  const auth = await authenticateRequest(db, requestHeaders, now(), secure);
  return {
    actor: auth.actor,
    caller: createCaller({
      db,
      actor: auth.actor,
      now,
      request: {
        ip: clientIp(requestHeaders),
        userAgent: requestHeaders.get("user-agent"),
        sessionToken: readCookie(requestHeaders.get("cookie"), SESSION_COOKIE) ?? null,
        secureCookies: secure,
      },
      resHeaders: new Headers(),
    }),
  };
}

/** Whether the demo accounts exist, so the sign-in page can say how to use them. */
export async function isDemoAccountPresent(): Promise<boolean> {
  return demoAccountPresent(await getDb());
}
