/**
 * Liveness and readiness probes, answered by the start script before Next sees the request: a load balancer checks
 * them every second on every replica, and they must answer promptly even when Next's routing is busy
 * (docs/deployment.md). Unauthenticated and data-free: the body never says why (logs do).
 *
 * - `/healthz`: the process answers HTTP.
 * - `/readyz`: the database answers within a second, the embedded database's disk is above its floor, and the
 *   process is not shutting down (server/api/lifecycle.ts).
 */
import { checkReadiness } from "../db/readiness";
import { isDraining } from "./lifecycle";

const HEADERS = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" };
let lastLoggedReason: string | undefined;

export async function answerHealthProbe(pathname: string): Promise<Response | null> {
  if (pathname === "/healthz") return new Response("ok\n", { headers: HEADERS });
  if (pathname !== "/readyz") return null;
  const result = isDraining() ? ({ ready: false, reason: "shutting down" } as const) : await checkReadiness();
  if (result.ready) {
    lastLoggedReason = undefined;
    return new Response("ready\n", { headers: HEADERS });
  }
  if (result.reason !== lastLoggedReason) console.error(`/readyz: not ready: ${result.reason}`);
  lastLoggedReason = result.reason;
  return new Response("not ready\n", { status: 503, headers: HEADERS });
}
