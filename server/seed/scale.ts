import type { Db } from "../db/client";
import { AppError } from "../errors";
import { createAccount } from "../services/accounts";
import { createAccountInput } from "../contracts/accounts";
import { seedLarge } from "./large";

/**
 * The platform-scale dataset (docs/performance.md, Datasets): `seed:large --scale N` is today's realistic 1,000
 * modules / 10,000 versions / 200 templates / 5,000 instances (seedLarge, through Prisma) plus, for N > 1, bulk
 * rows generated inside PostgreSQL with `INSERT … SELECT generate_series` up to N × (1,000 modules, 10,000
 * versions, 1,000 instances, 100,000 audit events), spread over the target account (55 %) and three more
 * accounts (15 % each), so every query also has other tenants' rows to skip. Rows come straight from SQL, not
 * the services: 10 million audit events through `recordAudit` would take hours and measure nothing the
 * benchmarks are about. They obey the rules the services keep: one live version per module, pins only on
 * blessed/live versions, audit events only in their account.
 */

export const SCALE_PREFIX = "bulk-";
export const SCALE_PER_UNIT = { modules: 1_000, versions: 10_000, instances: 1_000, auditEvents: 100_000 } as const;
/** The largest template: what composition, blast radius and desired state are measured on. */
export const LARGEST_TEMPLATE = { name: `${SCALE_PREFIX}largest`, modules: 200, instances: 5_000 } as const;

const SHARES = [0.55, 0.15, 0.15, 0.15] as const;
/** Rows per INSERT: progress in the log, and no single statement of many minutes. */
const AUDIT_CHUNK = 500_000;

/** What the bulk part generates: `catalog` = modules, versions, templates, promotion requests and approvals. */
export const SCALE_PARTS = ["catalog", "instances", "audit"] as const;
export type ScalePart = (typeof SCALE_PARTS)[number];

export interface ScaleOptions {
  scale: number;
  /** A subset, when the whole of a large scale takes too long to generate (docs/performance.md). Default: all. */
  parts?: readonly ScalePart[];
  now?: Date;
  log?: (line: string) => void;
}

export interface ScaleResult {
  scale: number;
  accounts: string[];
  modules: number;
  versions: number;
  templates: number;
  instances: number;
  promotionRequests: number;
  approvals: number;
  auditEvents: number;
  seconds: Record<string, number>;
}

async function ensureAccount(db: Db, slug: string, now: Date): Promise<string> {
  const found = await db.account.findUnique({ where: { slug }, select: { id: true } });
  if (found) return found.id;
  return (await createAccount(db, createAccountInput.parse({ slug, name: `Scale ${slug}` }), now)).id;
}

/** Runs `fn` and records how long it took under `step` (the seed reports its generation time per table). */
async function timed<T>(seconds: Record<string, number>, step: string, log: (line: string) => void, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  const result = await fn();
  seconds[step] = (seconds[step] ?? 0) + (Date.now() - started) / 1000;
  log(`${step}: ${seconds[step]?.toFixed(1)} s`);
  return result;
}

/**
 * Drops the table's secondary indexes, runs `fill`, and builds them again: one sorted build per index is many
 * times faster than maintaining five B-trees row by row over millions of inserts. Only for the seed of a
 * benchmark database.
 */
async function withIndexesRebuilt(db: Db, table: string, fill: () => Promise<void>): Promise<void> {
  const indexes = await db.$queryRaw<{ indexname: string; indexdef: string }[]>`
    SELECT i.indexname, i.indexdef FROM pg_indexes i
    WHERE i.schemaname = current_schema() AND i.tablename = ${table}
      AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`;
  for (const index of indexes) await db.$executeRawUnsafe(`DROP INDEX "${index.indexname}"`);
  try {
    await fill();
  } finally {
    await db.$executeRawUnsafe("SET maintenance_work_mem = '256MB'");
    for (const index of indexes) await db.$executeRawUnsafe(index.indexdef);
  }
}

export async function seedScale(db: Db, accountSlug: string, options: ScaleOptions): Promise<ScaleResult> {
  const scale = options.scale;
  if (!Number.isInteger(scale) || scale < 1 || scale > 1000) throw new AppError("BAD_REQUEST", "--scale is a whole number from 1 to 1000.");
  const now = options.now ?? new Date();
  const log = options.log ?? (() => undefined);
  const seconds: Record<string, number> = {};
  const parts = new Set<ScalePart>(options.parts ?? SCALE_PARTS);

  const base = await timed(seconds, "seed:large (scale 1, through Prisma)", log, () => seedLarge(db, accountSlug, { now, log: (line) => log(`  ${line}`) }));
  const result: ScaleResult = {
    scale,
    accounts: [accountSlug],
    modules: base.modules,
    versions: base.versions,
    templates: base.templates,
    instances: base.instances,
    promotionRequests: 0,
    approvals: 0,
    auditEvents: 0,
    seconds,
  };
  const primaryId = (await db.account.findUniqueOrThrow({ where: { slug: accountSlug }, select: { id: true } })).id;

  // The largest template, in every dataset: 200 of the realistic modules (file lists, manifests) with a live
  // version, and 5,000 nodes running its desired state, a tenth of them drifted.
  await timed(seconds, "largest template", log, async () => {
    const templateId = crypto.randomUUID();
    await db.template.create({ data: { id: templateId, accountId: primaryId, name: LARGEST_TEMPLATE.name, description: "The largest template: 200 modules, 5,000 instances." } });
    await db.$executeRaw`
      INSERT INTO template_modules (id, "accountId", "templateId", "moduleId", enabled, metadata, "updatedAt")
      SELECT gen_random_uuid()::text, ${primaryId}, ${templateId}, m.id, true, '{}'::jsonb, ${now}
      FROM modules m
      WHERE m."accountId" = ${primaryId} AND m.name LIKE 'scale-%' AND m.variety <> 'config'
        AND EXISTS (SELECT 1 FROM module_versions v WHERE v."moduleId" = m.id AND v."promotionState" = 'live')
      ORDER BY m.name
      LIMIT ${LARGEST_TEMPLATE.modules}`;
    await db.$executeRaw`
      WITH desired AS (
        SELECT jsonb_object_agg(m.name, v."ociDigest") AS modules, count(*)::int AS n
        FROM template_modules tm JOIN modules m ON m.id = tm."moduleId"
        JOIN module_versions v ON v."moduleId" = m.id AND v."promotionState" = 'live'
        WHERE tm."templateId" = ${templateId}
      )
      INSERT INTO node_instances (id, "accountId", "templateId", name, arch, status, "lastHeartbeatAt", "runningModules",
                                  "driftSeverity", "driftDifferences", "modulesInSync", "modulesDesired", "createdAt")
      SELECT gen_random_uuid()::text, ${primaryId}, ${templateId}, 'largest-' || lpad(g::text, 5, '0'),
             (CASE WHEN g % 4 = 0 THEN 'arm64' ELSE 'amd64' END)::"Arch", 'running'::"InstanceStatus",
             ${now}::timestamp - (g % 240) * interval '1 second',
             CASE WHEN g % 10 = 0 THEN d.modules - (SELECT min(k) FROM jsonb_object_keys(d.modules) k) ELSE d.modules END,
             (CASE WHEN g % 10 = 0 THEN 'medium' ELSE 'none' END)::"DriftSeverity",
             CASE WHEN g % 10 = 0 THEN 1 ELSE 0 END, d.n - CASE WHEN g % 10 = 0 THEN 1 ELSE 0 END, d.n,
             ${now}::timestamp - g * interval '1 minute'
      FROM generate_series(1, ${LARGEST_TEMPLATE.instances}) g, desired d`;
    result.templates += 1;
    result.instances += LARGEST_TEMPLATE.instances;
  });

  const accounts = SHARES.map((_, i) => (i === 0 ? accountSlug : `${accountSlug}-tenant-${String.fromCharCode(97 + i)}`));
  const totals = {
    modules: parts.has("catalog") ? Math.max(0, SCALE_PER_UNIT.modules * scale - base.modules) : 0,
    instances: parts.has("instances") ? Math.max(0, SCALE_PER_UNIT.instances * scale - base.instances - LARGEST_TEMPLATE.instances) : 0,
    auditEvents: parts.has("audit") ? SCALE_PER_UNIT.auditEvents * scale : 0,
  };
  if (scale === 1) totals.auditEvents = 0;
  if (totals.modules === 0 && totals.instances === 0 && totals.auditEvents === 0) return result;
  result.accounts = accounts;
  const auditPlan: { accountId: string; events: number; modules: number }[] = [];

  for (const [i, slug] of accounts.entries()) {
    const share = SHARES[i] ?? 0;
    const accountId = await ensureAccount(db, slug, now);
    const modules = Math.round(totals.modules * share);
    const instances = Math.round(totals.instances * share);
    const templates = modules > 0 ? Math.max(5, Math.min(300, Math.round(3 * scale * share))) : 0;
    const categories = (await db.category.findMany({ where: { accountId }, orderBy: { position: "asc" }, select: { id: true } })).map((c) => c.id);
    const approver = await db.user.upsert({
      where: { email: `approver@${slug}.scale.invalid` },
      update: {},
      // Not a password hash: nobody signs in as the generated approver.
      create: { email: `approver@${slug}.scale.invalid`, name: `Approver of ${slug}`, passwordHash: "!" },
      select: { id: true },
    });
    log(`${slug}: ${modules} modules, ${templates} templates, ${instances} instances, ${Math.round(totals.auditEvents * share)} audit events`);

    if (modules > 0) {
      await timed(seconds, "modules", log, () => db.$executeRaw`
        INSERT INTO modules (id, "accountId", name, "displayName", description, "categoryId", variety, priority, visibility, "manifestYaml", "createdAt", "updatedAt")
        SELECT gen_random_uuid()::text, ${accountId}, ${SCALE_PREFIX} || lpad(g::text, 6, '0'), 'Bulk module ' || g,
               'Generated for the platform-scale benchmark (docs/performance.md).',
               (${categories}::text[])[1 + g % ${categories.length}], 'subscription'::"ModuleVariety", g % 1000,
               'private'::"Visibility",
               'schema_version: 1' || chr(10) || 'name: ' || ${SCALE_PREFIX} || lpad(g::text, 6, '0') || chr(10) || 'file_spec:' || chr(10) || '  - /opt/' || ${SCALE_PREFIX} || lpad(g::text, 6, '0') || '/**' || chr(10),
               ${now}::timestamp - (g % 700) * interval '1 day', ${now}::timestamp - (g % 90) * interval '1 hour'
        FROM generate_series(1, ${modules}) g`);
      result.modules += modules;

      // Version histories: 1–19 versions per module (10 on average), newest first by position p (0 = newest).
      // A fifth of the modules have a new build in built/staging on top; then the live version, two blessed
      // (the one just before live was live before), and retired history below.
      // The latest-state trigger would update a module row per inserted version: off for the bulk insert, then
      // one pass sets every generated module's latest state (docs/performance.md, Latest state).
      await db.$executeRaw`ALTER TABLE module_versions DISABLE TRIGGER module_versions_latest_state`;
      const versions = await timed(seconds, "versions", log, () => db.$executeRaw`
        INSERT INTO module_versions (id, "accountId", "moduleId", version, "promotionState", "manifestYaml", "ociRef", "ociDigest",
                                     "fileList", "packageList", "signerIdentity", "signerIssuer", "signatureVerifiedAt", "createdAt",
                                     "stagingAt", "blessedAt", "liveAt", "retiredAt", "retiredReason", "previouslyLive", "stateChangedAt")
        SELECT gen_random_uuid()::text, ${accountId}, s.id, '1.' || s.v || '.0',
               s.state::"PromotionState", '', 'registry.example.com/' || ${slug} || '/' || s.name || ':1.' || s.v || '.0',
               'sha256:' || encode(sha256(convert_to(s.id || ':' || s.v, 'UTF8')), 'hex'),
               ARRAY['/opt/' || s.name || '/bin/run', '/opt/' || s.name || '/lib/v' || s.v || '.so', '/etc/' || s.name || '.conf'],
               ARRAY['libc6', s.name || '-runtime'], 'https://ci.example.com/' || s.name, 'https://token.actions.githubusercontent.com',
               s.at, s.at,
               CASE WHEN s.state IN ('staging', 'blessed', 'live', 'retired') THEN s.at + interval '2 hours' END,
               CASE WHEN s.state IN ('blessed', 'live', 'retired') THEN s.at + interval '1 day' END,
               CASE WHEN s.state = 'live' OR (s.state IN ('blessed', 'retired') AND s.p > s.top) THEN s.at + interval '2 days' END,
               CASE WHEN s.state = 'retired' THEN s.at + interval '30 days' END,
               CASE WHEN s.state = 'retired' THEN 'superseded' END,
               s.state = 'blessed' AND s.p = s.top + 1,
               s.at + interval '1 day'
        FROM (
          SELECT m.id, m.name, k.n - p AS v, p, k.top, ${now}::timestamp - (p * 7 + 1) * interval '1 day' - (k.h % 24) * interval '1 hour' AS at,
                 CASE WHEN p < k.top THEN (CASE WHEN k.h % 2 = 0 THEN 'built' ELSE 'staging' END)
                      WHEN p = k.top THEN 'live'
                      WHEN p <= k.top + 2 THEN 'blessed'
                      ELSE 'retired' END AS state
          FROM modules m
          CROSS JOIN LATERAL (SELECT abs(hashtext(m.name || m.id)) AS h) hh
          CROSS JOIN LATERAL (SELECT 1 + hh.h % 19 AS n, CASE WHEN hh.h % 5 = 0 AND 1 + hh.h % 19 > 1 THEN 1 ELSE 0 END AS top, hh.h AS h) k
          CROSS JOIN LATERAL generate_series(0, k.n - 1) p
          WHERE m."accountId" = ${accountId} AND m.name LIKE ${`${SCALE_PREFIX}%`}
        ) s`).finally(() => db.$executeRaw`ALTER TABLE module_versions ENABLE TRIGGER module_versions_latest_state`);
      await db.$executeRaw`
        UPDATE modules m SET "latestState" = lv.state FROM (
          SELECT DISTINCT ON (v."moduleId") v."moduleId", v."promotionState" AS state
          FROM module_versions v JOIN modules mm ON mm.id = v."moduleId"
          WHERE mm."accountId" = ${accountId} AND mm.name LIKE ${`${SCALE_PREFIX}%`}
          ORDER BY v."moduleId", v."createdAt" DESC, v.id DESC
        ) lv WHERE lv."moduleId" = m.id`;
      result.versions += versions;

      // Templates of 10–30 modules each (a window of the name order from a hashed offset), a third of them pinned
      // to their blessed or live version.
      await timed(seconds, "templates", log, async () => {
        await db.$executeRaw`
          INSERT INTO templates (id, "accountId", name, description, "createdAt", "updatedAt")
          SELECT gen_random_uuid()::text, ${accountId}, ${SCALE_PREFIX} || 'tpl-' || lpad(g::text, 4, '0'), 'Generated template ' || g,
                 ${now}::timestamp - g * interval '1 day', ${now}::timestamp - g * interval '1 hour'
          FROM generate_series(1, ${templates}) g`;
        await db.$executeRaw`
          INSERT INTO template_modules (id, "accountId", "templateId", "moduleId", enabled, "pinnedVersionId", metadata, "updatedAt")
          SELECT gen_random_uuid()::text, ${accountId}, t.id, pick.id, pick.rn % 9 <> 0,
                 CASE WHEN pick.rn % 3 = 0 THEN (SELECT v.id FROM module_versions v WHERE v."moduleId" = pick.id AND v."promotionState" IN ('live', 'blessed') ORDER BY v."createdAt" DESC LIMIT 1) END,
                 jsonb_build_object('slot', pick.rn), ${now}
          FROM templates t
          CROSS JOIN LATERAL (SELECT abs(hashtext(t.id)) AS h) th
          CROSS JOIN LATERAL (
            SELECT m.id, row_number() OVER () AS rn FROM (
              SELECT id FROM modules WHERE "accountId" = ${accountId} AND name >= ${SCALE_PREFIX} || lpad((1 + th.h % greatest(${modules} - 30, 1))::text, 6, '0')
              ORDER BY name LIMIT 10 + th.h % 21) m
          ) pick
          WHERE t."accountId" = ${accountId} AND t.name LIKE ${`${SCALE_PREFIX}tpl-%`}`;
      });
      result.templates += templates;

      // Promotion requests for the newest versions that reached live or blessed: approved (with an approval) for
      // live, a mix of rejected / expired / cancelled for the others.
      await timed(seconds, "promotion requests and approvals", log, async () => {
        result.promotionRequests += await db.$executeRaw`
          INSERT INTO promotion_requests (id, "accountId", "moduleVersionId", "requestedByLabel", reason, status, "requiredApprovals",
                                          "createdAt", "expiresAt", "decidedAt", "decisionNote")
          SELECT gen_random_uuid()::text, ${accountId}, v.id, 'ci@' || ${slug}, 'Release ' || v.version,
                 (CASE WHEN v."promotionState" = 'live' OR v."previouslyLive" THEN 'approved'
                       ELSE (ARRAY['rejected', 'expired', 'cancelled'])[1 + abs(hashtext(v.id)) % 3] END)::"PromotionRequestStatus",
                 1, v."blessedAt" + interval '1 hour', v."blessedAt" + interval '5 hours', v."blessedAt" + interval '2 hours',
                 CASE WHEN v."promotionState" <> 'live' AND NOT v."previouslyLive" THEN 'Not this week' END
          FROM module_versions v
          WHERE v."accountId" = ${accountId} AND v."promotionState" IN ('live', 'blessed') AND v."blessedAt" IS NOT NULL
            AND EXISTS (SELECT 1 FROM modules m WHERE m.id = v."moduleId" AND m.name LIKE ${`${SCALE_PREFIX}%`})`;
        result.approvals += await db.$executeRaw`
          INSERT INTO approvals (id, "requestId", "userId", decision, comment, "createdAt")
          SELECT gen_random_uuid()::text, r.id, ${approver.id},
                 (CASE WHEN r.status = 'rejected' THEN 'reject' ELSE 'approve' END)::"ApprovalDecision",
                 CASE WHEN r.status = 'rejected' THEN 'Not this week' END, r."decidedAt"
          FROM promotion_requests r
          WHERE r."accountId" = ${accountId} AND r.status IN ('approved', 'rejected')`;
      });

    }
    if (instances > 0) {
      // Nodes spread over the templates; 4 % never reported, drift on ~20 % (medium 10 %, high 6 %, critical 4 %).
      await timed(seconds, "instances", log, () => db.$executeRaw`
        WITH tpl AS (SELECT array_agg(id ORDER BY name) AS ids FROM templates WHERE "accountId" = ${accountId} AND name <> ${LARGEST_TEMPLATE.name})
        INSERT INTO node_instances (id, "accountId", "templateId", name, arch, status, "lastHeartbeatAt", "runningModules",
                                    "driftSeverity", "driftDifferences", "modulesInSync", "modulesDesired", "createdAt")
        SELECT gen_random_uuid()::text, ${accountId}, tpl.ids[1 + g % array_length(tpl.ids, 1)], 'node-' || lpad(g::text, 7, '0'),
               (CASE WHEN g % 3 = 0 THEN 'arm64' ELSE 'amd64' END)::"Arch",
               (CASE WHEN g % 50 = 0 THEN 'error' WHEN g % 25 = 1 THEN 'pending' ELSE 'running' END)::"InstanceStatus",
               CASE WHEN g % 25 = 1 THEN NULL ELSE ${now}::timestamp - ((g * 7919) % (CASE WHEN g % 33 = 0 THEN 100000 ELSE 240 END)) * interval '1 second' END,
               jsonb_build_object('libc-base', 'sha256:' || md5(g::text) || md5(g::text)),
               (CASE g % 50 WHEN 3 THEN 'critical' WHEN 5 THEN 'critical' WHEN 7 THEN 'high' WHEN 9 THEN 'high' WHEN 11 THEN 'high'
                          WHEN 13 THEN 'medium' WHEN 15 THEN 'medium' WHEN 17 THEN 'medium' WHEN 19 THEN 'medium' WHEN 21 THEN 'medium'
                          ELSE CASE WHEN g % 10 = 2 THEN 'medium' ELSE 'none' END END)::"DriftSeverity",
               CASE WHEN g % 50 IN (3, 5) THEN 5 + g % 3 WHEN g % 50 IN (7, 9, 11) THEN 3 + g % 2 WHEN g % 10 = 2 OR g % 50 IN (13, 15, 17, 19, 21) THEN 1 + g % 2 ELSE 0 END,
               10, 12, ${now}::timestamp - (g % 2000) * interval '1 hour'
        FROM generate_series(1, ${instances}) g, tpl`);
      result.instances += instances;

    }
    auditPlan.push({ accountId, events: Math.round(totals.auditEvents * share), modules });
  }
  // Audit events over the last year, newest densest; many share their second with a neighbour (ties the
  // keyset's id must break). All accounts in one pass, so the indexes are rebuilt once.
  if (auditPlan.some((p) => p.events > 0)) {
    await timed(seconds, "audit events", log, () =>
      withIndexesRebuilt(db, "audit_events", async () => {
        for (const { accountId, events, modules } of auditPlan) {
          for (let from = 1; from <= events; from += AUDIT_CHUNK) {
            const to = Math.min(events, from + AUDIT_CHUNK - 1);
            await db.$executeRaw`
              INSERT INTO audit_events (id, "accountId", "actorLabel", action, "targetType", "targetId", "targetLabel", before, after, reason, "createdAt")
              SELECT gen_random_uuid()::text, ${accountId},
                     (ARRAY['ci@example.com', 'token:ci-release', 'alice@example.com', 'bob@example.com', 'system', 'ingest-poller'])[1 + g % 6],
                     a.action, a.target_type, md5(g::text), ${SCALE_PREFIX} || lpad((g % ${Math.max(modules, 1)})::text, 6, '0') || '@1.' || (g % 19) || '.0',
                     CASE WHEN a.target_type = 'module_version' THEN jsonb_build_object('state', 'staging') END,
                     CASE WHEN a.target_type = 'module_version' THEN jsonb_build_object('state', 'blessed') END,
                     CASE WHEN g % 7 = 0 THEN 'Routine release' END,
                     date_trunc('second', ${now}::timestamp - (power(g::float8 / ${events}::float8, 1.5) * 365 * 86400) * interval '1 second')
              FROM generate_series(${from}::int, ${to}::int) g
              CROSS JOIN LATERAL (SELECT (ARRAY['version.created', 'version.promoted', 'version.promoted', 'version.demoted', 'version.retired',
                                                'version.went_live', 'template.assignment_updated', 'instance.registered', 'module.updated',
                                                'promotion.requested', 'promotion.approved', 'api_token.created'])[1 + (g * 31) % 12] AS action) a0
              CROSS JOIN LATERAL (SELECT a0.action, CASE split_part(a0.action, '.', 1) WHEN 'version' THEN 'module_version' WHEN 'promotion' THEN 'promotion_request'
                                                    WHEN 'template' THEN 'template' WHEN 'instance' THEN 'instance' WHEN 'module' THEN 'module' ELSE 'api_token' END AS target_type) a`;
            result.auditEvents += to - from + 1;
            log(`  audit events ${result.auditEvents.toLocaleString("en")} / ${totals.auditEvents.toLocaleString("en")}`);
          }
        }
      }),
    );
  }
  // VACUUM as well as ANALYZE: a database that has run for years is vacuumed, and millions of fresh rows would
  // otherwise set autovacuum off in the middle of whatever is measured next (visibility map, hint bits).
  await timed(seconds, "vacuum analyze", log, () => db.$executeRawUnsafe("VACUUM (ANALYZE)"));
  return result;
}
