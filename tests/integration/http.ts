import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Db } from "../../server/db/client";
import { setProcessDatabase } from "../../server/db/client";
import { appendPeerAddress } from "../../server/api/client-address";
import { createRestHandler } from "../../server/api/rest/handler";
import { restRoutes } from "../../server/api/rest/routes";
import { toFetchRequest, writeFetchResponse } from "../../server/api/node-http";
import { createMcpHandler } from "../../server/mcp/http";
import type { ElicitationRelay } from "../../server/mcp/relay";
import { observeRequest, serveMetrics } from "../../server/observability/http";

/**
 * Serves the REST dispatcher (the same function app/api/v1/[...path]/route.ts calls) over real HTTP on a free
 * loopback port, so tests exercise real requests: headers, bodies, status codes.
 */
export async function startRestServer(db: Db): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  const handle = createRestHandler(restRoutes, { getDb: async () => db });
  const server = http.createServer(serveAsync(async (req, res) => {
    const request = toFetchRequest(req);
    const prefix = "/api/v1/";
    const { pathname } = new URL(request.url);
    const response = pathname.startsWith(prefix) ? await handle(request, pathname.slice(prefix.length)) : new Response("not found", { status: 404 });
    await writeFetchResponse(res, response);
  }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api/v1`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Serves the MCP endpoint (the handler app/api/mcp/route.ts exports) over real HTTP on a free loopback port, for
 * the SDK's own client and for raw requests. `now` injects the services' clock; `relay`, where elicitation answers
 * meet their waiting calls (the process's relay otherwise).
 */
export async function startMcpServer(db: Db, now?: () => Date, relay?: ElicitationRelay): Promise<{ url: string; close: () => Promise<void> }> {
  const handle = createMcpHandler({ getDb: async () => db, ...(now ? { now } : {}), ...(relay ? { relay } : {}) });
  const server = http.createServer(serveAsync(async (req, res) => {
    const request = toFetchRequest(req);
    const response = new URL(request.url).pathname === "/api/mcp" ? await handle(request) : new Response("not found", { status: 404 });
    await writeFetchResponse(res, response);
  }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/mcp`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/**
 * Serves the app's real tRPC route handler (app/api/trpc/[trpc]/route.ts) over HTTP the way scripts/start.ts
 * serves Next: the socket address is appended to X-Forwarded-For before the handler runs. Makes `db` the
 * process database, as the start script does.
 */
export async function startTrpcServer(db: Db): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  setProcessDatabase({ prisma: db, close: async () => {} });
  const route = await import("../../app/api/trpc/[trpc]/route");
  const server = http.createServer(serveAsync(async (req, res) => {
    appendPeerAddress(req);
    const request = toFetchRequest(req);
    const response = new URL(request.url).pathname.startsWith("/api/trpc/")
      ? await (req.method === "GET" ? route.GET : route.POST)(request)
      : new Response("not found", { status: 404 });
    await writeFetchResponse(res, response);
  }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api/trpc`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Serves REST, tRPC, MCP and /metrics behind the node layer scripts/start.ts runs (server/observability/http.ts):
 * request ids, request log lines and HTTP metrics, so tests see what a scrape of the real server sees.
 * `metricsToken` plays STRATA_METRICS_TOKEN (unset: /metrics answers 404).
 */
export async function startObservedServer(db: Db, options: { metricsToken?: string } = {}): Promise<{ origin: string; close: () => Promise<void> }> {
  setProcessDatabase({ prisma: db, close: async () => {} });
  const rest = createRestHandler(restRoutes, { getDb: async () => db });
  const mcp = createMcpHandler({ getDb: async () => db });
  const trpc = await import("../../app/api/trpc/[trpc]/route");
  const server = http.createServer((req, res) => {
    observeRequest(req, res);
    if (serveMetrics(req, res, options.metricsToken)) return;
    appendPeerAddress(req);
    const request = toFetchRequest(req);
    const { pathname } = new URL(request.url);
    const answer = pathname.startsWith("/api/v1/")
      ? rest(request, pathname.slice("/api/v1/".length))
      : pathname.startsWith("/api/trpc/")
        ? (req.method === "GET" ? trpc.GET : trpc.POST)(request)
        : pathname === "/api/mcp"
          ? mcp(request)
          : Promise.resolve(new Response("not found", { status: 404 }));
    void answer.then((response) => writeFetchResponse(res, response));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/**
 * A JSON POST over a real socket from a chosen loopback address (any 127.x.y.z on Linux), so tests can play
 * several clients; `fetch` cannot choose its source address.
 */
export function postFrom(
  url: string,
  body: unknown,
  options: { localAddress?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: unknown }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: "POST",
        localAddress: options.localAddress,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(payload), ...options.headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text ? (JSON.parse(text) as unknown) : null });
        });
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(payload);
  });
}

/**
 * Node's server ignores what a request listener returns; this says so instead of handing it a promise. A failing
 * handler still surfaces as an unhandled rejection, which fails the test run, as before.
 */
function serveAsync(handler: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>): http.RequestListener {
  return (req, res) => void handler(req, res);
}
