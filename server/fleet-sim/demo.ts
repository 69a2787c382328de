/**
 * The demo fleet (docs/fleet-sim.md, "The demo fleet"): the seeded demo instances come alive inside the server
 * process, so the console shows heartbeats arriving, installs converging and the odd failure without a real
 * fleet. It is an HTTP client of the server's own agent API, exactly like a node agent.
 *
 * Contract for the caller (the start script):
 * - call it after the server listens, with the server's own loopback URL and one agent token per instance to
 *   play (rotate the instances' tokens to get them: only hashes are stored);
 * - it never throws and never rejects: failed calls are counted and summarised in the log at most once a minute;
 *   an instance whose token is refused (revoked, rotated in the console, decommissioned) stops on its own;
 * - `stop()` resolves once every agent has stopped (calls in flight are cut short); call it before closing the
 *   server and the database.
 */
import type { AgentEvent } from "./agent";
import { newCounters } from "./counters";
import { runFleet, snapshotOf, type AgentSpec, type FleetSnapshot } from "./fleet";
import type { Random } from "./random";

export interface DemoFleetOptions {
  /** The server's own URL, e.g. `http://127.0.0.1:3000`. */
  baseUrl: string;
  /** One per demo instance: its agent token, optionally with what it runs now and a fixed profile. */
  agentTokens: ReadonlyArray<string | AgentSpec>;
  /** Default 30 s, as a real agent. */
  intervalSeconds?: number;
  /** Default 0: the demo's failures are the ones its story seeded (pass `profile: "frozen"` to keep them). */
  failRate?: number;
  /** Default [5, 60] seconds. */
  convergeDelay?: readonly [number, number];
  /** Log lines (default console.log); the demo fleet is quiet unless something is refused or failing. */
  log?: (line: string) => void;
  random?: Random;
}

export interface DemoFleet {
  snapshot: () => FleetSnapshot;
  stop: () => Promise<void>;
}

const ERROR_LOG_EVERY_MS = 60_000;

export function startDemoFleet(options: DemoFleetOptions): DemoFleet {
  const log = options.log ?? ((line: string) => console.log(line));
  const controller = new AbortController();
  if (options.agentTokens.length === 0) {
    return { snapshot: () => snapshotOf([], newCounters(), 0), stop: async () => {} };
  }
  const onEvent = (event: AgentEvent) => {
    if (event.kind === "rejected") log(`demo fleet: ${event.agent} stopped: ${event.detail ?? "refused"}`);
  };
  const run = runFleet({
    url: options.baseUrl,
    agentTokens: options.agentTokens,
    intervalSeconds: options.intervalSeconds ?? 30,
    failRate: options.failRate ?? 0,
    convergeDelay: options.convergeDelay ?? [5, 60],
    // A handful of nodes: a few calls at a time is plenty and never competes with operators for the server.
    concurrency: 4,
    signal: controller.signal,
    onEvent,
    ...(options.random ? { random: options.random } : {}),
  });
  log(`demo fleet: ${options.agentTokens.length} simulated agent(s) reporting every ${options.intervalSeconds ?? 30} s`);

  let reportedErrors = 0;
  const errorLog = setInterval(() => {
    const { errors, errorsByKind } = run.counters;
    if (errors === reportedErrors) return;
    log(`demo fleet: ${errors - reportedErrors} failed call(s) in the last minute (${Object.entries(errorsByKind).map(([k, v]) => `${k} ${v}`).join(", ")} so far)`);
    reportedErrors = errors;
  }, ERROR_LOG_EVERY_MS);
  // The demo fleet must never keep a stopping server alive.
  errorLog.unref();
  // runFleet's promise only resolves; this catch is a guard so the server never sees an unhandled rejection.
  const done = run.done.catch((error: unknown) => {
    log(`demo fleet stopped: ${error instanceof Error ? error.message : String(error)}`);
  });

  return {
    snapshot: run.snapshot,
    stop: async () => {
      clearInterval(errorLog);
      controller.abort();
      await done;
    },
  };
}
