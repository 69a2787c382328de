/**
 * The pipeline sensors (docs/promotion.md) over stored facts: stale staging (`stagingSensor`, the clock restarted by
 * the last audit event on the version — any recorded operator action) and ready to bless (`readyToBless` over what
 * instances report running and since when). Computed on read, never stored: they depend on the clock.
 */
import "server-only";
import type { Db, Tx } from "../db/client";
import { readyToBless, stagingSensor, type ReadyToBlessResult, type SensorInstance, type StagingSensorResult } from "../domain/promotion";
import type { PromotionState } from "../domain/promotion";
import type { Actor } from "../auth/actor";
import { recordAudit } from "./audit";
import { serviceContext } from "./context";
import { runInTransaction } from "./transaction";

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

/**
 * What the sensors job records (docs/promotion.md, Sensors): once per staging period, when a version turns stale and
 * when it turns ready to bless. They are the clock's findings, not operator actions, so they never restart the
 * stale clock.
 */
export const SENSOR_EVENT_ACTIONS = { stale: "version.staging_stale", ready: "version.ready_to_bless" } as const;
const SENSOR_ACTOR_LABEL = "system:sensors";

/** The last audit event per version: the "operator action" that restarts the stale-staging clock. */
async function lastActionByVersion(db: Db | Tx, accountId: string, versionIds: readonly string[]): Promise<Map<string, Date>> {
  const map = new Map<string, Date>();
  if (versionIds.length === 0) return map;
  const rows = await db.auditEvent.groupBy({
    by: ["targetId"],
    where: {
      accountId,
      targetType: "module_version",
      targetId: { in: [...versionIds] },
      action: { notIn: [SENSOR_EVENT_ACTIONS.stale, SENSOR_EVENT_ACTIONS.ready] },
    },
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

/** Staging versions one account's sensor pass reads at most; the oldest first, so a backlog drains over ticks. */
const SENSOR_BATCH = 500;

/**
 * The sensors job: records `version.staging_stale` and `version.ready_to_bless` once per staging period of each
 * version. Each version is decided under a transaction-scoped advisory lock on its id, and "once" is checked against
 * the events already recorded since the version entered staging, so concurrent or repeated runs add nothing.
 */
export async function recordSensorEvents(db: Db, now: Date): Promise<number> {
  const accounts = await db.account.findMany({
    where: { versions: { some: { promotionState: "staging" } } },
    select: { id: true, slug: true, stagingStaleHours: true },
  });
  let recorded = 0;
  for (const account of accounts) {
    const versions = await db.moduleVersion.findMany({
      where: { accountId: account.id, promotionState: "staging" },
      orderBy: { stagingAt: "asc" },
      take: SENSOR_BATCH,
      select: { id: true, version: true, ociDigest: true, stagingAt: true, module: { select: { name: true } } },
    });
    const sensors = await computeSensors(
      db,
      account.id,
      versions.map((v) => ({ id: v.id, moduleName: v.module.name, state: "staging" as const, ociDigest: v.ociDigest, stagingAt: v.stagingAt })),
      { stagingStaleHours: account.stagingStaleHours },
      now,
    );
    for (const v of versions) {
      const found = sensors.get(v.id);
      const due: { action: string; after: unknown }[] = [];
      if (found?.stale?.stale) due.push({ action: SENSOR_EVENT_ACTIONS.stale, after: { hoursSinceActivity: found.stale.hoursSinceActivity, thresholdHours: found.stale.thresholdHours } });
      if (found?.ready?.ready) due.push({ action: SENSOR_EVENT_ACTIONS.ready, after: { qualifyingInstances: found.ready.qualifyingInstances, requiredInstances: found.ready.requiredInstances } });
      if (due.length === 0) continue;
      recorded += await runInTransaction(db, async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`sensor:${v.id}`}))`;
        const current = await tx.moduleVersion.findUnique({ where: { id: v.id }, select: { promotionState: true, stagingAt: true } });
        if (current?.promotionState !== "staging") return 0;
        const already = await tx.auditEvent.findMany({
          where: { accountId: account.id, targetType: "module_version", targetId: v.id, action: { in: due.map((d) => d.action) }, createdAt: { gte: current.stagingAt ?? new Date(0) } },
          select: { action: true },
        });
        let added = 0;
        const actor: Actor = { kind: "system", label: SENSOR_ACTOR_LABEL, accountId: account.id, accountSlug: account.slug, role: "viewer" };
        for (const event of due) {
          if (already.some((a) => a.action === event.action)) continue;
          await recordAudit(tx, serviceContext(db, actor, () => now), {
            action: event.action,
            targetType: "module_version",
            targetId: v.id,
            targetLabel: `${v.module.name}@${v.version}`,
            after: event.after,
          });
          added += 1;
        }
        return added;
      });
    }
  }
  return recorded;
}
