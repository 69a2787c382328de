import { NextResponse, type NextRequest } from "next/server";
import { contentSecurityPolicy, newNonce, STRICT_TRANSPORT_SECURITY } from "@/server/api/csp";

/**
 * Runs before every page: a per-request CSP nonce (Next reads it from the request's Content-Security-Policy
 * header and puts it on its scripts; the root layout passes it to the theme script), HSTS over https, and the
 * requested path for server components (layouts cannot read the URL), so a sign-in redirect can return the
 * operator to exactly where they were.
 */
export function proxy(request: NextRequest) {
  const nonce = newNonce();
  const policy = contentSecurityPolicy(nonce, { dev: process.env.NODE_ENV === "development" });
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", policy);
  headers.set("x-strata-path", request.nextUrl.pathname + request.nextUrl.search);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  const https = request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https" || process.env.STRATA_SECURE_COOKIES === "1";
  if (https) response.headers.set("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY);
  return response;
}

// Pages only: API routes answer JSON (their headers are set by the handlers) and static files are immutable.
export const config = {
  matcher: [{ source: "/((?!api/|_next/static|_next/image|icon.svg|robots.txt|healthz|readyz).*)" }],
};
