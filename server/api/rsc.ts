import "server-only";
import { dehydrate, QueryClient, type DehydratedState } from "@tanstack/react-query";
import { createTRPCOptionsProxy, type TRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import superjson from "superjson";
import { authenticateRequest, readCookie, SESSION_COOKIE } from "../auth/sessions";
import { getDb } from "../db/client";
import { demoAccountPresent } from "../services/auth";
import { clientIp, secureCookies } from "./http-context";
import { appRouter, createCaller, type AppRouter } from "./root";
import type { TrpcContext } from "./trpc";

/** The tRPC context of a server component's request, authenticated by its session cookie. */
async function getServerContext(): Promise<TrpcContext> {
  const requestHeaders = await headers();
  const db = await getDb();
  const now = () => new Date();
  const secure = secureCookies(requestHeaders);
  // Server components cannot set cookies; renewal happens on the next tRPC request from the browser.
  const auth = await authenticateRequest(db, requestHeaders, now(), secure);
  return {
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
  };
}

/** A tRPC caller for server components, authenticated by the request's session cookie. */
export async function getServerCaller() {
  const ctx = await getServerContext();
  return { actor: ctx.actor, caller: createCaller(ctx) };
}

/**
 * Server prefetch for a page's first paint (docs/ui.md, First paint): runs `prefetch` with the query options proxy
 * the client's `useTRPC()` mirrors — same query keys — bound to the request's session, and returns the cache
 * dehydrated for `<HydrationBoundary>`, its data superjson-serialized like the client's transport (the client's
 * QueryClient deserializes it). Only queries that succeeded are sent: a failed one (or no session, or anything
 * thrown here) leaves the client to fetch it as it did before, so a prefetch never breaks a page.
 */
export async function prefetchForHydration(
  prefetch: (trpc: TRPCOptionsProxy<AppRouter>, queryClient: QueryClient) => Array<Promise<void>>,
): Promise<DehydratedState | null> {
  try {
    const ctx = await getServerContext();
    if (!ctx.actor) return null;
    const queryClient = new QueryClient({
      defaultOptions: { queries: { retry: false }, dehydrate: { serializeData: superjson.serialize } },
    });
    const trpc = createTRPCOptionsProxy<AppRouter>({ router: appRouter, ctx, queryClient });
    await Promise.all(prefetch(trpc, queryClient));
    return dehydrate(queryClient);
  } catch (error) {
    console.error("server prefetch failed; the page fetches in the browser:", error);
    return null;
  }
}

/** Whether the demo accounts exist, so the sign-in page can say how to use them. */
export async function isDemoAccountPresent(): Promise<boolean> {
  return demoAccountPresent(await getDb());
}
