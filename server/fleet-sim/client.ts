/**
 * The agent API over HTTP (docs/fleet.md has the contract, docs/fleet-sim.md how the simulator uses it): the
 * simulator talks to Strata exactly as a node agent on another machine would.
 *
 * The default transport is Node's own `http`/`https` client with keep-alive, not `fetch`: on these machines
 * `fetch` tops out at a fifth of the calls per second `http.request` manages (docs/fleet-sim.md, "The benchmark"),
 * and a load generator slower than the server measures itself. `fetch` (or a fake) can still be passed in.
 */
import http from "node:http";
import https from "node:https";
import type { DesiredStateBody, HeartbeatBody } from "./convergence";

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export interface HttpRequest {
  method: "GET" | "POST";
  url: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  timeoutMs: number;
}

export interface HttpReply {
  status: number;
  etag: string | null;
  text: string;
}

/** Sends one request; rejects with an Error whose name is "TimeoutError" or "AbortError", or a network error. */
export interface Transport {
  send: (request: HttpRequest) => Promise<HttpReply>;
  /** Closes idle keep-alive connections (the fleet calls it when it stops). */
  close: () => void;
}

function namedError(name: "TimeoutError" | "AbortError", message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

export function fetchTransport(fetchImpl: FetchLike = (input, init) => fetch(input, init)): Transport {
  return {
    send: async ({ method, url, headers, body, signal, timeoutMs }) => {
      const timeout = AbortSignal.timeout(timeoutMs);
      const response = await fetchImpl(url, { method, headers, ...(body === undefined ? {} : { body }), signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
      // The body is read inside the timing: a reply is complete when its last byte arrived.
      const text = response.status === 304 ? "" : await response.text();
      return { status: response.status, etag: response.headers.get("etag"), text };
    },
    close: () => {},
  };
}

/**
 * Node's http client with one keep-alive pool of at most `maxSockets` connections. Idle connections are closed
 * after 4 s, before a Node server's default 5 s keep-alive timeout can close one under a request; a request that
 * still meets a connection closed under it is retried once on a fresh one, as Node's documentation advises.
 */
export function nodeHttpTransport(options: { maxSockets?: number } = {}): Transport {
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 256, timeout: 4_000 };
  const agents = { http: new http.Agent(agentOptions), https: new https.Agent(agentOptions) };

  const once = (request: HttpRequest): Promise<HttpReply & { retry?: boolean }> =>
    new Promise((resolve, reject) => {
      const url = new URL(request.url);
      const secure = url.protocol === "https:";
      const headers: Record<string, string | number> = { ...request.headers };
      if (request.body !== undefined) headers["content-length"] = Buffer.byteLength(request.body);
      const req = (secure ? https : http).request(url, {
        method: request.method,
        headers,
        agent: secure ? agents.https : agents.http,
        timeout: request.timeoutMs,
        ...(request.signal ? { signal: request.signal } : {}),
      });
      let timedOut = false;
      req.on("timeout", () => {
        timedOut = true;
        req.destroy(namedError("TimeoutError", `no reply within ${request.timeoutMs} ms`));
      });
      req.on("error", (error: NodeJS.ErrnoException) => {
        if (request.signal?.aborted) return reject(namedError("AbortError", "aborted"));
        if (timedOut) return reject(namedError("TimeoutError", error.message));
        if (req.reusedSocket && (error.code === "ECONNRESET" || error.code === "EPIPE")) return resolve({ status: 0, etag: null, text: "", retry: true });
        reject(error);
      });
      req.on("response", (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("error", reject);
        res.on("end", () => {
          const etag = res.headers.etag;
          resolve({ status: res.statusCode ?? 0, etag: typeof etag === "string" ? etag : null, text: Buffer.concat(chunks).toString("utf8") });
        });
      });
      req.end(request.body);
    });

  return {
    send: async (request) => {
      const first = await once(request);
      return first.retry ? once(request) : first;
    },
    close: () => {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}

/** Every call's outcome: the status (0 when no response came back), how long it took, and what failed. */
export interface CallResult<T> {
  status: number;
  ms: number;
  body: T | null;
  /** "network", "timeout", "aborted", "http_<status>" or "bad_body"; null on success. */
  error: string | null;
}

export interface DesiredStateResult extends CallResult<DesiredStateBody> {
  etag: string | null;
}

/** `http://host:3000` and `http://host:3000/api/v1` both mean the API at `…/api/v1`. */
export function agentApiBase(url: string): string {
  const parsed = new URL(url);
  const pathname = parsed.pathname.replace(/\/+$/, "");
  parsed.pathname = pathname.endsWith("/api/v1") ? pathname : `${pathname}/api/v1`;
  parsed.search = "";
  parsed.hash = "";
  return parsed.toString().replace(/\/+$/, "");
}

function classify(error: unknown, signal: AbortSignal | undefined): string {
  if (signal?.aborted) return "aborted";
  const name = error instanceof Error ? error.name : "";
  return name === "TimeoutError" || name === "AbortError" ? "timeout" : "network";
}

export class AgentApiClient {
  readonly base: string;
  private readonly transport: Transport;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(options: { url: string; fetch?: FetchLike; transport?: Transport; maxSockets?: number; timeoutMs?: number; now?: () => number }) {
    this.base = agentApiBase(options.url);
    this.transport = options.transport ?? (options.fetch ? fetchTransport(options.fetch) : nodeHttpTransport({ maxSockets: options.maxSockets }));
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.now = options.now ?? (() => performance.now());
  }

  /** Closes idle connections. */
  close(): void {
    this.transport.close();
  }

  private async call(path: string, request: Omit<HttpRequest, "url" | "timeoutMs" | "signal">, signal: AbortSignal | undefined): Promise<{ status: number; etag: string | null; ms: number; error: string | null; text: string }> {
    const started = this.now();
    try {
      const reply = await this.transport.send({ ...request, url: `${this.base}${path}`, timeoutMs: this.timeoutMs, ...(signal ? { signal } : {}) });
      const ok = (reply.status >= 200 && reply.status < 300) || reply.status === 304;
      return { status: reply.status, etag: reply.etag, ms: this.now() - started, error: ok ? null : `http_${reply.status}`, text: reply.text };
    } catch (error) {
      return { status: 0, etag: null, ms: this.now() - started, error: classify(error, signal), text: "" };
    }
  }

  private static parse<T>(text: string): T | null {
    try {
      return JSON.parse(text) as T;
    } catch {
      return null;
    }
  }

  async enroll(enrollToken: string, input: { name: string; arch: string }, signal?: AbortSignal): Promise<CallResult<{ instance_id: string; agent_token: string }>> {
    const { status, ms, error, text } = await this.call(
      "/agent/enroll",
      { method: "POST", headers: { authorization: `Bearer ${enrollToken}`, "content-type": "application/json" }, body: JSON.stringify(input) },
      signal,
    );
    const body = error ? null : AgentApiClient.parse<{ instance_id: string; agent_token: string }>(text);
    const bad = !error && (typeof body?.agent_token !== "string" || typeof body.instance_id !== "string");
    return { status, ms, body: bad ? null : body, error: error ?? (bad ? "bad_body" : null) };
  }

  async desiredState(agentToken: string, etag: string | null, signal?: AbortSignal): Promise<DesiredStateResult> {
    const headers: Record<string, string> = { authorization: `Bearer ${agentToken}` };
    if (etag) headers["if-none-match"] = etag;
    const reply = await this.call("/agent/desired_state", { method: "GET", headers }, signal);
    const { status, ms, error } = reply;
    if (error || status === 304) return { status, ms, body: null, error, etag: reply.etag ?? etag };
    const body = AgentApiClient.parse<DesiredStateBody>(reply.text);
    const bad = !body || typeof body.revision !== "number" || !Array.isArray(body.modules);
    return { status, ms, body: bad ? null : body, error: bad ? "bad_body" : null, etag: reply.etag };
  }

  async heartbeat(agentToken: string, payload: HeartbeatBody, signal?: AbortSignal): Promise<CallResult<{ desired_revision: number }>> {
    const { status, ms, error, text } = await this.call(
      "/agent/heartbeat",
      { method: "POST", headers: { authorization: `Bearer ${agentToken}`, "content-type": "application/json" }, body: JSON.stringify(payload) },
      signal,
    );
    const body = error ? null : AgentApiClient.parse<{ desired_revision: number }>(text);
    const bad = !error && typeof body?.desired_revision !== "number";
    return { status, ms, body: bad ? null : body, error: error ?? (bad ? "bad_body" : null) };
  }
}
