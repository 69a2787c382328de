/**
 * The pipeline sensors (docs/promotion.md) over stored facts: stale staging (`stagingSensor`, the clock restarted by
 * the last audit event on the version — any recorded operator action) and ready to bless (`readyToBless` over what
 * instances report running and since when). Computed on read, never stored: they depend on the clock.
 */
import "server-only";
import type { Db, Tx } from "../db/client";
import { readyToBless, stagingSensor, type ReadyToBlessResult, type SensorInstance, type StagingSensorResult } from "../domain/promotion";
import type { PromotionState } from "../domain/promotion";

/**
 * A heartbeat older than this makes an instance unhealthy for the ready-to-bless sensor. Agents beat about every
 * 30 s; 15 minutes (the staleness the demo story and the drift view use) tolerates a few missed beats and short
 * network trouble without calling a canary fleet unproven.
 */
export const SENSOR_HEARTBEAT_STALE_MINUTES = 15;

export interface SensorVersion {
  id: string;
  moduleName: string;
  state: PromotionState;
  ociDigest: string;
  stagingAt: Date | null;
}

export interface VersionSensors {
  stale: StagingSensorResult | null;
  ready: ReadyToBlessResult | null;
}

function stringMap(value: unknown): Record<string, string> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return {};
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) if (typeof v === "string") out[key] = v;
  return out;
}

/** Running instances that report any of the given modules, as the domain wants them (keyed by module name). */
async function instancesByModule(db: Db | Tx, accountId: string, moduleNames: ReadonlySet<string>): Promise<Map<string, SensorInstance[]>> {
  const byModule = new Map<string, SensorInstance[]>();
  if (moduleNames.size === 0) return byModule;
  // Only running instances can be healthy; the domain still checks heartbeat freshness itself.
  const rows = await db.nodeInstance.findMany({
    where: { accountId, status: "running" },
    select: { id: true, status: true, lastHeartbeatAt: true, runningModules: true, runningSince: true },
  });
  for (const row of rows) {
    const runningModules = stringMap(row.runningModules);
    const sinceRaw = stringMap(row.runningSince);
    const runningSince: Record<string, Date> = {};
    for (const [name, iso] of Object.entries(sinceRaw)) {
      const at = new Date(iso);
      if (!Number.isNaN(at.getTime())) runningSince[name] = at;
    }
    const instance: SensorInstance = { id: row.id, status: row.status, lastHeartbeatAt: row.lastHeartbeatAt, runningModules, runningSince };
    for (const name of Object.keys(runningModules)) {
      if (!moduleNames.has(name)) continue;
      const list = byModule.get(name);
      if (list) list.push(instance);
      else byModule.set(name, [instance]);
    }
  }
  return byModule;
}

/** The last audit event per version: the "operator action" that restarts the stale-staging clock. */
async function lastActionByVersion(db: Db | Tx, accountId: string, versionIds: readonly string[]): Promise<Map<string, Date>> {
  const map = new Map<string, Date>();
  if (versionIds.length === 0) return map;
  const rows = await db.auditEvent.groupBy({
    by: ["targetId"],
    where: { accountId, targetType: "module_version", targetId: { in: [...versionIds] } },
    _max: { createdAt: true },
  });
  for (const row of rows) if (row.targetId && row._max.createdAt) map.set(row.targetId, row._max.createdAt);
  return map;
}

/** Sensors for every staging version given (other states get nulls: neither sensor applies to them). */
export async function computeSensors(
  db: Db | Tx,
  accountId: string,
  versions: readonly SensorVersion[],
  policy: { stagingStaleHours: number },
  now: Date,
): Promise<Map<string, VersionSensors>> {
  const staging = versions.filter((v) => v.state === "staging");
  const result = new Map<string, VersionSensors>();
  for (const v of versions) result.set(v.id, { stale: null, ready: null });
  if (staging.length === 0) return result;
  const [lastAction, instances] = await Promise.all([
    lastActionByVersion(db, accountId, staging.map((v) => v.id)),
    instancesByModule(db, accountId, new Set(staging.map((v) => v.moduleName))),
  ]);
  for (const v of staging) {
    result.set(v.id, {
      stale: stagingSensor({ version: { state: v.state, stagingAt: v.stagingAt, lastOperatorActionAt: lastAction.get(v.id) ?? null }, policy, now }),
      ready: readyToBless({
        version: { state: v.state, ociDigest: v.ociDigest, moduleName: v.moduleName },
        instances: instances.get(v.moduleName) ?? [],
        now,
        heartbeatStaleMinutes: SENSOR_HEARTBEAT_STALE_MINUTES,
      }),
    });
  }
  return result;
}
