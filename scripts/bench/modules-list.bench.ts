/**
 * modules.list on the seed:large dataset (1,000 modules, 10,000 versions, 5,000 instances) on PostgreSQL 15.
 *
 *   npm run bench -- modules-list   # prints a table
 *
 * Starts its own throwaway PostgreSQL (tests/support/postgres-server.ts), migrates it, creates the demo account's slug with
 * the default categories, adds the scale dataset, then times 200 calls of the real tRPC procedure
 * (`createCaller(...).modules.list`) with varied search, filters, sorting and pages. Baseline: a bare
 * `SELECT id FROM modules WHERE "accountId" = $1 LIMIT 50` round trip through the same Prisma client.
 * Target (docs/modules.md, Catalog): p95 ≤ 100 ms.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { createCaller } from "@/server/api/root";
import type { Actor } from "@/server/auth/actor";
import { createPrismaForUrl } from "@/server/db/client";
import { applyMigrationsToUrl } from "@/server/db/migrate";
import { seedLarge } from "@/server/seed/large";
import { createAccount } from "@/server/services/accounts";
import { serviceContext } from "@/server/services/context";
import { validateManifestForAccount } from "@/server/services/modules";
import type { z } from "zod";
import { createAccountInput } from "@/server/contracts/accounts";
import { validateManifestInput, type listModulesInput } from "@/server/contracts/modules";
import type { BenchRow } from "./compose.bench";
import { startThrowawayPostgres } from "../../tests/support/postgres-server";
import { percentile, time } from "./timing";
import { mulberry32 } from "@/server/fleet-sim/random";

const CALLS = 200;
const WARMUP = 20;
const TARGET_P95_MS = 100;


type CatalogRequest = z.input<typeof listModulesInput>;

/** 200 deterministic, varied catalog requests: what operators click, weighted towards the common cases. */
function requests(count: number): CatalogRequest[] {
  const rnd = mulberry32(7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const sorts = ["name", "priority", "effectivePriority", "updated", "category"] as const;
  const out: CatalogRequest[] = [];
  for (let i = 0; i < count; i++) {
    const input: CatalogRequest = { sort: pick(sorts), direction: rnd() < 0.5 ? "asc" : "desc", pageSize: rnd() < 0.8 ? 50 : 100, page: 1 + Math.floor(rnd() * 4) };
    if (rnd() < 0.35) input.category = pick(["system-base", "security-hardening", "network-overlay", "container-runtimes", "userland"]);
    if (rnd() < 0.25) input.variety = pick(["subscription", "config", "instance"] as const);
    if (rnd() < 0.35) input.state = pick(["built", "staging", "blessed", "live", "retired", "none"] as const);
    if (rnd() < 0.25) input.search = pick(["scale", "scale-0", "config", "load testing", "module 42", "zzz-no-match"]);
    out.push(input);
  }
  return out;
}

export async function runModulesListBench(): Promise<BenchRow[]> {
  const log = (line: string) => console.error(`[modules-list] ${line}`);
  const pg = await startThrowawayPostgres({ stopOnExit: true });
  const db = createPrismaForUrl(pg.url);
  try {
    log("migrating");
    await applyMigrationsToUrl(pg.url);
    const account = await createAccount(db, createAccountInput.parse({ slug: "powernode", name: "Powernode" }));
    const seeded = performance.now();
    await seedLarge(db, "powernode", { log });
    log(`seed:large in ${((performance.now() - seeded) / 1000).toFixed(1)} s`);
    await db.$executeRawUnsafe("ANALYZE");

    const actor: Actor = { kind: "system", label: "bench", accountId: account.id, accountSlug: "powernode", role: "viewer" };
    const caller = createCaller({
      db,
      actor,
      now: () => new Date(),
      request: { ip: "bench", userAgent: null, sessionToken: null, secureCookies: false },
      resHeaders: new Headers(),
    });
    const inputs = requests(CALLS);
    let rows = 0;
    await time(WARMUP, (i) => caller.modules.list(inputs[i % inputs.length] ?? {}));
    const list = await time(CALLS, async (i) => {
      const result = await caller.modules.list(inputs[i] ?? {});
      rows += result.modules.length;
    });
    const unfiltered = await time(50, () => caller.modules.list({ sort: "effectivePriority", pageSize: 50 }));

    await time(WARMUP, () => db.$queryRaw`SELECT id FROM modules WHERE "accountId" = ${account.id} LIMIT 50`);
    const baseline = await time(CALLS, () => db.$queryRaw`SELECT id FROM modules WHERE "accountId" = ${account.id} LIMIT 50`);

    // The account-aware validator over 1,000 other modules' drafts: first call parses them all, then the cache
    // (keyed by each draft's md5) makes it a hash listing plus the validation itself.
    const svc = serviceContext(db, actor);
    const manifest = (await db.module.findFirstOrThrow({ where: { accountId: account.id }, select: { manifestYaml: true, name: true } }));
    const validateInput = validateManifestInput.parse({ manifestYaml: manifest.manifestYaml, moduleName: manifest.name });
    const cold = await time(1, () => validateManifestForAccount(svc, validateInput));
    const warm = await time(20, () => validateManifestForAccount(svc, validateInput));

    const p50 = percentile(list, 50);
    const p95 = percentile(list, 95);
    const b50 = percentile(baseline, 50);
    const b95 = percentile(baseline, 95);
    return [
      {
        name: `modules.list, ${CALLS} varied calls (p50)`,
        medianMs: p50,
        baselineMs: b50,
        ratio: p50 / b50,
        extra: { p95: p95.toFixed(1), baselineP95: b95.toFixed(2), p95Ratio: (p95 / b95).toFixed(1), targetP95: TARGET_P95_MS, met: p95 <= TARGET_P95_MS ? "yes" : "NO", max: (list.at(-1) ?? 0).toFixed(1), avgRows: (rows / CALLS).toFixed(1) },
      },
      {
        name: "modules.list, unfiltered by effective priority (p50)",
        medianMs: percentile(unfiltered, 50),
        baselineMs: b50,
        ratio: percentile(unfiltered, 50) / b50,
        extra: { p95: percentile(unfiltered, 95).toFixed(1) },
      },
      {
        name: "validateManifestForAccount, 1,000 modules (warm p50)",
        medianMs: percentile(warm, 50),
        baselineMs: b50,
        ratio: percentile(warm, 50) / b50,
        extra: { coldMs: (cold[0] ?? 0).toFixed(0), p95: percentile(warm, 95).toFixed(1) },
      },
    ];
  } finally {
    await db.$disconnect();
    await pg.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const rows = await runModulesListBench();
  for (const row of rows) {
    console.log(`${row.name}: ${row.medianMs.toFixed(1)} ms (baseline ${row.baselineMs.toFixed(2)} ms, ${row.ratio.toFixed(1)}×) ${JSON.stringify(row.extra)}`);
  }
  process.exit(0);
}
