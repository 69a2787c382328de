/**
 * One simulated node agent (docs/fleet-sim.md, "Agents"): enrolls (or uses the agent token it was given), fetches
 * its desired state, "installs" it after a random delay, heartbeats on a jittered interval and polls its desired
 * state with If-None-Match. The decisions are in convergence.ts and schedule.ts; this file does the calls and
 * the waiting.
 */
import type { AgentApiClient } from "./client";
import {
  adoptAtOnce,
  completeInstall,
  heartbeatBody,
  initialModel,
  installDue,
  needsRefetch,
  onDesiredState,
  onNotModified,
  type AgentModel,
  type AgentProfile,
  type Digests,
  type InstanceStatus,
} from "./convergence";
import { countError, type Clock, type FleetCounters, type Limiter } from "./counters";
import type { Random } from "./random";
import { convergeDelayMs, nextDue, silentAfterMs, startOffsetMs, type ScheduleOptions } from "./schedule";

/**
 * `starting` until enrolled (or, with a token, until its start offset passes), then `active`; `silent` and
 * `rejected` are final. A stopped fleet leaves every agent in the state it had, so a summary shows how far the
 * fleet got (how many converged, how many were still installing).
 */
export type AgentState = "starting" | "active" | "silent" | "rejected";

/** Something worth a log line: an agent that was refused for good (revoked token, used-up enrollment token). */
export interface AgentEvent {
  agent: string;
  kind: "enrolled" | "rejected" | "silent";
  detail?: string;
}

export interface SimulatedAgentOptions {
  name: string;
  arch: "amd64" | "arm64";
  api: AgentApiClient;
  /** An enrollment token (sne_…) to enroll with, or the agent token (sna_…) of an existing instance. */
  credentials: { enrollToken: string } | { agentToken: string };
  profile: AgentProfile;
  /** What the node runs and reports before its first install (default: nothing, status `pending`). */
  initial?: { running?: Digests; status?: InstanceStatus };
  schedule: ScheduleOptions;
  /** Seconds an install takes: uniform in [min, max]. */
  convergeDelay: readonly [number, number];
  /** The node already runs its first desired state (no install): for steady-state benchmarks. */
  startConverged: boolean;
  /** Installing one of these digests ends in `error` (a bad build; `--fail-digest`). */
  failDigests?: ReadonlySet<string>;
  agentVersion: string;
  random: Random;
  counters: FleetCounters;
  limiter: Limiter;
  clock: Clock;
  onEvent?: (event: AgentEvent) => void;
}

/** Enrollment retries after a failure that may pass (server busy, network), backing off up to one interval. */
const ENROLL_RETRY_MS = 1_000;

export class SimulatedAgent {
  readonly name: string;
  readonly profile: AgentProfile;
  state: AgentState = "starting";
  model: AgentModel;
  instanceId: string | null = null;
  agentToken: string | null;
  private readonly options: SimulatedAgentOptions;

  constructor(options: SimulatedAgentOptions) {
    this.options = options;
    this.name = options.name;
    this.profile = options.profile;
    this.model = initialModel(options.profile, options.initial);
    this.agentToken = "agentToken" in options.credentials ? options.credentials.agentToken : null;
  }

  /** Runs until `signal` aborts, the agent goes silent, or the server refuses its token. */
  async run(signal: AbortSignal): Promise<void> {
    const { clock, schedule, random } = this.options;
    await clock.sleep(startOffsetMs(random, schedule.intervalMs), signal);
    if (signal.aborted) return;
    if (!this.agentToken && !(await this.enroll(signal))) return;
    this.state = "active";
    const started = clock.now();
    const silentAt = this.profile === "silent" ? started + silentAfterMs(random, schedule.intervalMs) : Number.POSITIVE_INFINITY;

    await this.poll(signal, started, null);
    let nextBeat = started;
    let nextPoll = started + schedule.pollIntervalMs / 2;
    while (!signal.aborted && this.state === "active") {
      const due = Math.min(nextBeat, nextPoll, this.model.install?.dueAt ?? Number.POSITIVE_INFINITY, silentAt);
      const wait = due - clock.now();
      if (wait > 0) await clock.sleep(wait, signal);
      if (signal.aborted) break;
      const now = clock.now();
      if (silentAt <= now) {
        this.state = "silent";
        this.options.onEvent?.({ agent: this.name, kind: "silent" });
        return;
      }
      if (installDue(this.model, now)) this.finishInstall();
      if (nextBeat <= now) {
        const revision = await this.heartbeat(signal, nextBeat);
        if (revision !== null && needsRefetch(this.model, revision) && this.state === "active") await this.poll(signal, clock.now(), revision);
        const next = nextDue(random, nextBeat, clock.now(), schedule.intervalMs, schedule.jitter);
        nextBeat = next.at;
        this.options.counters.skipped += next.skipped;
      }
      if (nextPoll <= clock.now() && this.state === "active" && !signal.aborted) {
        await this.poll(signal, nextPoll, null);
        const next = nextDue(random, nextPoll, clock.now(), schedule.pollIntervalMs, schedule.jitter);
        nextPoll = next.at;
        this.options.counters.skipped += next.skipped;
      }
    }
  }

  private reject(detail: string): void {
    this.state = "rejected";
    this.options.onEvent?.({ agent: this.name, kind: "rejected", detail });
  }

  private finishInstall(): void {
    const { counters, random } = this.options;
    this.model = completeInstall(this.model, random, this.options.failDigests);
    if (this.model.status === "error") counters.installs.failed += 1;
    else counters.installs.completed += 1;
  }

  private async enroll(signal: AbortSignal): Promise<boolean> {
    const { api, counters, limiter, clock, credentials } = this.options;
    if (!("enrollToken" in credentials)) return false;
    let backoff = ENROLL_RETRY_MS;
    while (!signal.aborted) {
      const dueAt = clock.now();
      const result = await limiter.run(() => {
        counters.lag.record(clock.now() - dueAt);
        return api.enroll(credentials.enrollToken, { name: this.name, arch: this.options.arch }, signal);
      });
      if (result.error === "aborted") return false;
      counters.latency.enroll.record(result.ms);
      if (result.body) {
        counters.enrollments.ok += 1;
        this.agentToken = result.body.agent_token;
        this.instanceId = result.body.instance_id;
        this.options.onEvent?.({ agent: this.name, kind: "enrolled" });
        return true;
      }
      counters.enrollments.failed += 1;
      countError(counters, result.error ?? "bad_body");
      // 400/401/403/409 will not pass by retrying: a bad name, a used-up or revoked token, a taken name.
      if (result.status >= 400 && result.status < 500 && result.status !== 429) {
        this.reject(`enrollment refused (${result.status})`);
        return false;
      }
      await clock.sleep(backoff, signal);
      backoff = Math.min(backoff * 2, this.options.schedule.intervalMs);
    }
    return false;
  }

  /** GET desired_state with If-None-Match. `announced`: the revision a heartbeat just named (null for a poll). */
  private async poll(signal: AbortSignal, dueAt: number, announced: number | null): Promise<void> {
    const { api, counters, limiter, clock, random, convergeDelay } = this.options;
    const token = this.agentToken;
    if (!token) return;
    const result = await limiter.run(() => {
      counters.lag.record(clock.now() - dueAt);
      return api.desiredState(token, this.model.desired?.etag ?? null, signal);
    });
    if (result.error === "aborted") return;
    counters.latency.desiredState.record(result.ms);
    if (result.status === 304) {
      counters.desiredState.notModified304 += 1;
      this.model = onNotModified(this.model, announced);
      return;
    }
    if (result.body) {
      counters.desiredState.ok200 += 1;
      const first = this.model.desired === null;
      this.instanceId ??= result.body.instance_id;
      this.model = onDesiredState(this.model, result.body, result.etag, clock.now(), convergeDelayMs(random, convergeDelay));
      if (first && this.options.startConverged) this.model = adoptAtOnce(this.model, random, this.options.failDigests);
      return;
    }
    counters.desiredState.failed += 1;
    countError(counters, result.error ?? "bad_body");
    if (result.status === 401) this.reject("agent token refused (401)");
  }

  /** POST heartbeat; returns the desired revision it answered, or null when it failed. */
  private async heartbeat(signal: AbortSignal, dueAt: number): Promise<number | null> {
    const { api, counters, limiter, clock, agentVersion } = this.options;
    const token = this.agentToken;
    if (!token) return null;
    const body = heartbeatBody(this.model, agentVersion);
    const result = await limiter.run(() => {
      counters.lag.record(clock.now() - dueAt);
      counters.heartbeats.sent += 1;
      return api.heartbeat(token, body, signal);
    });
    if (result.error === "aborted") return null;
    counters.latency.heartbeat.record(result.ms);
    if (result.body) {
      counters.heartbeats.ok += 1;
      return result.body.desired_revision;
    }
    counters.heartbeats.failed += 1;
    countError(counters, result.error ?? "bad_body");
    if (result.status === 401) this.reject("agent token refused (401)");
    return null;
  }
}
