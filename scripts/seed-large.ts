/**
 * `npm run seed:large [-- --account <slug>] [--scale N] [--parts catalog,instances,audit]`: adds the scale dataset to an existing database, for
 * benchmarks. Scale 1 (the default) is the realistic 1,000-module dataset; N > 1 adds bulk rows generated in SQL
 * up to N × (1,000 modules, 10,000 versions, 1,000 instances, 100,000 audit events) over several accounts
 * (server/seed/scale.ts, docs/performance.md).
 */
import { openAndMigrate } from "../server/db/open";
import { seedLarge } from "../server/seed/large";
import { SCALE_PARTS, seedScale, type ScalePart } from "../server/seed/scale";

function flag(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const account = flag("account") ?? "powernode";
const scale = Number(flag("scale") ?? "1");
if (!Number.isInteger(scale) || scale < 1 || scale > 1000) {
  console.error("--scale takes a whole number from 1 to 1000");
  process.exit(2);
}
// Bulk statements and index builds over millions of rows outlast the default 30 s query timeout.
if (scale > 1) process.env.STRATA_DB_TIMEOUT_MS ??= "600000";
const parts = flag("parts")?.split(",").filter((p): p is ScalePart => (SCALE_PARTS as readonly string[]).includes(p));
const database = await openAndMigrate();
const started = Date.now();
try {
  if (scale === 1) {
    const result = await seedLarge(database.db, account, { log: (line) => console.log(line) });
    console.log(`Added ${result.modules} modules, ${result.versions} versions, ${result.templates} templates, ${result.instances} instances to ${account} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  } else {
    const result = await seedScale(database.db, account, { scale, log: (line) => console.log(line), ...(parts ? { parts } : {}) });
    console.log(
      `Scale ${scale}: ${result.modules} modules, ${result.versions} versions, ${result.templates} templates, ${result.instances} instances, ` +
        `${result.promotionRequests} promotion requests, ${result.approvals} approvals, ${result.auditEvents} audit events over ${result.accounts.join(", ")} ` +
        `in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await database.close();
}
process.exit(process.exitCode ?? 0);
