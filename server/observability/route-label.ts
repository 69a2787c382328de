/**
 * Route labels for HTTP metrics and request logs. They name a route, never a URL: ids, names and query strings
 * stay out so the number of series stays bounded whatever clients send (docs/observability.md). The API adapters
 * set the precise label (REST route pattern, tRPC procedure path); these are what a request gets otherwise.
 */

/** A REST route's label: its pattern under /api/v1, e.g. `/api/v1/system/modules/{name}`. */
export function restRouteLabel(pattern: string): string {
  return `/api/v1${pattern}`;
}

/**
 * A tRPC request's label from the procedure paths it called. Only paths of real procedures reach here (the
 * caller checks them against the router), and a batch is one label, whatever it contains.
 */
export function trpcRouteLabel(knownPaths: readonly string[]): string {
  if (knownPaths.length === 1) return `/api/trpc/${knownPaths[0]}`;
  return knownPaths.length === 0 ? "/api/trpc/unmatched" : "/api/trpc/batch";
}

/** The label of a request no adapter labelled: a fixed prefix class, or `next` for pages and assets. */
export function fallbackRouteLabel(pathname: string): string {
  if (pathname === "/metrics" || pathname === "/healthz" || pathname === "/readyz" || pathname === "/api/mcp") return pathname;
  if (pathname.startsWith("/api/v1/")) return "/api/v1/unmatched";
  if (pathname.startsWith("/api/trpc/")) return "/api/trpc/unmatched";
  if (pathname.startsWith("/api/")) return "/api/unmatched";
  return "next";
}
