import { isHeartbeatStale } from "@/server/domain/drift/drift";
import type { ApprovalPolicy } from "./policy";
import type { PromotionState } from "./states";

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;

/** docs/promotion.md: ready to bless when running on at least this many healthy instances … */
export const READY_TO_BLESS_MIN_INSTANCES = 3;
/** … each for at least this many minutes (inclusive: exactly 30 minutes counts). */
export const READY_TO_BLESS_MIN_RUNNING_MINUTES = 30;

// ---------------------------------------------------------------------------------------------------------
// Stale staging

export interface StagingSensorInput {
  version: { state: PromotionState; stagingAt: Date | null; lastOperatorActionAt?: Date | null };
  policy: Pick<ApprovalPolicy, "stagingStaleHours">;
  now: Date;
}

export interface StagingSensorResult {
  stale: boolean;
  /** Hours since the version entered staging; `null` when it is not in staging (or the time is unknown). */
  hoursInStaging: number | null;
  /** Hours since the later of entering staging and the last operator action; what the threshold applies to. */
  hoursSinceActivity: number | null;
  thresholdHours: number;
  /** The moment the version becomes (or became) stale if nobody acts. */
  staleAt: Date | null;
}

/**
 * docs/promotion.md: a version in staging *longer than* `stagingStaleHours` with no operator action is flagged.
 * Any operator action (a comment, a demote attempt, a re-deploy) restarts the clock.
 */
export function stagingSensor(input: StagingSensorInput): StagingSensorResult {
  const { version, now } = input;
  const thresholdHours = input.policy.stagingStaleHours;
  if (version.state !== "staging" || version.stagingAt === null) {
    return { stale: false, hoursInStaging: null, hoursSinceActivity: null, thresholdHours, staleAt: null };
  }
  const stagingAt = version.stagingAt.getTime();
  const actionAt = version.lastOperatorActionAt?.getTime();
  const since = actionAt !== undefined && actionAt > stagingAt ? actionAt : stagingAt;
  const hoursSinceActivity = (now.getTime() - since) / HOUR_MS;
  return {
    stale: hoursSinceActivity > thresholdHours,
    hoursInStaging: (now.getTime() - stagingAt) / HOUR_MS,
    hoursSinceActivity,
    thresholdHours,
    staleAt: new Date(since + thresholdHours * HOUR_MS),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Ready to bless

export interface SensorInstance {
  id?: string;
  status: string;
  lastHeartbeatAt: Date | null;
  /** What the instance reports running: `{moduleName: ociDigest}`. */
  runningModules: Readonly<Record<string, string>>;
  /** Since when each module has been running its *current* digest (reset when the digest changes). */
  runningSince?: Readonly<Record<string, Date>>;
}

export interface ReadyToBlessInput {
  version: { state: PromotionState; ociDigest: string; moduleName: string };
  instances: readonly SensorInstance[];
  now: Date;
  heartbeatStaleMinutes: number;
}

export interface ReadyToBlessResult {
  ready: boolean;
  /** Only staging versions can be ready to bless; counts are still reported for other states. */
  applicable: boolean;
  requiredInstances: number;
  minRunningMinutes: number;
  /** Healthy instances running the digest, however briefly. */
  healthyInstances: number;
  /** Healthy instances that have run the digest for at least `minRunningMinutes`. */
  qualifyingInstances: number;
  /** When the version became, or will become, ready if the current instances stay healthy; `null` if unknown. */
  readyAt: Date | null;
  /** e.g. "2 of 3 healthy instances have run this version for 30 minutes". */
  summary: string;
}

function isHealthy(instance: SensorInstance, now: Date, staleAfterMinutes: number): boolean {
  return instance.status === "running" && !isHeartbeatStale(instance.lastHeartbeatAt, now, staleAfterMinutes);
}

/**
 * docs/promotion.md: a staging version running on ≥3 healthy instances (status `running`, fresh heartbeat) for ≥30
 * minutes. An instance that does not say since when it runs the digest cannot prove 30 minutes and does not qualify.
 */
export function readyToBless(input: ReadyToBlessInput): ReadyToBlessResult {
  const { version, now } = input;
  const minMs = READY_TO_BLESS_MIN_RUNNING_MINUTES * MINUTE_MS;
  const digest = version.ociDigest.toLowerCase();

  let healthyInstances = 0;
  const qualifiesAt: number[] = [];
  for (const instance of input.instances) {
    if (!isHealthy(instance, now, input.heartbeatStaleMinutes)) continue;
    // Own-property lookups: a module may legitimately be called "constructor".
    const running = Object.hasOwn(instance.runningModules, version.moduleName)
      ? instance.runningModules[version.moduleName]
      : undefined;
    if (running === undefined || running.toLowerCase() !== digest) continue;
    healthyInstances += 1;
    const sinceMap = instance.runningSince;
    const since =
      sinceMap && Object.hasOwn(sinceMap, version.moduleName) ? sinceMap[version.moduleName]?.getTime() : undefined;
    if (since !== undefined && !Number.isNaN(since)) qualifiesAt.push(since + minMs);
  }
  qualifiesAt.sort((a, b) => a - b);
  const t = now.getTime();
  const qualifyingInstances = qualifiesAt.filter((at) => at <= t).length;
  const nth = qualifiesAt[READY_TO_BLESS_MIN_INSTANCES - 1];
  const applicable = version.state === "staging";

  return {
    ready: applicable && qualifyingInstances >= READY_TO_BLESS_MIN_INSTANCES,
    applicable,
    requiredInstances: READY_TO_BLESS_MIN_INSTANCES,
    minRunningMinutes: READY_TO_BLESS_MIN_RUNNING_MINUTES,
    healthyInstances,
    qualifyingInstances,
    readyAt: nth === undefined ? null : new Date(nth),
    summary:
      qualifyingInstances >= READY_TO_BLESS_MIN_INSTANCES
        ? `${qualifyingInstances} healthy instances have run this version for ${READY_TO_BLESS_MIN_RUNNING_MINUTES} minutes`
        : `${qualifyingInstances} of ${READY_TO_BLESS_MIN_INSTANCES} healthy instances have run this version for ${READY_TO_BLESS_MIN_RUNNING_MINUTES} minutes`,
  };
}
