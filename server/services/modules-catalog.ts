/**
 * The modules catalog (docs/modules.md): one page of modules with their effective priority, the latest version in each
 * promotion state, and the stale / ready-to-bless flags, plus per-category counts for the sidebar.
 *
 * Built to stay fast on the seed:large dataset (1,000 modules, 10,000 versions, 5,000 instances): filtering,
 * sorting and paging happen in SQL; version facts are read only for the modules on the page; file lists and
 * manifests are never read. Raw SQL is plain PostgreSQL (PGlite is PostgreSQL), typed at the call site.
 */
import "server-only";
import { deriveEffectivePriority, VARIETY_RANK } from "../domain/composition/priority";
import { DEFAULT_HEARTBEAT_STALE_MINUTES } from "../domain/drift/drift";
import { readyToBless, stagingSensor, type SensorInstance } from "../domain/promotion/sensors";
import { PROMOTION_STATES, type PromotionState } from "../domain/promotion/states";
import { Prisma } from "../db/generated/client";
import type { ServiceContext } from "./context";
import type { CatalogSort, ListModulesInput, ModuleVariety } from "../contracts/modules";

export interface VersionRef {
  version: string;
  createdAt: Date;
  previouslyLive: boolean;
  /** Marked bad (docs/rollouts.md): the reason, or null. */
  badReason?: string | null;
}

export interface VersionSummary {
  total: number;
  counts: Record<PromotionState, number>;
  /** The most recently built version, whatever its state (what the catalog's state filter looks at). */
  latest: (VersionRef & { state: PromotionState }) | null;
  /** The most recently built version in each state. */
  latestByState: Partial<Record<PromotionState, VersionRef>>;
  /** The staging version that has waited longest past the account's stagingStaleHours, if any. */
  stale: { version: string; hoursInStaging: number; thresholdHours: number; staleAt: Date } | null;
  /** A staging version the ready-to-bless sensor flags, if any (the newest one). */
  ready: { version: string; summary: string; readyAt: Date | null } | null;
}

function emptyCounts(): Record<PromotionState, number> {
  return Object.fromEntries(PROMOTION_STATES.map((s) => [s, 0])) as Record<PromotionState, number>;
}

function isPromotionState(value: string): value is PromotionState {
  return (PROMOTION_STATES as readonly string[]).includes(value);
}

/**
 * Version facts for a handful of modules (a catalog page, a module page): three small indexed queries whatever
 * the account's size. Sensors are the promotion domain's: stale staging against the account's policy, ready to
 * bless from the running instances' reports.
 */
export async function versionSummaries(ctx: ServiceContext, modules: ReadonlyArray<{ id: string; name: string }>): Promise<Map<string, VersionSummary>> {
  const result = new Map<string, VersionSummary>();
  for (const m of modules) {
    result.set(m.id, { total: 0, counts: emptyCounts(), latest: null, latestByState: {}, stale: null, ready: null });
  }
  if (modules.length === 0) return result;
  const ids = Prisma.join(modules.map((m) => m.id));
  const accountId = ctx.actor.accountId;

  const [perState, staging, policy] = await Promise.all([
    ctx.db.$queryRaw<Array<{ moduleId: string; state: string; version: string; createdAt: Date; previouslyLive: boolean; badReason: string | null; count: number }>>`
      SELECT DISTINCT ON (v."moduleId", v."promotionState")
             v."moduleId", v."promotionState"::text AS state, v.version, v."createdAt", v."previouslyLive",
             CASE WHEN v."badAt" IS NULL THEN NULL ELSE COALESCE(v."badReason", 'marked bad') END AS "badReason",
             (count(*) OVER (PARTITION BY v."moduleId", v."promotionState"))::int AS count
      FROM module_versions v
      WHERE v."accountId" = ${accountId} AND v."moduleId" IN (${ids})
      ORDER BY v."moduleId", v."promotionState", v."createdAt" DESC, v.id DESC`,
    ctx.db.$queryRaw<Array<{ moduleId: string; version: string; ociDigest: string; stagingAt: Date | null }>>`
      SELECT v."moduleId", v.version, v."ociDigest", v."stagingAt"
      FROM module_versions v
      WHERE v."accountId" = ${accountId} AND v."moduleId" IN (${ids}) AND v."promotionState" = 'staging'
      ORDER BY v."createdAt" DESC, v.id DESC`,
    ctx.db.account.findUnique({ where: { id: accountId }, select: { stagingStaleHours: true } }),
  ]);

  for (const row of perState) {
    const summary = result.get(row.moduleId);
    if (!summary || !isPromotionState(row.state)) continue;
    summary.counts[row.state] = row.count;
    summary.total += row.count;
    const ref = { version: row.version, createdAt: row.createdAt, previouslyLive: row.previouslyLive, badReason: row.badReason };
    summary.latestByState[row.state] = ref;
    if (!summary.latest || row.createdAt.getTime() > summary.latest.createdAt.getTime()) summary.latest = { ...ref, state: row.state };
  }

  const now = ctx.now();
  const stagingStaleHours = policy?.stagingStaleHours ?? 24;
  for (const v of staging) {
    const summary = result.get(v.moduleId);
    if (!summary) continue;
    const sensor = stagingSensor({ version: { state: "staging", stagingAt: v.stagingAt }, policy: { stagingStaleHours }, now });
    if (sensor.stale && sensor.hoursInStaging !== null && sensor.staleAt && (!summary.stale || sensor.hoursInStaging > summary.stale.hoursInStaging)) {
      summary.stale = { version: v.version, hoursInStaging: sensor.hoursInStaging, thresholdHours: sensor.thresholdHours, staleAt: sensor.staleAt };
    }
  }

  if (staging.length > 0) {
    const nameById = new Map(modules.map((m) => [m.id, m.name]));
    const pairs = staging.map((v) => ({ name: nameById.get(v.moduleId) ?? "", digest: v.ociDigest }));
    // Only instances that report one of these exact (module, digest) pairs and say they are running: the sensor
    // still decides health (fresh heartbeat) and duration; this just keeps thousands of unrelated instances out.
    // `@>` is answered by the GIN index on runningModules (one index probe per pair instead of a scan).
    const reports = await ctx.db.$queryRaw<Array<{ id: string; status: string; lastHeartbeatAt: Date | null; name: string; digest: string; since: string | null }>>`
      SELECT i.id, i.status::text AS status, i."lastHeartbeatAt", p.name,
             i."runningModules" ->> p.name AS digest, i."runningSince" ->> p.name AS since
      FROM (VALUES ${Prisma.join(pairs.map((p) => Prisma.sql`(${p.name}::text, ${p.digest}::text)`))}) AS p(name, digest)
      JOIN node_instances i ON i."runningModules" @> jsonb_build_object(p.name, p.digest)
      WHERE i."accountId" = ${accountId} AND i.status = 'running'`;
    const byModule = new Map<string, SensorInstance[]>();
    for (const r of reports) {
      const since = r.since ? new Date(r.since) : null;
      const instance: SensorInstance = {
        id: r.id,
        status: r.status,
        lastHeartbeatAt: r.lastHeartbeatAt,
        runningModules: { [r.name]: r.digest },
        ...(since && !Number.isNaN(since.getTime()) ? { runningSince: { [r.name]: since } } : {}),
      };
      const list = byModule.get(r.name);
      if (list) list.push(instance);
      else byModule.set(r.name, [instance]);
    }
    for (const v of staging) {
      const summary = result.get(v.moduleId);
      const name = nameById.get(v.moduleId);
      if (!summary || !name || summary.ready) continue;
      const verdict = readyToBless({
        version: { state: "staging", ociDigest: v.ociDigest, moduleName: name },
        instances: byModule.get(name) ?? [],
        now,
        heartbeatStaleMinutes: DEFAULT_HEARTBEAT_STALE_MINUTES,
      });
      if (verdict.ready) summary.ready = { version: v.version, summary: verdict.summary, readyAt: verdict.readyAt };
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------

/**
 * The effective-priority formula (docs/composition.md) in SQL, built from the same rank table as
 * deriveEffectivePriority so they cannot diverge.
 */
const VARIETY_RANK_SQL = Prisma.sql`CASE m.variety::text ${Prisma.join(
  Object.entries(VARIETY_RANK).map(([variety, rank]) => Prisma.sql`WHEN ${variety} THEN ${rank}::int`),
  " ",
)} ELSE 0 END`;

const SORT_SQL: Record<CatalogSort, string> = {
  name: `name`,
  priority: `priority`,
  effectivePriority: `"effectivePriority"`,
  updated: `"updatedAt"`,
  category: `"categoryPosition"`,
};

/** `%` and `_` in a search are characters, not wildcards. */
function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

interface CatalogRow {
  id: string;
  name: string;
  displayName: string;
  variety: ModuleVariety;
  priority: number;
  updatedAt: Date;
  categorySlug: string;
  categoryName: string;
  categoryPosition: number;
  effectivePriority: number;
}

export async function listModules(ctx: ServiceContext, input: ListModulesInput) {
  const accountId = ctx.actor.accountId;

  const conditions: Prisma.Sql[] = [Prisma.sql`m."accountId" = ${accountId}`];
  if (input.search) {
    const pattern = likePattern(input.search);
    conditions.push(Prisma.sql`(m.name ILIKE ${pattern} OR m."displayName" ILIKE ${pattern} OR m.description ILIKE ${pattern})`);
  }
  if (input.variety) conditions.push(Prisma.sql`m.variety::text = ${input.variety}`);
  // The latest version's state lives on the module row (kept by a trigger; docs/performance.md, Latest state).
  if (input.state === "none") conditions.push(Prisma.sql`m."latestState" IS NULL`);
  else if (input.state) conditions.push(Prisma.sql`m."latestState" = ${input.state}::"PromotionState"`);

  const filtered = Prisma.sql`
    SELECT m.id, m.name, m."displayName", m.variety::text AS variety, m.priority, m."updatedAt",
           c.slug AS "categorySlug", c.name AS "categoryName", c.position AS "categoryPosition",
           ((c.position + ${VARIETY_RANK_SQL}) * 1000 + m.priority)::int AS "effectivePriority"
    FROM modules m
    JOIN categories c ON c.id = m."categoryId"
    WHERE ${Prisma.join(conditions, " AND ")}`;

  const direction = input.direction === "desc" ? "DESC" : "ASC";
  // Name breaks ties (then id), so paging is stable whatever the sort.
  const orderBy = Prisma.raw(
    input.sort === "name" ? `name ${direction}, id ASC` : `${SORT_SQL[input.sort]} ${direction}, name ASC, id ASC`,
  );
  const offset = (input.page - 1) * input.pageSize;

  const [rows, facets, categories] = await Promise.all([
    ctx.db.$queryRaw<CatalogRow[]>`
      SELECT * FROM (${filtered}) f
      ${input.category ? Prisma.sql`WHERE f."categorySlug" = ${input.category}` : Prisma.empty}
      ORDER BY ${orderBy}
      LIMIT ${input.pageSize} OFFSET ${offset}`,
    ctx.db.$queryRaw<Array<{ slug: string; count: number }>>`
      SELECT f."categorySlug" AS slug, count(*)::int AS count FROM (${filtered}) f GROUP BY f."categorySlug"`,
    ctx.db.category.findMany({ where: { accountId }, select: { slug: true, name: true, position: true }, orderBy: [{ position: "asc" }, { slug: "asc" }] }),
  ]);

  // Counts ignore the category filter (they are the sidebar's choices) but honour every other filter.
  const countBySlug = new Map(facets.map((f) => [f.slug, f.count]));
  const allCount = facets.reduce((sum, f) => sum + f.count, 0);
  const total = input.category ? (countBySlug.get(input.category) ?? 0) : allCount;
  const summaries = await versionSummaries(ctx, rows);

  return {
    total,
    page: input.page,
    pageSize: input.pageSize,
    categories: categories.map((c) => ({ ...c, count: countBySlug.get(c.slug) ?? 0 })),
    allCount,
    modules: rows.map((row) => {
      const derivation = deriveEffectivePriority({
        categorySlug: row.categorySlug,
        categoryPosition: row.categoryPosition,
        variety: row.variety,
        priority: row.priority,
      });
      const summary = summaries.get(row.id);
      return {
        id: row.id,
        name: row.name,
        displayName: row.displayName,
        variety: row.variety,
        priority: row.priority,
        updatedAt: row.updatedAt,
        category: { slug: row.categorySlug, name: row.categoryName, position: row.categoryPosition },
        effectivePriority: derivation.effective,
        derivation: derivation.text,
        versions: summary ?? null,
      };
    }),
  };
}
export type ModuleCatalog = Awaited<ReturnType<typeof listModules>>;
export type CatalogModule = ModuleCatalog["modules"][number];
