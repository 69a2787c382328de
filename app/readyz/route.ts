import { isDraining } from "@/server/api/lifecycle";
import { checkReadiness } from "@/server/db/readiness";

/**
 * Readiness: the database answers within a second and the process is not shutting down (docs/deployment.md).
 * Unauthenticated; the body never says why (logs do).
 */
export const dynamic = "force-dynamic";

let lastLoggedReason: string | undefined;

export async function GET() {
  const result = isDraining() ? ({ ready: false, reason: "shutting down" } as const) : await checkReadiness();
  const headers = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" };
  if (result.ready) {
    lastLoggedReason = undefined;
    return new Response("ready\n", { headers });
  }
  if (result.reason !== lastLoggedReason) console.error(`/readyz: not ready: ${result.reason}`);
  lastLoggedReason = result.reason;
  return new Response("not ready\n", { status: 503, headers });
}
