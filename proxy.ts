import { NextResponse, type NextRequest } from "next/server";

/**
 * Passes the requested path to server components (layouts cannot read the URL), so a sign-in redirect can
 * return the operator to exactly where they were.
 */
export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.set("x-strata-path", request.nextUrl.pathname + request.nextUrl.search);
  return NextResponse.next({ request: { headers } });
}

export const config = { matcher: ["/app/:path*"] };
