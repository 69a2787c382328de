import type { RolloutPolicy } from "./plan";

/**
 * A wave's health gate (docs/rollouts.md): every instance of the wave reports the new digest and `running` for the
 * soak time, within the deadline. Pure; `now` is passed in.
 */

export interface GateInstance {
  id: string;
  name: string;
  status: string;
  /** The digest the node reports for the module (null: not reported). */
  digest: string | null;
  /** When the node first reported that digest. */
  digestSince: Date | null;
  lastHeartbeatAt: Date | null;
}

export type GateInstanceHealth = "healthy" | "soaking" | "pending" | "error" | "stale";

export interface GateInstanceVerdict {
  id: string;
  health: GateInstanceHealth;
  /** When the soak completes (soaking only). */
  soakEndsAt: Date | null;
}

export interface GateFailure {
  instanceId: string;
  name: string;
  status: string;
  digest: string | null;
  reason: string;
}

export interface GateResult {
  verdict: "pass" | "fail" | "waiting";
  converged: number;
  total: number;
  required: number;
  deadlineAt: Date;
  instances: GateInstanceVerdict[];
  failure: GateFailure | null;
}

export interface GateInput {
  toDigest: string;
  releasedAt: Date;
  instances: readonly GateInstance[];
  policy: Pick<RolloutPolicy, "soakMs" | "deadlineMs" | "successRatio">;
  /** A node whose last heartbeat is older than this is not counted as healthy (it may have died mid-soak). */
  staleAfterMs: number;
  now: Date;
}

export function instanceHealth(instance: GateInstance, input: Omit<GateInput, "instances">): GateInstanceVerdict {
  const now = input.now.getTime();
  const onNew = instance.digest === input.toDigest;
  if (onNew && instance.status === "error") return { id: instance.id, health: "error", soakEndsAt: null };
  if (!instance.lastHeartbeatAt || now - instance.lastHeartbeatAt.getTime() > input.staleAfterMs) {
    return { id: instance.id, health: "stale", soakEndsAt: null };
  }
  if (!onNew || instance.status !== "running") return { id: instance.id, health: "pending", soakEndsAt: null };
  // The soak counts from when the node reported the digest or from the wave's release, whichever is later: a node
  // that already ran the version before its wave (a canary pinned by hand) still soaks under the rollout.
  const since = Math.max(instance.digestSince?.getTime() ?? now, input.releasedAt.getTime());
  const soakEndsAt = since + input.policy.soakMs;
  return soakEndsAt <= now
    ? { id: instance.id, health: "healthy", soakEndsAt: null }
    : { id: instance.id, health: "soaking", soakEndsAt: new Date(soakEndsAt) };
}

/**
 * pass: at least `ceil(successRatio × total)` instances healthy (soaked). fail: any instance reports `error` on the
 * new digest, or the deadline passed with fewer healthy. Otherwise waiting. An empty wave passes.
 */
export function evaluateGate(input: GateInput): GateResult {
  const deadlineAt = new Date(input.releasedAt.getTime() + input.policy.deadlineMs);
  const total = input.instances.length;
  const required = Math.ceil(input.policy.successRatio * total - 1e-9);
  const verdicts = input.instances.map((instance) => instanceHealth(instance, input));
  const converged = verdicts.filter((v) => v.health === "healthy").length;
  const base = { converged, total, required, deadlineAt, instances: verdicts };
  const errored = input.instances.find((_, i) => verdicts[i]?.health === "error");
  if (errored) {
    return {
      ...base,
      verdict: "fail",
      failure: {
        instanceId: errored.id,
        name: errored.name,
        status: errored.status,
        digest: errored.digest,
        reason: `${errored.name} reports error on the new version.`,
      },
    };
  }
  if (converged >= required) return { ...base, verdict: "pass", failure: null };
  if (input.now.getTime() >= deadlineAt.getTime()) {
    const laggard = input.instances.find((_, i) => verdicts[i]?.health !== "healthy");
    return {
      ...base,
      verdict: "fail",
      failure: laggard
        ? {
            instanceId: laggard.id,
            name: laggard.name,
            status: laggard.status,
            digest: laggard.digest,
            reason: `Deadline passed with ${converged} of ${total} converged (${required} required); ${laggard.name} had not.`,
          }
        : null,
    };
  }
  return { ...base, verdict: "waiting", failure: null };
}
