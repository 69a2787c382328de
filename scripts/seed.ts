/** `npm run db:seed`: migrates and seeds the demo account into an empty database (no-op otherwise). */
import { getEnv } from "../server/env";
import { openAndMigrate } from "../server/db/open";
import { seedDemoIfEmpty } from "../server/seed/demo";

const env = getEnv();
const database = await openAndMigrate();
try {
  const result = await seedDemoIfEmpty(database.db, {
    enabled: true,
    demoPassword: env.STRATA_DEMO_PASSWORD,
    demoApiToken: env.STRATA_DEMO_API_TOKEN,
    dataDir: database.engine === "pglite" ? env.STRATA_DATA_DIR : undefined,
  });
  if (!result) console.log("The database already has accounts: nothing seeded.");
  else {
    for (const user of result.users) console.log(`  ${user.role.padEnd(9)} ${user.email}`);
    if (result.generatedPassword) console.log(`  password: ${result.generatedPassword}`);
  }
} finally {
  await database.close();
}
process.exit(0);
