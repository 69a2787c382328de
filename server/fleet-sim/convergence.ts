/**
 * What a simulated agent runs and reports (docs/fleet-sim.md, "Agents"). Pure: the agent (agent.ts) does the
 * HTTP and the waiting; these functions decide, given what the server said, what the node runs next, what it
 * reports, and when it refetches. Every function returns a new model.
 */
import { pick, type Random } from "./random";

export const INSTANCE_STATUSES = ["pending", "provisioning", "running", "stopped", "error", "terminated"] as const;
export type InstanceStatus = (typeof INSTANCE_STATUSES)[number];

/**
 * - `healthy`: installs what it is told after the converge delay and reports `running`.
 * - `error`: every install fails: it keeps the digests it had and reports `error`.
 * - `stale`: installs, but one changed module keeps its old digest (or stays missing): a quiet drift.
 * - `silent`: healthy until it stops calling altogether (a node that died): it goes stale on the server.
 * - `frozen`: never installs and keeps the status it started with (the demo fleet keeps a seeded story's drift).
 */
export const AGENT_PROFILES = ["healthy", "error", "stale", "silent", "frozen"] as const;
export type AgentProfile = (typeof AGENT_PROFILES)[number];

/** The failing profiles `--fail-rate` draws from, equally likely. */
export const FAILING_PROFILES = ["error", "stale", "silent"] as const satisfies readonly AgentProfile[];

/** The part of `GET /agent/desired_state` the simulator uses. */
export interface DesiredStateBody {
  instance_id: string;
  template: { id: string; name: string } | null;
  revision: number;
  modules: Array<{ name: string; version?: string; oci_digest: string }>;
  undeliverable?: Array<{ name: string; reason: string }>;
}

export type Digests = Record<string, string>;

export interface AgentModel {
  profile: AgentProfile;
  status: InstanceStatus;
  /** {module: oci digest} the node runs now: what every heartbeat reports. */
  running: Digests;
  /** The last desired state received (200), with its ETag for If-None-Match. */
  desired: { revision: number; digests: Digests; etag: string | null } | null;
  /** The revision the agent knows about: from its desired state, or a heartbeat confirmed by a 304. */
  knownRevision: number | null;
  /** An install in progress: the digests it will bring and when it finishes (caller's clock, ms). */
  install: { target: Digests; dueAt: number } | null;
}

export function chooseProfile(random: Random, failRate: number): AgentProfile {
  return random() < failRate ? pick(random, FAILING_PROFILES) : "healthy";
}

export function initialModel(profile: AgentProfile, initial: { running?: Digests; status?: InstanceStatus } = {}): AgentModel {
  return { profile, status: initial.status ?? "pending", running: { ...(initial.running ?? {}) }, desired: null, knownRevision: null, install: null };
}

export function digestsOf(modules: DesiredStateBody["modules"]): Digests {
  return Object.fromEntries(modules.map((m) => [m.name, m.oci_digest]));
}

/** Same modules with the same digests (digests compare case-insensitively, as the server's drift does). */
export function sameDigests(a: Digests, b: Digests): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.hasOwn(b, key) && (b[key] ?? "").toLowerCase() === (a[key] ?? "").toLowerCase());
}

/**
 * A desired state arrived (200). Already running it: nothing to do. Otherwise an install starts and finishes
 * `delayMs` from now; an install already under way towards the same digests keeps its finishing time.
 */
export function onDesiredState(model: AgentModel, body: DesiredStateBody, etag: string | null, now: number, delayMs: number): AgentModel {
  const digests = digestsOf(body.modules);
  const next: AgentModel = { ...model, desired: { revision: body.revision, digests, etag }, knownRevision: body.revision };
  if (model.profile === "frozen") return next;
  // Nothing to install, so nothing that can fail: the node runs what it should (a failed install is not retried
  // until the desired state changes again, as a real agent would wait for a fix).
  if (sameDigests(model.running, digests)) return { ...next, install: null, status: "running" };
  if (model.install && sameDigests(model.install.target, digests)) return next;
  return { ...next, install: { target: digests, dueAt: now + delayMs }, status: "provisioning" };
}

/** A 304 after a heartbeat announced `revision`: the state did not change for this node; stop asking. */
export function onNotModified(model: AgentModel, revision: number | null): AgentModel {
  return revision === null ? model : { ...model, knownRevision: revision };
}

/** Should the agent refetch its desired state after a heartbeat answered `desiredRevision`? */
export function needsRefetch(model: AgentModel, desiredRevision: number): boolean {
  return model.knownRevision !== desiredRevision;
}

export function installDue(model: AgentModel, now: number): boolean {
  return model.install !== null && model.install.dueAt <= now;
}

/**
 * The install finishes, the way the agent's profile says it does. Whatever the profile, an install that brings one
 * of `failDigests` ends in `error` while reporting that digest: a bad build that installs and then fails, the case a
 * rollout's health gate must catch (docs/rollouts.md, `--fail-digest`).
 */
export function completeInstall(model: AgentModel, random: Random, failDigests: ReadonlySet<string> = NO_DIGESTS): AgentModel {
  const install = model.install;
  if (!install) return model;
  const done = { ...model, install: null };
  if (failDigests.size > 0 && Object.values(install.target).some((digest) => failDigests.has(digest))) {
    return { ...done, running: { ...install.target }, status: "error" };
  }
  switch (model.profile) {
    case "error":
      return { ...done, status: "error" };
    case "stale": {
      const changed = Object.keys(install.target)
        .filter((name) => model.running[name] !== install.target[name])
        .sort();
      const running: Digests = { ...install.target };
      if (changed.length > 0) {
        const kept = pick(random, changed);
        const old = model.running[kept];
        if (old === undefined) delete running[kept];
        else running[kept] = old;
      } else {
        // Only removals: one removed module lingers as an extra.
        const removed = Object.keys(model.running)
          .filter((name) => !Object.hasOwn(install.target, name))
          .sort();
        if (removed.length > 0) {
          const kept = pick(random, removed);
          running[kept] = model.running[kept] ?? "";
        }
      }
      return { ...done, running, status: "running" };
    }
    default:
      return { ...done, running: { ...install.target }, status: "running" };
  }
}

/**
 * The node already ran its desired state when the simulator started (a fleet that has been up for a while):
 * what a finished install would leave, at once. Benchmarks start this way to measure the steady state.
 */
export function adoptAtOnce(model: AgentModel, random: Random, failDigests: ReadonlySet<string> = NO_DIGESTS): AgentModel {
  return model.install ? completeInstall({ ...model, install: { ...model.install, dueAt: 0 } }, random, failDigests) : model;
}

const NO_DIGESTS: ReadonlySet<string> = new Set();

export interface HeartbeatBody {
  status: InstanceStatus;
  agent_version: string;
  modules: Digests;
}

export function heartbeatBody(model: AgentModel, agentVersion: string): HeartbeatBody {
  return { status: model.status, agent_version: agentVersion, modules: { ...model.running } };
}

/** How the fleet's status line counts this agent. */
export function phaseOf(model: AgentModel): "waiting" | "installing" | "converged" | "drifted" {
  if (!model.desired) return "waiting";
  if (model.install) return "installing";
  return sameDigests(model.running, model.desired.digests) && model.status !== "error" ? "converged" : "drifted";
}
