/**
 * The agent API over HTTP (docs/fleet.md has the contract, docs/fleet-sim.md how the simulator uses it). A plain
 * `fetch` client: the simulator talks to Strata exactly as a node agent on another machine would.
 */
import type { DesiredStateBody, HeartbeatBody } from "./convergence";

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

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
  private readonly fetchImpl: FetchLike;
  private readonly timeoutMs: number;
  private readonly now: () => number;

  constructor(options: { url: string; fetch?: FetchLike; timeoutMs?: number; now?: () => number }) {
    this.base = agentApiBase(options.url);
    this.fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.now = options.now ?? (() => performance.now());
  }

  private async call(path: string, init: RequestInit, signal: AbortSignal | undefined): Promise<{ response: Response | null; ms: number; error: string | null; text: string }> {
    const started = this.now();
    const timeout = AbortSignal.timeout(this.timeoutMs);
    try {
      const response = await this.fetchImpl(`${this.base}${path}`, { ...init, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
      // The body is read inside the timing: a reply is complete when its last byte arrived.
      const text = response.status === 304 ? "" : await response.text();
      return { response, ms: this.now() - started, error: response.ok || response.status === 304 ? null : `http_${response.status}`, text };
    } catch (error) {
      return { response: null, ms: this.now() - started, error: classify(error, signal), text: "" };
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
    const { response, ms, error, text } = await this.call(
      "/agent/enroll",
      { method: "POST", headers: { authorization: `Bearer ${enrollToken}`, "content-type": "application/json" }, body: JSON.stringify(input) },
      signal,
    );
    const body = error ? null : AgentApiClient.parse<{ instance_id: string; agent_token: string }>(text);
    const bad = !error && (typeof body?.agent_token !== "string" || typeof body.instance_id !== "string");
    return { status: response?.status ?? 0, ms, body: bad ? null : body, error: error ?? (bad ? "bad_body" : null) };
  }

  async desiredState(agentToken: string, etag: string | null, signal?: AbortSignal): Promise<DesiredStateResult> {
    const headers: Record<string, string> = { authorization: `Bearer ${agentToken}` };
    if (etag) headers["if-none-match"] = etag;
    const { response, ms, error, text } = await this.call("/agent/desired_state", { method: "GET", headers }, signal);
    const status = response?.status ?? 0;
    if (error || status === 304) return { status, ms, body: null, error, etag: response?.headers.get("etag") ?? etag };
    const body = AgentApiClient.parse<DesiredStateBody>(text);
    const bad = !body || typeof body.revision !== "number" || !Array.isArray(body.modules);
    return { status, ms, body: bad ? null : body, error: bad ? "bad_body" : null, etag: response?.headers.get("etag") ?? null };
  }

  async heartbeat(agentToken: string, payload: HeartbeatBody, signal?: AbortSignal): Promise<CallResult<{ desired_revision: number }>> {
    const { response, ms, error, text } = await this.call(
      "/agent/heartbeat",
      { method: "POST", headers: { authorization: `Bearer ${agentToken}`, "content-type": "application/json" }, body: JSON.stringify(payload) },
      signal,
    );
    const body = error ? null : AgentApiClient.parse<{ desired_revision: number }>(text);
    const bad = !error && typeof body?.desired_revision !== "number";
    return { status: response?.status ?? 0, ms, body: bad ? null : body, error: error ?? (bad ? "bad_body" : null) };
  }
}
