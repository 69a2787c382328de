/**
 * The in-process relay for elicitation answers (docs/mcp.md, Confirmation). The endpoint is stateless: the tool
 * call that asks the user waits on its own request's event stream, while the client's answer arrives as a separate
 * POST served by another, fresh server. The waiting call registers here under the client's session id and the
 * JSON-RPC id of the request it sent; the answering request hands the response over. Entries are bounded in
 * number, expire, and are removed on completion, abort, or the client cancelling the call. An answer nobody waits for (unknown, expired, another
 * session's or another actor's) is ignored.
 *
 * The relay lives in one process: with several replicas the answer must reach the replica that asked (sticky by
 * `Mcp-Session-Id`), or the call ends as unanswered and the client falls back to `confirm: true`.
 */
import type { JSONRPCErrorResponse, JSONRPCResultResponse } from "@modelcontextprotocol/sdk/types.js";

export type RelayedResponse = JSONRPCResultResponse | JSONRPCErrorResponse;

/** How a wait ended: the client's response, or why there is none. */
export type RelayOutcome = { kind: "answered"; response: RelayedResponse } | { kind: "timeout" } | { kind: "aborted" };

export interface RelayOptions {
  /** How long a tool call waits for the user's answer. */
  timeoutMs: number;
  /** Waiting calls at most; beyond it `wait` refuses and the caller falls back to `confirm: true`. */
  maxPending: number;
}

interface Pending {
  sessionId: string;
  owner: string;
  /** The JSON-RPC id of the client's request (the tool call) that asked. */
  callId: string | number | undefined;
  settle: (outcome: RelayOutcome) => void;
}

export const ELICITATION_TIMEOUT_MS = 5 * 60_000;
export const ELICITATION_MAX_PENDING = 1000;

export class ElicitationRelay {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly options: RelayOptions) {}

  /** Waiting calls right now. */
  get size(): number {
    return this.pending.size;
  }

  private static key(sessionId: string, requestId: string | number): string {
    return `${sessionId}\u0000${typeof requestId}:${String(requestId)}`;
  }

  /**
   * Registers a wait for the response to request `requestId` of session `sessionId`, answerable only by `owner`
   * (the same actor). Returns undefined when the relay is full or the key is taken; the caller must then not ask.
   * Register before sending the request, so an answer cannot arrive before its waiter.
   */
  wait(sessionId: string, requestId: string | number, owner: string, signal?: AbortSignal, callId?: string | number): Promise<RelayOutcome> | undefined {
    const key = ElicitationRelay.key(sessionId, requestId);
    if (this.pending.size >= this.options.maxPending || this.pending.has(key) || signal?.aborted) return undefined;
    return new Promise<RelayOutcome>((resolve) => {
      const finish = (outcome: RelayOutcome) => {
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        if (this.pending.get(key) === entry) this.pending.delete(key);
        resolve(outcome);
      };
      const onAbort = () => finish({ kind: "aborted" });
      const timer = setTimeout(() => finish({ kind: "timeout" }), this.options.timeoutMs);
      const entry: Pending = { sessionId, owner, callId, settle: finish };
      this.pending.set(key, entry);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Hands a client's response to the call waiting for it. False (and nothing happens) when none waits. */
  answer(sessionId: string, owner: string, response: RelayedResponse): boolean {
    if (response.id === undefined) return false;
    const entry = this.pending.get(ElicitationRelay.key(sessionId, response.id));
    if (!entry || entry.owner !== owner) return false;
    entry.settle({ kind: "answered", response });
    return true;
  }

  /**
   * The client cancelled its call `callId` (`notifications/cancelled`): its open questions end as aborted, so a late
   * answer cannot make a change the client no longer waits for. Returns how many waits ended.
   */
  cancel(sessionId: string, owner: string, callId: string | number): number {
    let ended = 0;
    for (const entry of [...this.pending.values()]) {
      if (entry.sessionId === sessionId && entry.owner === owner && entry.callId === callId) {
        entry.settle({ kind: "aborted" });
        ended += 1;
      }
    }
    return ended;
  }
}

/** The process's relay: every request of every session in this process shares it. */
export const elicitationRelay = new ElicitationRelay({ timeoutMs: ELICITATION_TIMEOUT_MS, maxPending: ELICITATION_MAX_PENDING });
