import "server-only";
import { actorHas } from "../auth/actor";
import { activeFreezeWindows } from "../domain/promotion";
import type { ServiceContext } from "./context";
import { fleetSummary } from "./instances";
import { loadPolicy } from "./promotion-policy";
import { computeSensors } from "./promotion-sensors";

/** Staging versions the home page's sensors read at most (the sensors job has the same bound). */
const STAGING_LIMIT = 500;
/** Named items listed under a count; the count itself is exact. */
const NAMED_LIMIT = 5;
/** Rejected ingests count when they happened within this window. */
const INGEST_WINDOW_HOURS = 24;

/**
 * What needs a person now, for the attention home (docs/ui.md, "The attention home"): each entry is a count the
 * page links to its filtered list. Every query is scoped to the caller's account and bounded (counts, or at most
 * STAGING_LIMIT / NAMED_LIMIT rows), so the page costs the same on a large fleet.
 */
export async function attentionSummary(ctx: ServiceContext) {
  const accountId = ctx.actor.accountId;
  const now = ctx.now();
  const actor = ctx.actor;
  const userId = actor.kind === "user" ? actor.userId : null;
  const canApprove = userId !== null && actorHas(actor, "versions.approve");
  const pendingWhere = { accountId, status: "pending" as const, expiresAt: { gt: now } };
  const ingestSince = new Date(now.getTime() - INGEST_WINDOW_HOURS * 3_600_000);

  const [policy, pending, mine, staging, fleet, rejectedCount, rejectedByModule, acceptedCount, acceptedTemplates, rollouts] = await Promise.all([
    loadPolicy(ctx.db, accountId, now),
    ctx.db.promotionRequest.count({ where: pendingWhere }),
    // Mine to decide: not my own request, and not one I have already decided.
    canApprove
      ? ctx.db.promotionRequest.count({
          where: { ...pendingWhere, OR: [{ requestedById: null }, { requestedById: { not: userId } }], approvals: { none: { userId } } },
        })
      : Promise.resolve(null),
    ctx.db.moduleVersion.findMany({
      where: { accountId, promotionState: "staging" },
      select: { id: true, version: true, ociDigest: true, stagingAt: true, promotionState: true, module: { select: { name: true } } },
      orderBy: [{ stagingAt: "asc" }, { id: "asc" }],
      take: STAGING_LIMIT,
    }),
    fleetSummary(ctx),
    ctx.db.ingestAttempt.count({ where: { accountId, outcome: "rejected", at: { gte: ingestSince } } }),
    ctx.db.ingestAttempt.groupBy({
      by: ["moduleId"],
      where: { accountId, outcome: "rejected", at: { gte: ingestSince } },
      _count: { _all: true },
      orderBy: { _count: { moduleId: "desc" } },
      take: NAMED_LIMIT,
    }),
    ctx.db.template.count({ where: { accountId, overrideReason: { not: null } } }),
    ctx.db.template.findMany({
      where: { accountId, overrideReason: { not: null } },
      select: { id: true, name: true, overrideReason: true, overrideAt: true },
      orderBy: [{ overrideAt: "desc" }, { id: "asc" }],
      take: NAMED_LIMIT,
    }),
    ctx.db.rollout.groupBy({ by: ["state"], where: { accountId, state: { in: ["progressing", "paused", "halted"] } }, _count: { _all: true } }),
  ]);
  const rolloutCount = (state: string) => rollouts.find((r) => r.state === state)?._count._all ?? 0;

  const sensors = await computeSensors(
    ctx.db,
    accountId,
    staging.map((v) => ({ id: v.id, moduleName: v.module.name, state: v.promotionState, ociDigest: v.ociDigest, stagingAt: v.stagingAt })),
    policy,
    now,
  );
  const ready: Array<{ module: string; version: string }> = [];
  const stale: Array<{ module: string; version: string }> = [];
  for (const v of staging) {
    const s = sensors.get(v.id);
    if (s?.ready?.ready) ready.push({ module: v.module.name, version: v.version });
    if (s?.stale?.stale) stale.push({ module: v.module.name, version: v.version });
  }
  const moduleNames = new Map(
    (await ctx.db.module.findMany({ where: { accountId, id: { in: rejectedByModule.map((r) => r.moduleId) } }, select: { id: true, name: true } })).map((m) => [m.id, m.name]),
  );

  return {
    now,
    approvals: { pending, mine },
    pipeline: {
      readyToBless: ready.length,
      readyVersions: ready.slice(0, NAMED_LIMIT),
      staleStaging: stale.length,
      staleVersions: stale.slice(0, NAMED_LIMIT),
      stagingStaleHours: policy.stagingStaleHours,
      /** More staging versions exist than were read; the two counts are then lower bounds. */
      truncated: staging.length === STAGING_LIMIT,
    },
    fleet: {
      total: fleet.total,
      drifted: fleet.drifted.critical + fleet.drifted.high + fleet.drifted.medium,
      criticalDrift: fleet.drifted.critical,
      stale: fleet.stale,
    },
    ingest: {
      rejected: rejectedCount,
      windowHours: INGEST_WINDOW_HOURS,
      modules: rejectedByModule.map((r) => ({ name: moduleNames.get(r.moduleId) ?? "?", count: r._count._all })).filter((m) => m.name !== "?"),
    },
    compositions: {
      acceptedErrors: acceptedCount,
      templates: acceptedTemplates.map((t) => ({ id: t.id, name: t.name, reason: t.overrideReason ?? "", at: t.overrideAt })),
    },
    rollouts: { progressing: rolloutCount("progressing"), paused: rolloutCount("paused"), halted: rolloutCount("halted") },
    freezes: activeFreezeWindows(policy.freezeWindows, now).map((w) => ({ reason: w.reason, endsAt: w.endsAt })),
  };
}

export type AttentionSummary = Awaited<ReturnType<typeof attentionSummary>>;

/** Results per kind in the command palette. */
const PALETTE_LIMIT = 6;

/**
 * The command palette's search: modules, templates, instances and pending live requests of the caller's account
 * whose name contains the query (case-insensitive), at most PALETTE_LIMIT of each, names first.
 */
export async function paletteSearch(ctx: ServiceContext, input: { query: string }) {
  const accountId = ctx.actor.accountId;
  const contains = { contains: input.query, mode: "insensitive" as const };
  const [modules, templates, instances, requests] = await Promise.all([
    ctx.db.module.findMany({
      where: { accountId, OR: [{ name: contains }, { displayName: contains }] },
      select: { name: true, displayName: true },
      orderBy: { name: "asc" },
      take: PALETTE_LIMIT,
    }),
    ctx.db.template.findMany({ where: { accountId, name: contains }, select: { id: true, name: true }, orderBy: { name: "asc" }, take: PALETTE_LIMIT }),
    ctx.db.nodeInstance.findMany({
      where: { accountId, decommissionedAt: null, name: contains },
      select: { id: true, name: true },
      orderBy: { name: "asc" },
      take: PALETTE_LIMIT,
    }),
    ctx.db.promotionRequest.findMany({
      where: { accountId, status: "pending", expiresAt: { gt: ctx.now() }, moduleVersion: { module: { name: contains } } },
      select: { id: true, moduleVersion: { select: { version: true, module: { select: { name: true } } } } },
      orderBy: { expiresAt: "asc" },
      take: PALETTE_LIMIT,
    }),
  ]);
  return {
    modules: modules.map((m) => ({ name: m.name, displayName: m.displayName })),
    templates,
    instances,
    approvals: requests.map((r) => ({ id: r.id, moduleName: r.moduleVersion.module.name, version: r.moduleVersion.version })),
  };
}
