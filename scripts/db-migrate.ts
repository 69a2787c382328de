/** `npm run db:migrate`: applies prisma/migrations to DATABASE_URL, or to the embedded PGlite data directory. */
import { getEnv } from "../server/env";
import { applyMigrationsToPglite, applyMigrationsToUrl } from "../server/db/migrate";
import { openPgliteDataDir } from "../server/db/pglite";

const env = getEnv();
try {
  let applied: string[];
  if (env.DATABASE_URL) {
    applied = await applyMigrationsToUrl(env.DATABASE_URL);
  } else {
    const opened = await openPgliteDataDir(env.STRATA_DATA_DIR);
    try {
      applied = await applyMigrationsToPglite(opened.pglite);
    } finally {
      await opened.close();
    }
  }
  console.log(applied.length ? `applied ${applied.length} migration(s): ${applied.join(", ")}` : "database is up to date");
  process.exit(0);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
