import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { AppError, isAppError } from "../errors";
import { logSecurityEvent, type SecurityEventKind } from "../observability/security-log";
import { clientIp, createHttpTrpcContext } from "./http-context";
import { appRouter } from "./root";
import { noteRoute } from "../observability/request-scope";
import { trpcRouteLabel } from "../observability/route-label";
import { toTRPCError, type ProcedureMeta } from "./trpc";
import {
  applyApiResponseHeaders,
  assertSameOrigin,
  assertWellFormedPath,
  mediaType,
  readBodyCapped,
  TRPC_MAX_BATCH,
  TRPC_MAX_BODY_BYTES,
} from "./transport";

export const TRPC_ENDPOINT = "/api/trpc";

/**
 * Checks a tRPC request before tRPC reads it: well-formed URL, JSON only, same-origin writes, a capped body.
 * Returns the request to hand to tRPC (with the body already read, so tRPC never reads an unbounded stream) and
 * the rejection, if any, which is raised from the context factory so tRPC formats it like any other error.
 */
async function screenRequest(req: Request): Promise<{ request: Request; rejection: AppError | null }> {
  const url = new URL(req.url);
  try {
    assertWellFormedPath(url.pathname);
    if (req.method !== "POST") return { request: req, rejection: null };
    assertSameOrigin(req.headers);
    // Mutations are JSON. Refusing form and octet-stream bodies closes the classic cross-site form post, and
    // tRPC's FormData parser would otherwise read a body of any size.
    if (mediaType(req.headers) !== "application/json") {
      throw new AppError("UNSUPPORTED_MEDIA_TYPE", "tRPC requests must be sent as application/json.");
    }
    const body = await readBodyCapped(req, TRPC_MAX_BODY_BYTES);
    const headers = new Headers(req.headers);
    headers.delete("transfer-encoding");
    headers.set("content-length", String(body.byteLength));
    return { request: new Request(url, { method: "POST", headers, body }), rejection: null };
  } catch (error) {
    if (!isAppError(error)) throw error;
    logRefusal(req, error);
    // A bodiless JSON request in place of the rejected one: tRPC parses nothing before the context fails.
    const headers = new Headers(req.headers);
    headers.set("content-type", "application/json");
    headers.delete("content-length");
    headers.delete("transfer-encoding");
    const request = new Request(url, { method: req.method === "GET" ? "GET" : "POST", headers, body: req.method === "GET" ? undefined : "{}" });
    return { request, rejection: error };
  }
}

const REFUSAL_KIND: Partial<Record<AppError["code"], SecurityEventKind>> = {
  PAYLOAD_TOO_LARGE: "body_too_large",
  FORBIDDEN: "cross_site_write",
  UNSUPPORTED_MEDIA_TYPE: "unsupported_media_type",
  BAD_REQUEST: "malformed_url",
};

function logRefusal(req: Request, error: AppError, kind = REFUSAL_KIND[error.code]): void {
  if (!kind) return;
  logSecurityEvent(kind, {
    surface: "trpc",
    path: new URL(req.url).pathname.slice(0, 200),
    client: clientIp(req.headers),
    origin: req.headers.get("origin")?.slice(0, 200),
  });
}

function procedureMeta(path: string): ProcedureMeta | undefined {
  // tRPC keeps a flat path → procedure record at run time; its static type is the nested router shape.
  const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { meta?: ProcedureMeta } } | undefined>;
  // Own keys only: a path such as "constructor" names no procedure (and would otherwise reach Object.prototype).
  return Object.hasOwn(procedures, path) ? procedures[path]?._def.meta : undefined;
}

/** The procedures a request names that exist: the route label must not grow with what clients invent. */
function calledProcedures(url: string): string[] {
  const { pathname } = new URL(url);
  if (!pathname.startsWith(`${TRPC_ENDPOINT}/`)) return [];
  return pathname
    .slice(TRPC_ENDPOINT.length + 1)
    .split(",")
    .filter((path) => procedureMeta(path) !== undefined);
}

/** The tRPC endpoint: what app/api/trpc/[trpc]/route.ts serves, and what transport tests call over real HTTP. */
export async function handleTrpcRequest(req: Request): Promise<Response> {
  let screened: Awaited<ReturnType<typeof screenRequest>>;
  try {
    screened = await screenRequest(req);
  } catch (error) {
    console.error("tRPC request screening failed:", error);
    return new Response(null, { status: 500, headers: { "Cache-Control": "no-store" } });
  }
  const { request, rejection } = screened;
  noteRoute(req.headers, trpcRouteLabel(calledProcedures(req.url)));
  const response = await fetchRequestHandler({
    endpoint: TRPC_ENDPOINT,
    req: request,
    router: appRouter,
    createContext: ({ resHeaders, info }) => {
      if (rejection) throw toTRPCError(rejection);
      // Checked here rather than with tRPC's maxBatchSize so the client gets a message that says what to do.
      if (info.calls.length > TRPC_MAX_BATCH) {
        const refusal = new AppError("BAD_REQUEST", `At most ${TRPC_MAX_BATCH} calls are accepted in one batch.`);
        logRefusal(request, refusal, "batch_refused");
        throw toTRPCError(refusal);
      }
      // A rate-limited procedure (sign-in) inside a batch would multiply its cost per request.
      if (info.calls.length > 1 && info.calls.some((call) => procedureMeta(call.path)?.rateLimited)) {
        const refusal = new AppError("BAD_REQUEST", "Sign-in and other rate-limited calls cannot be batched.");
        logRefusal(request, refusal, "batch_refused");
        throw toTRPCError(refusal);
      }
      return createHttpTrpcContext(request, resHeaders);
    },
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"} failed:`, error.cause ?? error);
    },
  });
  const headers = new Headers(response.headers);
  applyApiResponseHeaders(headers);
  // The unread rest of a refused body must not be parsed as the next request on a kept-alive connection.
  if (rejection?.code === "PAYLOAD_TOO_LARGE") headers.set("Connection", "close");
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
