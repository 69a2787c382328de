/** Liveness: the process answers HTTP. Unauthenticated and data-free, for supervisors and load balancers. */
export const dynamic = "force-dynamic";

export function GET() {
  return new Response("ok\n", { headers: { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" } });
}
