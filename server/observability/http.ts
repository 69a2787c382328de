import { createHash, timingSafeEqual } from "node:crypto";
import type http from "node:http";
import { logger } from "./log";
import { METRICS_CONTENT_TYPE, recordHttpRequest, renderMetrics } from "./metrics";
import { closeRequestScope, openRequestScope, type RequestScope } from "./request-scope";
import { fallbackRouteLabel } from "./route-label";

/**
 * The node HTTP layer's part in observability (docs/observability.md), shared by scripts/start.ts and the
 * integration tests' servers so both run the same code: a request id per request, echoed in X-Request-Id and
 * handed inward through the request's own header, and one log line plus the HTTP metrics when the response ends.
 */
export function observeRequest(req: http.IncomingMessage, res: http.ServerResponse): RequestScope {
  const started = process.hrtime.bigint();
  const incoming = req.headers["x-request-id"];
  const scope = openRequestScope(typeof incoming === "string" ? incoming : undefined);
  // Handlers behind this layer (Next's route handlers included) read the vetted id from the request itself.
  req.headers["x-request-id"] = scope.requestId;
  res.setHeader("X-Request-Id", scope.requestId);
  res.once("close", () => {
    closeRequestScope(scope);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const route = scope.route ?? fallbackRouteLabel(pathOf(req.url));
    // A client that left before the answer was written: nginx's convention, so it is not counted as a 200.
    const status = res.writableFinished ? res.statusCode : 499;
    recordHttpRequest(req.method, route, status, seconds);
    // The load balancer probes every replica every few seconds: those lines only matter when they fail.
    const quiet = (route === "/healthz" || route === "/readyz") && status < 400;
    logger[quiet ? "debug" : "info"](
      {
        requestId: scope.requestId,
        method: req.method,
        route,
        status,
        durationMs: Math.round(seconds * 1e6) / 1e3,
        ...(scope.actorId ? { actorId: scope.actorId } : {}),
      },
      "request",
    );
  });
  return scope;
}

function pathOf(url: string | undefined): string {
  const raw = url ?? "/";
  const end = raw.search(/[?#]/);
  return end === -1 ? raw : raw.slice(0, end);
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

/**
 * Answers GET /metrics when the request is for it (returns true), else leaves the request alone. `token` is
 * STRATA_METRICS_TOKEN: unset, the endpoint does not exist (404); set, only `Authorization: Bearer <token>` reads.
 */
export function serveMetrics(req: http.IncomingMessage, res: http.ServerResponse, token: string | undefined): boolean {
  if (pathOf(req.url) !== "/metrics") return false;
  const plain = { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" };
  if (!token) {
    res.writeHead(404, plain).end("Not found.\n");
    return true;
  }
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "")?.[1];
  // Hashes first: equal lengths for timingSafeEqual, and no early exit on a length mismatch.
  if (!presented || !timingSafeEqual(digest(presented), digest(token))) {
    res.writeHead(401, { ...plain, "WWW-Authenticate": 'Bearer realm="strata-metrics"' }).end("A valid metrics bearer token is required.\n");
    return true;
  }
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { ...plain, Allow: "GET, HEAD" }).end("Method not allowed.\n");
    return true;
  }
  renderMetrics().then(
    (text) => {
      res.writeHead(200, { "Content-Type": METRICS_CONTENT_TYPE, "Cache-Control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : text);
    },
    (error: unknown) => {
      logger.error({ err: error }, "metrics collection failed");
      if (!res.headersSent) res.writeHead(500, plain);
      res.end();
    },
  );
  return true;
}
