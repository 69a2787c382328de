import "server-only";
import { getEnv } from "../env";
import { createPrismaForPglite, createPrismaForUrl, type Db } from "./client";
import { applyMigrationsToPglite, applyMigrationsToUrl } from "./migrate";
import { openPgliteDataDir } from "./pglite";
import { armPgliteWatchdog } from "./watchdog";

export interface OpenedDatabase {
  db: Db;
  /** Starts the embedded database's watchdog (server/db/watchdog.ts); a no-op on PostgreSQL. */
  armWatchdog: () => void;
  engine: "pglite" | "postgresql";
  /** Where the data lives, for messages (never includes a password). */
  location: string;
  close: () => Promise<void>;
}

function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "postgresql://…";
  }
}

/** Opens the configured database and applies pending migrations. Used by the start script and tools. */
export async function openAndMigrate(): Promise<OpenedDatabase & { appliedMigrations: string[] }> {
  const env = getEnv();
  if (env.DATABASE_URL) {
    const appliedMigrations = await applyMigrationsToUrl(env.DATABASE_URL);
    const db = createPrismaForUrl(env.DATABASE_URL);
    // PostgreSQL calls time out in the driver (createPrismaForUrl); there is no in-process engine to watch.
    return { db, engine: "postgresql", location: redactUrl(env.DATABASE_URL), appliedMigrations, armWatchdog: () => {}, close: () => db.$disconnect() };
  }
  const opened = await openPgliteDataDir(env.STRATA_DATA_DIR, { minFreeBytes: env.STRATA_MIN_FREE_MB * 1024 * 1024 });
  try {
    const appliedMigrations = await applyMigrationsToPglite(opened.pglite);
    let disarm = () => {};
    const db = createPrismaForPglite(opened.pglite);
    return {
      db,
      engine: "pglite",
      location: env.STRATA_DATA_DIR,
      appliedMigrations,
      // Armed by the server once it serves: a build or a long migration blocks the thread without being a hang.
      armWatchdog: () => {
        disarm();
        disarm = armPgliteWatchdog(opened.pglite, { timeoutMs: env.STRATA_DB_TIMEOUT_MS });
      },
      close: async () => {
        disarm();
        await db.$disconnect();
        await opened.close();
      },
    };
  } catch (error) {
    await opened.close();
    throw error;
  }
}
