/**
 * POST /api/mcp: the MCP endpoint over streamable HTTP in stateless mode (docs/mcp.md). Each request is screened
 * like a REST request (bearer API token only, JSON only, body capped, NUL characters refused), then answered by a
 * fresh server and transport with a JSON response — except a fleet change that asks the user (elicitation), which
 * is answered on an event stream. The session id answered to `initialize` only records whether the client may be
 * asked (server/mcp/elicit.ts); answers to questions are handed to the waiting call through server/mcp/relay.ts.
 * GET (a standalone event stream) and DELETE (ending a session) have no meaning here: 405.
 */
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { authenticateRequest } from "../auth/sessions";
import { MAX_MANIFEST_BYTES } from "../contracts/modules";
import type { Db } from "../db/client";
import { AppError, HTTP_STATUS } from "../errors";
import { logSecurityEvent } from "../observability/security-log";
import { actorLogId, noteActor, requestIdOf } from "../observability/request-scope";
import { clientIp } from "../api/http-context";
import {
  API_RESPONSE_HEADERS,
  mediaType,
  readBodyCapped,
  screenInput,
  TRPC_MAX_BATCH,
} from "../api/transport";
import { serviceContext } from "../services/context";
import { isJSONRPCRequest } from "@modelcontextprotocol/sdk/types.js";
import { askThrough, cancelledCallOf, initializeOf, isResponse, newSessionId, relayOwner, sessionOf } from "./elicit";
import { elicitationRelay, type ElicitationRelay } from "./relay";
import { createMcpServer } from "./server";
import { mcpTools } from "./tools";

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
  /** Where elicitation answers meet the calls waiting for them; the process's relay unless a test brings its own. */
  relay?: ElicitationRelay;
}

const fleetChanges = new Set(mcpTools.filter((tool) => tool.impact !== undefined).map((tool) => tool.name));

/** A tools/call of a fleet change without `confirm: true`: the one request that may ask the user. */
function mayAskFor(message: unknown): boolean {
  if (!isJSONRPCRequest(message) || message.method !== "tools/call") return false;
  const params = message.params as { name?: unknown; arguments?: { confirm?: unknown } } | undefined;
  return typeof params?.name === "string" && fleetChanges.has(params.name) && params.arguments?.confirm !== true;
}

/**
 * The event stream of an asking call, passed through: `done` runs once it ends or the client goes away, and
 * `gone` aborts in the latter case, so a call still waiting for an answer stops waiting.
 */
function untilDone(body: ReadableStream<Uint8Array>, gone: AbortController, done: () => Promise<void>): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  let finished = false;
  const finish = () => {
    if (finished) return;
    finished = true;
    done().catch((error: unknown) => console.error("MCP server close failed:", error));
  };
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await reader.read();
      if (next.done) {
        controller.close();
        finish();
      } else {
        controller.enqueue(next.value);
      }
    },
    async cancel(reason) {
      gone.abort();
      await reader.cancel(reason);
      finish();
    },
  });
}

export function createMcpHandler(deps: McpDeps) {
  const relay = deps.relay ?? elicitationRelay;
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
      const messages: unknown[] = Array.isArray(body) ? body : [body];
      const session = sessionOf(request.headers);
      const owner = relayOwner(auth.actor);
      // Answers to this process's questions (elicitation) go to the call waiting for them; nobody else reads them.
      const answers = messages.filter(isResponse);
      for (const answer of answers) if (session) relay.answer(session.id, owner, answer);
      // A call the client gave up on asks no more: a late answer must not make the change.
      for (const message of messages) {
        const cancelled = cancelledCallOf(message);
        if (session && cancelled !== undefined) relay.cancel(session.id, owner, cancelled);
      }
      if (answers.length > 0 && answers.length === messages.length) return new Response(null, { status: 202, headers: API_RESPONSE_HEADERS });

      noteActor(request.headers, actorLogId(auth.actor));
      const ctx = serviceContext(db, auth.actor, now, { via: "mcp", requestId: requestIdOf(request.headers) });
      // A fleet change called without confirm: true by a client that may be asked: answered on an event stream,
      // so the question can go out before the result (docs/mcp.md, Confirmation).
      const asking = session?.mayAsk === true && messages.length === 1 && mayAskFor(messages[0]);
      const transport = new WebStandardStreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: !asking });
      const gone = new AbortController();
      const ask = asking && session ? askThrough(transport, relay, session, owner, AbortSignal.any([gone.signal, request.signal])) : undefined;
      const server = createMcpServer(ctx, { headers: request.headers, db, now, url: request.url }, ask);
      await server.connect(transport);
      let streaming = false;
      try {
        const response = await transport.handleRequest(request, { parsedBody: body });
        const out = new Headers(response.headers);
        for (const [name, value] of Object.entries(API_RESPONSE_HEADERS)) out.set(name, value);
        const capabilities = initializeOf(messages);
        if (capabilities && response.ok) out.set("Mcp-Session-Id", newSessionId(capabilities));
        if (asking && response.body && out.get("content-type")?.startsWith("text/event-stream")) {
          out.set("Cache-Control", "no-store, no-transform");
          streaming = true;
          return new Response(untilDone(response.body, gone, () => server.close()), { status: response.status, headers: out });
        }
        return new Response(await response.text(), { status: response.status, headers: out });
      } finally {
        if (!streaming) await server.close();
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
