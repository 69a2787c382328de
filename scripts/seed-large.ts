/** `npm run seed:large [-- --account <slug>]`: adds the scale dataset to an existing database, for benchmarks. */
import { openAndMigrate } from "../server/db/open";
import { seedLarge } from "../server/seed/large";

const accountFlag = process.argv.indexOf("--account");
const account = accountFlag >= 0 ? (process.argv[accountFlag + 1] ?? "powernode") : "powernode";
const database = await openAndMigrate();
const started = Date.now();
try {
  const result = await seedLarge(database.db, account, { log: (line) => console.log(line) });
  console.log(`Added ${result.modules} modules, ${result.versions} versions, ${result.templates} templates, ${result.instances} instances to ${account} in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await database.close();
}
process.exit(process.exitCode ?? 0);
