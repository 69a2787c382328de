import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Db } from "../../server/db/client";
import { createRestHandler } from "../../server/api/rest/handler";
import { restRoutes } from "../../server/api/rest/routes";

/**
 * Serves the REST dispatcher (the same function app/api/v1/[...path]/route.ts calls) over real HTTP on a free
 * loopback port, so tests exercise real requests: headers, bodies, status codes.
 */
export async function startRestServer(db: Db): Promise<{ baseUrl: string; close: () => Promise<void> }> {
  const handle = createRestHandler(restRoutes, { getDb: async () => db });
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const request = new Request(url, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: hasBody ? (req as unknown as ReadableStream) : undefined,
      // @ts-expect-error Node's fetch needs duplex for streamed bodies
      duplex: "half",
    });
    const prefix = "/api/v1/";
    const response = url.pathname.startsWith(prefix)
      ? await handle(request, url.pathname.slice(prefix.length))
      : new Response("not found", { status: 404 });
    res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api/v1`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
