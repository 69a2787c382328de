/**
 * POST /api/mcp: the MCP endpoint over streamable HTTP in stateless mode (docs/mcp.md). Each request is screened
 * like a REST request (bearer API token only, JSON only, body capped, NUL characters refused), then answered by a
 * fresh server and transport with a JSON response. GET (a standalone event stream) and DELETE (ending a session)
 * have no meaning without sessions: 405.
 */
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { authenticateRequest } from "../auth/sessions";
import { MAX_MANIFEST_BYTES } from "../contracts/modules";
import type { Db } from "../db/client";
import { AppError, HTTP_STATUS } from "../errors";
import { logSecurityEvent } from "../observability/security-log";
import { clientIp } from "../api/http-context";
import {
  API_RESPONSE_HEADERS,
  mediaType,
  readBodyCapped,
  screenInput,
  TRPC_MAX_BATCH,
} from "../api/transport";
import { serviceContext } from "../services/context";
import { createMcpServer } from "./server";

/** The largest tool input is a manifest to validate: REST's validate route takes the same 4 × 256 KiB. */
export const MCP_MAX_BODY_BYTES = 4 * MAX_MANIFEST_BYTES;
/** JSON-RPC messages in one request (the protocol's clients send one; the tRPC batch limit otherwise). */
export const MCP_MAX_BATCH = TRPC_MAX_BATCH;

const JSON_RPC_CODES: Partial<Record<string, number>> = { PAYLOAD_TOO_LARGE: -32600, BAD_REQUEST: -32600 };

/** A refusal before any JSON-RPC message was read: a JSON-RPC error body with the HTTP status of the AppError. */
function refusal(error: AppError, headers: Record<string, string> = {}): Response {
  const body = { jsonrpc: "2.0", id: null, error: { code: JSON_RPC_CODES[error.code] ?? -32000, message: error.message, data: { code: error.code } } };
  return Response.json(body, { status: HTTP_STATUS[error.code], headers: { ...API_RESPONSE_HEADERS, ...headers } });
}

export interface McpDeps {
  getDb: () => Promise<Db>;
  now?: () => Date;
}

export function createMcpHandler(deps: McpDeps) {
  return async function handle(request: Request): Promise<Response> {
    const now = deps.now ?? (() => new Date());
    if (request.method !== "POST") {
      const message = `Method ${request.method} is not allowed: this endpoint is stateless, POST only.`;
      return Response.json({ jsonrpc: "2.0", id: null, error: { code: -32000, message } }, { status: 405, headers: { ...API_RESPONSE_HEADERS, Allow: "POST" } });
    }
    try {
      const db = await deps.getDb();
      // Bearer API tokens only, as REST: a browser's cookies can never be replayed here.
      const headers = new Headers(request.headers);
      headers.delete("cookie");
      const auth = await authenticateRequest(db, headers, now(), false);
      if (!auth.actor) {
        const presented = /^bearer\s+\S/i.test(request.headers.get("authorization") ?? "");
        return refusal(new AppError("UNAUTHORIZED", "Missing or invalid bearer token."), {
          "WWW-Authenticate": presented ? 'Bearer realm="strata", error="invalid_token"' : 'Bearer realm="strata"',
        });
      }
      if (mediaType(request.headers) !== "application/json") {
        return refusal(new AppError("UNSUPPORTED_MEDIA_TYPE", "Content-Type must be application/json."));
      }
      const bytes = await readBodyCapped(request, MCP_MAX_BODY_BYTES);
      let body: unknown;
      try {
        body = JSON.parse(new TextDecoder("utf-8", { fatal: false }).decode(bytes));
      } catch {
        throw new AppError("BAD_REQUEST", "Request body is not valid JSON.");
      }
      if (Array.isArray(body) && body.length > MCP_MAX_BATCH) throw new AppError("BAD_REQUEST", `At most ${MCP_MAX_BATCH} messages per request.`);
      screenInput(body, "body");
      const ctx = serviceContext(db, auth.actor, now, "mcp");
      const server = createMcpServer(ctx, { headers: request.headers, db, now });
      const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
      await server.connect(transport);
      try {
        const response = await transport.handleRequest(request, { parsedBody: body });
        const out = new Headers(response.headers);
        for (const [name, value] of Object.entries(API_RESPONSE_HEADERS)) out.set(name, value);
        return new Response(await response.text(), { status: response.status, headers: out });
      } finally {
        await server.close();
      }
    } catch (caught) {
      if (caught instanceof AppError) {
        if (caught.code === "PAYLOAD_TOO_LARGE") {
          logSecurityEvent("body_too_large", { surface: "mcp", path: "/api/mcp", client: clientIp(request.headers) });
          // The unread rest of the body must not be parsed as the next request on a kept-alive connection.
          return refusal(caught, { Connection: "close" });
        }
        return refusal(caught);
      }
      console.error("MCP handler failed:", caught);
      return refusal(new AppError("INTERNAL", "Something went wrong on the server."));
    }
  };
}
