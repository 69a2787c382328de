const MINUTE_MS = 60_000;

/** A heartbeat older than this is stale unless the caller configures otherwise (agents beat about every 30 s). */
export const DEFAULT_HEARTBEAT_STALE_MINUTES = 5;

/** docs/promotion.md: critical at ≥5 differences, high at ≥3, medium at ≥1. */
export const DRIFT_SEVERITY_THRESHOLDS = { critical: 5, high: 3, medium: 1 } as const;

export const DRIFT_SEVERITIES = ["none", "medium", "high", "critical"] as const;
export type DriftSeverity = (typeof DRIFT_SEVERITIES)[number];

/** True when there is no heartbeat or the last one is *more than* `staleAfterMinutes` old. */
export function isHeartbeatStale(lastHeartbeatAt: Date | null | undefined, now: Date, staleAfterMinutes: number): boolean {
  if (!lastHeartbeatAt) return true;
  return now.getTime() - lastHeartbeatAt.getTime() > staleAfterMinutes * MINUTE_MS;
}

export function driftSeverity(differences: number): DriftSeverity {
  if (differences >= DRIFT_SEVERITY_THRESHOLDS.critical) return "critical";
  if (differences >= DRIFT_SEVERITY_THRESHOLDS.high) return "high";
  if (differences >= DRIFT_SEVERITY_THRESHOLDS.medium) return "medium";
  return "none";
}

export interface DesiredModule {
  moduleName: string;
  ociDigest: string;
  version: string;
}

export interface ComputeDriftInput {
  desired: readonly DesiredModule[];
  /** What the instance last reported running: `{moduleName: ociDigest}`. */
  reported: Readonly<Record<string, string>>;
  lastHeartbeatAt: Date | null;
  now: Date;
  staleAfterMinutes: number;
}

export interface MissingModule {
  moduleName: string;
  want: string;
  version: string;
}
export interface ExtraModule {
  moduleName: string;
  have: string;
}
export interface MismatchedModule {
  moduleName: string;
  want: string;
  have: string;
  /** The desired version's semver, for display next to the digests. */
  version: string;
}

export interface DriftReport {
  missing: MissingModule[];
  extra: ExtraModule[];
  mismatched: MismatchedModule[];
  differences: number;
  severity: DriftSeverity;
  stale: boolean;
  /** No heartbeat ever arrived: `reported` is empty by necessity, so everything desired is missing. */
  neverReported: boolean;
  /** Minutes since the last heartbeat (negative if the agent's clock runs ahead); `null` when never reported. */
  heartbeatAgeMinutes: number | null;
}

/** Digests are hex; a case difference is not drift. */
function sameDigest(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

const byName = (a: { moduleName: string }, b: { moduleName: string }) =>
  a.moduleName < b.moduleName ? -1 : a.moduleName > b.moduleName ? 1 : 0;

/**
 * Drift of one instance (docs/promotion.md). Differences are computed from the last report even when the heartbeat is
 * stale — it is the best knowledge there is — and `stale` says how far to trust it. Lists are sorted by name.
 */
export function computeDrift(input: ComputeDriftInput): DriftReport {
  const { reported } = input;
  const missing: MissingModule[] = [];
  const mismatched: MismatchedModule[] = [];
  const desiredNames = new Set<string>();

  for (const d of input.desired) {
    if (desiredNames.has(d.moduleName)) continue;
    desiredNames.add(d.moduleName);
    // Own-property lookup: a module may legitimately be called "constructor".
    const have = Object.hasOwn(reported, d.moduleName) ? reported[d.moduleName] : undefined;
    if (have === undefined) missing.push({ moduleName: d.moduleName, want: d.ociDigest, version: d.version });
    else if (!sameDigest(have, d.ociDigest))
      mismatched.push({ moduleName: d.moduleName, want: d.ociDigest, have, version: d.version });
  }
  const extra: ExtraModule[] = Object.entries(reported)
    .filter(([name]) => !desiredNames.has(name))
    .map(([moduleName, have]) => ({ moduleName, have }));

  missing.sort(byName);
  mismatched.sort(byName);
  extra.sort(byName);
  const differences = missing.length + extra.length + mismatched.length;
  const last = input.lastHeartbeatAt;
  return {
    missing,
    extra,
    mismatched,
    differences,
    severity: driftSeverity(differences),
    stale: isHeartbeatStale(last, input.now, input.staleAfterMinutes),
    neverReported: last === null,
    heartbeatAgeMinutes: last === null ? null : (input.now.getTime() - last.getTime()) / MINUTE_MS,
  };
}

export interface FleetDriftSummary {
  total: number;
  bySeverity: Record<DriftSeverity, number>;
  /** Instances with at least one difference. */
  drifted: number;
  stale: number;
  /** No difference and a fresh heartbeat. */
  inSync: number;
}

export function summarizeFleetDrift(instances: readonly Pick<DriftReport, "severity" | "stale">[]): FleetDriftSummary {
  const bySeverity: Record<DriftSeverity, number> = { none: 0, medium: 0, high: 0, critical: 0 };
  let stale = 0;
  let inSync = 0;
  for (const i of instances) {
    bySeverity[i.severity] += 1;
    if (i.stale) stale += 1;
    else if (i.severity === "none") inSync += 1;
  }
  return { total: instances.length, bySeverity, drifted: instances.length - bySeverity.none, stale, inSync };
}
