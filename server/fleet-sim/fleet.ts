/**
 * A whole simulated fleet (docs/fleet-sim.md): `instances` agents against one Strata, with live counters. Used by
 * the CLI (scripts/fleet-sim.ts), the benchmark (scripts/bench/fleet.bench.ts) and the demo fleet (demo.ts).
 */
import { setMaxListeners } from "node:events";
import { AgentApiClient, type FetchLike } from "./client";
import { chooseProfile, phaseOf, AGENT_PROFILES, type AgentProfile, type Digests, type InstanceStatus } from "./convergence";
import { newCounters, realClock, resetCounters, Limiter, type Clock, type FleetCounters } from "./counters";
import type { LatencySummary } from "./histogram";
import { forkRandom, mulberry32, type Random } from "./random";
import { SimulatedAgent, type AgentEvent } from "./agent";

/** An existing instance to play: its agent token, and optionally what it runs now and how it behaves. */
export interface AgentSpec {
  token: string;
  /** {module: oci digest} the node reports until its first install (default: nothing). */
  running?: Digests;
  status?: InstanceStatus;
  /** Overrides the profile `failRate` would draw (e.g. `frozen` to keep a node's drift as it is). */
  profile?: AgentProfile;
  name?: string;
}

export interface FleetOptions {
  /** Strata's base URL (`http://127.0.0.1:3000`) or its API root (`…/api/v1`). */
  url: string;
  /** Enrolls one instance per agent that has no token in `agentTokens`. */
  enrollToken?: string;
  /** Existing instances' agent tokens (sna_…); played first, in order. */
  agentTokens?: ReadonlyArray<string | AgentSpec>;
  /** How many agents (default: the number of agent tokens). */
  instances?: number;
  /** Seconds between heartbeats (mean; each interval is jittered). Default 30. */
  intervalSeconds?: number;
  /** Seconds between desired-state polls. Default: the heartbeat interval. */
  pollIntervalSeconds?: number;
  /** Relative jitter of every interval, 0–0.5. Default 0.1. */
  jitter?: number;
  /** Share of agents that fail (error, stale digest or silence, equally likely). Default 0. */
  failRate?: number;
  /** Seconds an install takes, uniform in [min, max]. Default [5, 60]. */
  convergeDelay?: readonly [number, number];
  /** Names of enrolled instances: `<prefix>-00001`, … Default `sim`. */
  namePrefix?: string;
  /** Agents start already running their first desired state (steady state, no install wave). Default false. */
  startConverged?: boolean;
  /** Every agent that installs one of these digests reports `error` with it (a bad build). Default none. */
  failDigests?: readonly string[];
  /** Calls in flight (and connections) at most. Default 256. */
  concurrency?: number;
  /** A call that takes longer fails as `timeout`. Default 10 s. */
  timeoutMs?: number;
  agentVersion?: string;
  /** Stops the fleet: no new calls, calls in flight are cut short (not counted as errors). */
  signal?: AbortSignal;
  /** Seeded randomness makes a run repeatable (see random.ts). Default: seeded from the clock. */
  random?: Random;
  /** Send calls with this `fetch` instead of Node's http client (tests pass an in-memory API). */
  fetch?: FetchLike;
  clock?: Clock;
  onEvent?: (event: AgentEvent) => void;
}

export interface FleetSnapshot {
  elapsedMs: number;
  agents: Record<"total" | "starting" | "waiting" | "installing" | "converged" | "drifted" | "silent" | "rejected", number>;
  profiles: Record<AgentProfile, number>;
  enrollments: FleetCounters["enrollments"];
  heartbeats: FleetCounters["heartbeats"];
  desiredState: FleetCounters["desiredState"] & { notModifiedRatio: number };
  installs: FleetCounters["installs"];
  errors: number;
  errorsByKind: Record<string, number>;
  skipped: number;
  inFlight: number;
  maxInFlight: number;
  latency: { heartbeat: LatencySummary; desiredState: LatencySummary; enroll: LatencySummary; lag: LatencySummary };
}

export interface FleetRun {
  /** Live counters: read them any time (the status line diffs two clones of the histograms). */
  counters: FleetCounters;
  agents: readonly SimulatedAgent[];
  snapshot: () => FleetSnapshot;
  /** Zeroes the counters (after a warm-up); agents keep their state. */
  resetCounters: () => void;
  /** Same as aborting `signal`. */
  stop: () => void;
  /** Resolves when every agent has stopped, with the final snapshot. */
  done: Promise<FleetSnapshot>;
}

export const FLEET_DEFAULTS = {
  intervalSeconds: 30,
  jitter: 0.1,
  failRate: 0,
  convergeDelay: [5, 60] as const,
  namePrefix: "sim",
  concurrency: 256,
  timeoutMs: 10_000,
  agentVersion: "strata-fleet-sim/1",
};

function check(condition: boolean, message: string): void {
  if (!condition) throw new Error(`runFleet: ${message}`);
}

/** Enrolled names sort in order: sim-00001 … sim-10000. */
export function instanceName(prefix: string, index: number, total: number): string {
  return `${prefix}-${String(index + 1).padStart(Math.max(5, String(total).length), "0")}`;
}

export function runFleet(options: FleetOptions): FleetRun {
  const specs = (options.agentTokens ?? []).map((t): AgentSpec => (typeof t === "string" ? { token: t } : t));
  const instances = options.instances ?? specs.length;
  const interval = options.intervalSeconds ?? FLEET_DEFAULTS.intervalSeconds;
  const poll = options.pollIntervalSeconds ?? interval;
  const jitter = options.jitter ?? FLEET_DEFAULTS.jitter;
  const failRate = options.failRate ?? FLEET_DEFAULTS.failRate;
  const convergeDelay = options.convergeDelay ?? FLEET_DEFAULTS.convergeDelay;
  check(Number.isInteger(instances) && instances >= 1, "instances must be a positive integer");
  check(instances <= specs.length || Boolean(options.enrollToken), `${instances} instances but ${specs.length} agent token(s) and no enrollment token`);
  check(interval > 0 && poll > 0, "intervals must be positive");
  check(jitter >= 0 && jitter <= 0.5, "jitter must be within 0–0.5");
  check(failRate >= 0 && failRate <= 1, "failRate must be within 0–1");
  check(convergeDelay[0] >= 0 && convergeDelay[1] >= convergeDelay[0], "convergeDelay must be [min, max] with 0 ≤ min ≤ max");

  const clock = options.clock ?? realClock;
  const random = options.random ?? mulberry32(Date.now());
  const counters = newCounters();
  const concurrency = options.concurrency ?? FLEET_DEFAULTS.concurrency;
  const api = new AgentApiClient({
    url: options.url,
    timeoutMs: options.timeoutMs ?? FLEET_DEFAULTS.timeoutMs,
    now: clock.now,
    maxSockets: concurrency,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const limiter = new Limiter(concurrency, counters);
  // One controller for the whole fleet: every sleeping agent and call listens to it, so lift the listener warning.
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const stop = () => controller.abort();
  if (options.signal?.aborted) stop();
  else options.signal?.addEventListener("abort", stop, { once: true });

  const schedule = { intervalMs: interval * 1000, pollIntervalMs: poll * 1000, jitter };
  const namePrefix = options.namePrefix ?? FLEET_DEFAULTS.namePrefix;
  const failDigests: ReadonlySet<string> = new Set((options.failDigests ?? []).map((d) => d.toLowerCase()));
  const agents: SimulatedAgent[] = [];
  for (let i = 0; i < instances; i++) {
    // Each agent's generator is forked in index order, so agent i decides the same way in every run.
    const agentRandom = forkRandom(random);
    const spec = specs[i];
    const drawn = chooseProfile(agentRandom, failRate);
    agents.push(
      new SimulatedAgent({
        name: spec?.name ?? instanceName(namePrefix, i, instances),
        arch: agentRandom() < 0.8 ? "amd64" : "arm64",
        api,
        credentials: spec ? { agentToken: spec.token } : { enrollToken: options.enrollToken ?? "" },
        profile: spec?.profile ?? drawn,
        initial: { ...(spec?.running ? { running: spec.running } : {}), ...(spec?.status ? { status: spec.status } : {}) },
        schedule,
        convergeDelay,
        startConverged: options.startConverged ?? false,
        failDigests,
        agentVersion: options.agentVersion ?? FLEET_DEFAULTS.agentVersion,
        random: agentRandom,
        counters,
        limiter,
        clock,
        ...(options.onEvent ? { onEvent: options.onEvent } : {}),
      }),
    );
  }

  const startedAt = clock.now();
  const snapshot = (): FleetSnapshot => snapshotOf(agents, counters, clock.now() - startedAt);
  const done = Promise.all(agents.map((agent) => agent.run(controller.signal))).then(() => {
    options.signal?.removeEventListener("abort", stop);
    api.close();
    return snapshot();
  });
  return { counters, agents, snapshot, resetCounters: () => resetCounters(counters), stop, done };
}

export function snapshotOf(agents: readonly SimulatedAgent[], counters: FleetCounters, elapsedMs: number): FleetSnapshot {
  const states: FleetSnapshot["agents"] = { total: agents.length, starting: 0, waiting: 0, installing: 0, converged: 0, drifted: 0, silent: 0, rejected: 0 };
  const profiles = Object.fromEntries(AGENT_PROFILES.map((p) => [p, 0])) as Record<AgentProfile, number>;
  for (const agent of agents) {
    profiles[agent.profile] += 1;
    if (agent.state === "active") states[phaseOf(agent.model)] += 1;
    else states[agent.state] += 1;
  }
  const answered = counters.desiredState.ok200 + counters.desiredState.notModified304;
  return {
    elapsedMs,
    agents: states,
    profiles,
    enrollments: { ...counters.enrollments },
    heartbeats: { ...counters.heartbeats },
    desiredState: { ...counters.desiredState, notModifiedRatio: answered ? counters.desiredState.notModified304 / answered : Number.NaN },
    installs: { ...counters.installs },
    errors: counters.errors,
    errorsByKind: { ...counters.errorsByKind },
    skipped: counters.skipped,
    inFlight: counters.inFlight,
    maxInFlight: counters.maxInFlight,
    latency: {
      heartbeat: counters.latency.heartbeat.summary(),
      desiredState: counters.latency.desiredState.summary(),
      enroll: counters.latency.enroll.summary(),
      lag: counters.lag.summary(),
    },
  };
}
