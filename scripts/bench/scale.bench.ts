/**
 * Every list and lookup at platform scale (docs/performance.md).
 *
 *   npm run bench -- scale [--scale 10] [--parts audit,instances] [--cases audit,instances] [--explain <file>]
 *
 * Starts its own throwaway PostgreSQL 15 (tests/support/postgres-server.ts) with auto_explain loaded, migrates it, generates
 * `seed:large --scale N` (server/seed/scale.ts; the generation time is reported), then times 200 varied calls of
 * each list and lookup through the same procedures and service functions the API calls, and prints p50/p95
 * against a bare 50-row SELECT (the baseline, as in modules-list.bench.ts). Target: p95 ≤ 100 ms.
 * Afterwards it replays 10 calls of each case with auto_explain on and prints the EXPLAIN (ANALYZE, BUFFERS) of
 * the three slowest statements (to `--explain <file>` when given).
 */
import fs from "node:fs";
import { performance } from "node:perf_hooks";
import { createCaller } from "@/server/api/root";
import type { Actor } from "@/server/auth/actor";
import { createPrismaForUrl, type Db } from "@/server/db/client";
import { applyMigrationsToUrl } from "@/server/db/migrate";
import { LARGEST_TEMPLATE, SCALE_PARTS, seedScale, type ScalePart } from "@/server/seed/scale";
import { createAccount } from "@/server/services/accounts";
import { serviceContext } from "@/server/services/context";
import { encodeCursor, type SortKey } from "@/server/services/keyset";
import { listModuleVersions } from "@/server/services/promotion-read";
import { driftReport } from "@/server/services/instances";
import { templateDesiredState } from "@/server/services/fleet-desired-state";
import { createAccountInput } from "@/server/contracts/accounts";
import { listVersionsInput } from "@/server/contracts/versions";
import type { BenchRow } from "./compose.bench";
import { startThrowawayPostgres } from "../../tests/support/postgres-server";
import { percentile, time } from "./timing";
import { mulberry32 } from "@/server/fleet-sim/random";

const CALLS = 200;
const WARMUP = 10;
const TARGET_P95_MS = 100;


interface Case {
  name: string;
  /** Lists and lookups are held to the target; a cold composition is reported beside it. */
  target: boolean;
  calls: number;
  run: (i: number) => Promise<unknown>;
}

export interface ScaleBenchOptions {
  scale: number;
  cases: string[] | null;
  explainFile: string | null;
  parts: ScalePart[] | null;
}

export function scaleBenchOptions(options: Readonly<Record<string, string>>): ScaleBenchOptions {
  const scale = Number(options.scale ?? "10");
  if (!Number.isInteger(scale) || scale < 1 || scale > 1000) throw new Error("--scale takes a whole number from 1 to 1000");
  return {
    scale,
    cases: options.cases ? options.cases.split(",").map((c) => c.trim()).filter(Boolean) : null,
    explainFile: options.explain ?? null,
    parts: options.parts ? options.parts.split(",").filter((p): p is ScalePart => (SCALE_PARTS as readonly string[]).includes(p)) : null,
  };
}

/** The three slowest statements auto_explain logged, each with its plan (EXPLAIN ANALYZE, BUFFERS). */
function slowestPlans(logText: string, from: number, count: number): { ms: number; text: string }[] {
  const entries: { ms: number; query: string; text: string }[] = [];
  const pattern = /LOG: {2}duration: ([\d.]+) ms {2}plan:\n([\s\S]*?)(?=\n\S[^\n]*(?:LOG|ERROR|WARNING|STATEMENT):|$)/g;
  for (const match of logText.slice(from).matchAll(pattern)) {
    const text = (match[2] ?? "").replace(/\t/g, "  ");
    const query = /Query Text: ([^\n]*)/.exec(text)?.[1] ?? text;
    entries.push({ ms: Number(match[1]), query: query.slice(0, 300), text });
  }
  // The slowest instance of each distinct statement, then the slowest statements.
  const byQuery = new Map<string, { ms: number; text: string }>();
  for (const entry of entries) {
    const seen = byQuery.get(entry.query);
    if (!seen || seen.ms < entry.ms) byQuery.set(entry.query, { ms: entry.ms, text: entry.text });
  }
  return [...byQuery.values()].sort((a, b) => b.ms - a.ms).slice(0, count);
}

export async function runScaleBench(options: ScaleBenchOptions): Promise<BenchRow[]> {
  const log = (line: string) => console.error(`[scale ${options.scale}] ${line}`);
  const pg = await startThrowawayPostgres({ stopOnExit: true, settings: ["shared_preload_libraries=auto_explain", "shared_buffers=256MB", "work_mem=16MB"] });
  const db: Db = createPrismaForUrl(pg.url);
  try {
    log("migrating");
    await applyMigrationsToUrl(pg.url);
    const account = await createAccount(db, createAccountInput.parse({ slug: "powernode", name: "Powernode" }));
    const seedStarted = performance.now();
    // Bulk statements and index builds over millions of rows outlast the request timeout: a client of its own.
    const seedDb = createPrismaForUrl(pg.url, 600_000);
    const seeded = await seedScale(seedDb, "powernode", { scale: options.scale, log, ...(options.parts ? { parts: options.parts } : {}) }).finally(() => seedDb.$disconnect());
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    log(`generated in ${seedSeconds.toFixed(0)} s: ${JSON.stringify({ ...seeded, seconds: undefined })}`);
    const sizes = await db.$queryRaw<{ table: string; rows: bigint; bytes: bigint }[]>`
      SELECT relname AS table, n_live_tup AS rows, pg_total_relation_size(relid) AS bytes FROM pg_stat_user_tables
      WHERE relname IN ('modules', 'module_versions', 'node_instances', 'audit_events', 'promotion_requests', 'approvals', 'templates', 'template_modules')
      ORDER BY relname`;
    for (const s of sizes) log(`  ${s.table}: ${Number(s.rows).toLocaleString("en")} rows, ${(Number(s.bytes) / 1048576).toFixed(0)} MB`);

    const actor: Actor = { kind: "system", label: "bench", accountId: account.id, accountSlug: "powernode", role: "admin" };
    const caller = createCaller({
      db,
      actor,
      now: () => new Date(),
      request: { ip: "bench", userAgent: null, sessionToken: null, secureCookies: false },
      resHeaders: new Headers(),
    });
    const svc = serviceContext(db, actor);
    const rnd = mulberry32(11);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;

    const largest = await db.template.findFirstOrThrow({ where: { accountId: account.id, name: LARGEST_TEMPLATE.name }, select: { id: true, desiredRevision: true } });
    const moduleNames = (
      await db.$queryRaw<{ name: string }[]>`SELECT name FROM modules WHERE "accountId" = ${account.id} ORDER BY md5(name) LIMIT ${CALLS}`
    ).map((m) => m.name);
    // A pending live request for a module of the largest template: what an approver opens before deciding.
    const candidate = await db.$queryRaw<{ id: string }[]>`
      SELECT v.id FROM template_modules tm JOIN module_versions v ON v."moduleId" = tm."moduleId"
      WHERE tm."templateId" = ${largest.id} AND v."promotionState" = 'blessed' ORDER BY v.id LIMIT 1`;
    const requestId = crypto.randomUUID();
    if (candidate[0]) {
      await db.promotionRequest.create({
        data: { id: requestId, accountId: account.id, moduleVersionId: candidate[0].id, requestedByLabel: "bench", reason: "bench", expiresAt: new Date(Date.now() + 86_400_000) },
      });
    }
    // Cursors of pages 1,000–1,199 (50 events a page), as a client that paged there holds them.
    const auditKeys: SortKey<{ createdAt: Date; id: string }>[] = [
      { field: "createdAt", direction: "desc", value: (r) => r.createdAt },
      { field: "id", direction: "desc", value: (r) => r.id },
    ];
    const deepRows = await db.$queryRaw<{ createdAt: Date; id: string }[]>`
      SELECT "createdAt", id FROM audit_events WHERE "accountId" = ${account.id}
      ORDER BY "createdAt" DESC, id DESC OFFSET ${999 * 50 - 1} LIMIT ${200 * 50}`;
    const deepCursors = deepRows.filter((_, i) => i % 50 === 0).map((row) => encodeCursor("audit", auditKeys, row));
    const actions = ["version.created", "version.promoted", "instance.registered", "promotion.approved", "module.updated"];
    const drifts = ["drifted", "critical", "high", "medium"] as const;
    const sorts = ["name", "drift", "created", "lastHeartbeat"] as const;
    const instanceCursors: { input: { drift: (typeof drifts)[number]; sort: (typeof sorts)[number]; pageSize: number; templateId?: string }; cursor: string }[] = [];
    const templates = await db.template.findMany({ where: { accountId: account.id }, select: { id: true }, take: 50 });

    const cases: Case[] = [
      {
        name: "modules list",
        target: true,
        calls: CALLS,
        run: () =>
          caller.modules.list({
            sort: pick(["name", "priority", "effectivePriority", "updated", "category"] as const),
            direction: pick(["asc", "desc"] as const),
            pageSize: 50,
            page: 1 + Math.floor(rnd() * 4),
            ...(rnd() < 0.3 ? { category: pick(["system-base", "security-hardening", "network-overlay", "container-runtimes", "userland"]) } : {}),
            ...(rnd() < 0.3 ? { state: pick(["built", "staging", "blessed", "live", "retired"] as const) } : {}),
            ...(rnd() < 0.2 ? { search: pick(["bulk-00012", "scale-0", "config", "zzz-no-match"]) } : {}),
          }),
      },
      {
        name: "versions of a module",
        target: true,
        calls: CALLS,
        run: (i) => listModuleVersions(svc, listVersionsInput.parse({ name: moduleNames[i % moduleNames.length], limit: pick([20, 50, 500]) })),
      },
      // A page of 50 templates, each with its health badge (a composition, cached per fingerprint).
      {
        name: "templates list",
        target: true,
        calls: CALLS,
        run: () =>
          caller.templates.list({
            sort: pick(["name", "updated", "modules", "instances"] as const),
            dir: pick(["asc", "desc"] as const),
            page: 1 + Math.floor(rnd() * 3),
            pageSize: 50,
            ...(rnd() < 0.3 ? { search: pick(["tpl-00", "largest", "web"]) } : {}),
          }),
      },
      // The health sort needs every matching template's health (docs/performance.md, Templates list).
      { name: "templates list, health sort", target: true, calls: 50, run: () => caller.templates.list({ sort: "health", dir: pick(["asc", "desc"] as const), pageSize: 50 }) },
      { name: "add-module search", target: true, calls: CALLS, run: () => caller.templates.catalog({ templateId: largest.id, search: pick(["bulk-0001", "nginx", "scale-", "zzz-no-match", "c"]), limit: 30 }) },
      {
        name: "instances list, drift filter",
        target: true,
        calls: CALLS,
        run: async () => {
          // 40 % follow a cursor an earlier call answered (the same filters and sort: a "Load more").
          const next = rnd() < 0.4 ? instanceCursors.pop() : undefined;
          const input = next?.input ?? { drift: pick(drifts), sort: pick(sorts), pageSize: 50, ...(rnd() < 0.2 ? { templateId: pick(templates).id } : {}) };
          const page = await caller.instances.list({ ...input, ...(next ? { cursor: next.cursor } : {}) });
          if (page.nextCursor) instanceCursors.push({ input, cursor: page.nextCursor });
          return page;
        },
      },
      { name: "audit log page 1", target: true, calls: CALLS, run: () => caller.audit.list({ pageSize: 50, ...(rnd() < 0.3 ? { action: pick(actions) } : {}), ...(rnd() < 0.2 ? { targetType: pick(["module_version", "instance", "template"]) } : {}) }) },
      { name: "audit log page 1,000 (cursor)", target: true, calls: Math.min(CALLS, deepCursors.length), run: (i) => caller.audit.list({ pageSize: 50, cursor: deepCursors[i % deepCursors.length] ?? "" }) },
      { name: "audit log page 1,000 (offset, before)", target: false, calls: 20, run: () => caller.audit.list({ pageSize: 50, page: 1000 }) },
      { name: "audit actions (filter options)", target: true, calls: CALLS, run: () => caller.audit.actions() },
      { name: "approvals history", target: true, calls: CALLS, run: () => caller.approvals.list({ status: pick(["decided", "all", "approved", "rejected"] as const), page: 1 + Math.floor(rnd() * 3), pageSize: 50, ...(rnd() < 0.3 ? { search: pick(["bulk-0001", "scale-", "nothing"]) } : {}) }) },
      { name: "composition preview, largest template (warm)", target: true, calls: 50, run: () => caller.templates.preview({ templateId: largest.id }) },
      ...(candidate[0] ? [{ name: "blast radius, largest template", target: true, calls: 50, run: () => caller.approvals.blastRadius({ requestId }) }] : []),
      { name: "drift report", target: true, calls: CALLS, run: () => driftReport(svc, { ...(rnd() < 0.5 ? { templateId: largest.id } : {}), ...(rnd() < 0.5 ? { severity: pick(["medium", "high", "critical"] as const) } : {}) }) },
      { name: "desired state, largest template (cold)", target: true, calls: 50, run: () => templateDesiredState(db, largest.id) },
      { name: "desired state, largest template (cached)", target: true, calls: CALLS, run: () => templateDesiredState(db, largest.id, largest.desiredRevision) },
    ];
    const wanted = options.cases;
    const selected = wanted ? cases.filter((c) => wanted.some((w) => c.name.includes(w))) : cases;

    await time(WARMUP, () => db.$queryRaw`SELECT id FROM modules WHERE "accountId" = ${account.id} LIMIT 50`);
    const baseline = await time(CALLS, () => db.$queryRaw`SELECT id FROM modules WHERE "accountId" = ${account.id} LIMIT 50`);
    const b50 = percentile(baseline, 50);
    const b95 = percentile(baseline, 95);

    const rows: BenchRow[] = [
      { name: `generate --scale ${options.scale} (s)`, medianMs: seedSeconds * 1000, baselineMs: seedSeconds * 1000, ratio: 1, extra: Object.fromEntries(Object.entries(seeded.seconds).map(([k, v]) => [k.replace(/\s+/g, "_"), `${v.toFixed(0)}s`])) },
    ];
    // The first composition of the largest template, before anything is cached.
    if (selected.some((c) => c.name.startsWith("composition"))) {
      const cold = await time(1, () => caller.templates.preview({ templateId: largest.id }));
      rows.push({ name: "composition preview, largest template (cold, 1 call)", medianMs: cold[0] ?? 0, baselineMs: b50, ratio: (cold[0] ?? 0) / b50, extra: { target: "reported" } });
    }
    for (const c of selected) {
      log(`measuring ${c.name}`);
      await time(Math.min(WARMUP, c.calls), c.run);
      const samples = await time(c.calls, c.run);
      const p50 = percentile(samples, 50);
      const p95 = percentile(samples, 95);
      // As it is measured too: a long run that is cut short still has its figures in the log.
      log(`${c.name}: p50 ${p50.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (${c.calls} calls)`);
      rows.push({
        name: `${c.name} (p50)`,
        medianMs: p50,
        baselineMs: b50,
        ratio: p50 / b50,
        extra: { p95: p95.toFixed(1), baselineP95: b95.toFixed(2), calls: c.calls, ...(c.target ? { targetP95: TARGET_P95_MS, met: p95 <= TARGET_P95_MS ? "yes" : "NO" } : {}) },
      });
    }

    // Plans: replay a few calls of each case with auto_explain logging every statement with its real plan.
    const logStart = fs.statSync(pg.logFile).size;
    await db.$executeRawUnsafe("ALTER SYSTEM SET auto_explain.log_min_duration = 0");
    await db.$executeRawUnsafe("ALTER SYSTEM SET auto_explain.log_analyze = on");
    await db.$executeRawUnsafe("ALTER SYSTEM SET auto_explain.log_buffers = on");
    await db.$executeRawUnsafe("SELECT pg_reload_conf()");
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const c of selected.filter((s) => s.target)) await time(Math.min(10, c.calls), c.run);
    await db.$executeRawUnsafe("ALTER SYSTEM RESET ALL");
    await db.$executeRawUnsafe("SELECT pg_reload_conf()");
    const plans = slowestPlans(fs.readFileSync(pg.logFile, "utf8"), logStart, 3);
    const explain = plans.map((p, i) => `### ${i + 1}. ${p.ms.toFixed(1)} ms (scale ${options.scale})\n\n\`\`\`\n${p.text.trim()}\n\`\`\`\n`).join("\n");
    if (options.explainFile) fs.writeFileSync(options.explainFile, explain);
    else console.error(explain);
    return rows;
  } finally {
    await db.$disconnect();
    await pg.stop();
  }
}
