/**
 * Confirmation by elicitation on a stateless endpoint (docs/mcp.md, Confirmation). A client's capabilities arrive
 * only with `initialize`, so the answer to it carries an `Mcp-Session-Id` that records them: `<random>.ask` when
 * the client declared form-mode elicitation, `<random>.plain` otherwise. The client echoes it on every later
 * request, and the fresh server of that request reads whether it may ask. The id carries no authority (every
 * request is authenticated by its bearer token); a client that alters the suffix only picks the other path.
 *
 * Asking: the tool call's answer is an event stream; the server sends `elicitation/create` on it, registers the wait
 * in the relay (server/mcp/relay.ts) and the client's answer, a separate POST, is handed over there.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { getSupportedElicitationModes } from "@modelcontextprotocol/sdk/client/index.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import {
  CancelledNotificationSchema,
  ElicitResultSchema,
  isInitializeRequest,
  isJSONRPCErrorResponse,
  isJSONRPCResultResponse,
  type ClientCapabilities,
  type JSONRPCMessage,
  type RequestId,
} from "@modelcontextprotocol/sdk/types.js";
import type { Actor } from "../auth/actor";
import type { FleetImpact } from "../services/fleet-impact";
import type { ElicitationRelay, RelayedResponse } from "./relay";

const SESSION_ID = /^[A-Za-z0-9_-]{16,64}\.(ask|plain)$/;

export interface McpSession {
  id: string;
  /** The client declared form-mode elicitation when it initialized. */
  mayAsk: boolean;
}

/** The session id answered to `initialize`: random, with what the client declared. */
export function newSessionId(capabilities: ClientCapabilities | undefined): string {
  const { supportsFormMode } = getSupportedElicitationModes(capabilities?.elicitation);
  return `${randomBytes(18).toString("base64url")}.${supportsFormMode ? "ask" : "plain"}`;
}

/** The session a request belongs to, from its `Mcp-Session-Id` header; undefined when absent or malformed. */
export function sessionOf(headers: Headers): McpSession | undefined {
  const id = headers.get("mcp-session-id");
  const match = id ? SESSION_ID.exec(id) : null;
  return match && id ? { id, mayAsk: match[1] === "ask" } : undefined;
}

/** The initialize request among the messages, if any (its capabilities decide the session id). */
export function initializeOf(messages: readonly unknown[]): ClientCapabilities | undefined {
  const init = messages.find(isInitializeRequest);
  return init ? init.params.capabilities : undefined;
}

export function isResponse(message: unknown): message is RelayedResponse {
  return isJSONRPCResultResponse(message) || isJSONRPCErrorResponse(message);
}

/** The id of the request a `notifications/cancelled` cancels, if the message is one. */
export function cancelledCallOf(message: unknown): RequestId | undefined {
  const parsed = CancelledNotificationSchema.safeParse(message);
  return parsed.success ? parsed.data.params.requestId : undefined;
}

/** Who may answer a question: the same actor (token or user) that caused it, in the same account. */
export function relayOwner(actor: Actor): string {
  const who = actor.kind === "token" ? `token:${actor.tokenId}` : actor.kind === "user" ? `user:${actor.userId}` : `system:${actor.label}`;
  return `${actor.accountId}/${who}`;
}

/** How asking ended: the user's choice, no answer in time, the client went away, or the relay could not take it. */
export type AskOutcome = "confirmed" | "declined" | "cancelled" | "timeout" | "aborted" | "unavailable";

/** Asks the user to confirm a fleet change; bound to one tool call's request. */
export type Ask = (toolName: string, impact: FleetImpact, call: { requestId: RequestId; signal: AbortSignal }) => Promise<AskOutcome>;

export function confirmationMessage(toolName: string, impact: FleetImpact): string {
  return `${toolName} changes what the fleet runs. ${impact.summary} Make this change?`;
}

const REQUESTED_SCHEMA = {
  type: "object",
  properties: {
    confirm: { type: "boolean", title: "Make this change", description: "Yes to apply the change now; no changes nothing.", default: false },
  },
  required: ["confirm"],
} as const;

/**
 * The `Ask` of one request from a client that may be asked: the question goes out on the request's own event
 * stream (`transport`), the answer comes back through `relay`. `signal` aborts when the client goes away.
 */
export function askThrough(transport: Transport, relay: ElicitationRelay, session: McpSession, owner: string, signal: AbortSignal): Ask {
  return async (toolName, impact, call) => {
    const id = `strata-confirm-${randomUUID()}`;
    const failed = new AbortController();
    const waiting = relay.wait(session.id, id, owner, AbortSignal.any([signal, call.signal, failed.signal]), call.requestId);
    if (!waiting) return "unavailable";
    const question: JSONRPCMessage = {
      jsonrpc: "2.0",
      id,
      method: "elicitation/create",
      params: { mode: "form", message: confirmationMessage(toolName, impact), requestedSchema: REQUESTED_SCHEMA },
    };
    try {
      await transport.send(question, { relatedRequestId: call.requestId });
    } catch {
      failed.abort();
      await waiting;
      return "aborted";
    }
    const outcome = await waiting;
    if (outcome.kind !== "answered") return outcome.kind;
    if (!isJSONRPCResultResponse(outcome.response)) return "cancelled";
    const result = ElicitResultSchema.safeParse(outcome.response.result);
    if (!result.success) return "cancelled";
    if (result.data.action === "accept") return result.data.content?.confirm === true ? "confirmed" : "declined";
    return result.data.action === "decline" ? "declined" : "cancelled";
  };
}
