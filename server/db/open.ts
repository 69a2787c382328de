import "server-only";
import { getEnv } from "../env";
import pg from "pg";
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

/** The session-level advisory lock every replica takes to migrate and seed; any constant works, this one is ours. */
export const STARTUP_LOCK_KEY = 72_717_001;

/**
 * Holds PostgreSQL's advisory lock STARTUP_LOCK_KEY for the duration of `run`: replicas starting together on an
 * empty database migrate and seed one after another, so the work is done once and the others find it done. The lock
 * belongs to a dedicated connection, so a replica killed while holding it releases it with its connection.
 */
export async function withStartupLock<T>(url: string, run: () => Promise<T>, log: (message: string) => void = console.log): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tried = await client.query<{ locked: boolean }>("SELECT pg_try_advisory_lock($1) AS locked", [STARTUP_LOCK_KEY]);
    if (!tried.rows[0]?.locked) {
      log("Another replica is migrating or seeding the database; waiting for it…");
      await client.query("SELECT pg_advisory_lock($1)", [STARTUP_LOCK_KEY]);
    }
    try {
      return await run();
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [STARTUP_LOCK_KEY]);
    }
  } finally {
    await client.end();
  }
}

/**
 * Opens the configured database, applies pending migrations and then runs `afterMigrate` (the demo seed) — on
 * PostgreSQL under the startup lock, so concurrent replicas do each step once. Used by the start script and tools.
 */
export async function openAndMigrate<T = undefined>(
  afterMigrate?: (db: Db, engine: "pglite" | "postgresql") => Promise<T>,
): Promise<OpenedDatabase & { appliedMigrations: string[]; afterMigrate: T | undefined }> {
  const env = getEnv();
  if (env.DATABASE_URL) {
    const url = env.DATABASE_URL;
    const db = createPrismaForUrl(url);
    try {
      const { appliedMigrations, result } = await withStartupLock(url, async () => {
        const applied = await applyMigrationsToUrl(url);
        return { appliedMigrations: applied, result: await afterMigrate?.(db, "postgresql") };
      });
      // PostgreSQL calls time out in the driver (createPrismaForUrl); there is no in-process engine to watch.
      return { db, engine: "postgresql", location: redactUrl(url), appliedMigrations, afterMigrate: result, armWatchdog: () => {}, close: () => db.$disconnect() };
    } catch (error) {
      await db.$disconnect();
      throw error;
    }
  }
  const opened = await openPgliteDataDir(env.STRATA_DATA_DIR, { minFreeBytes: env.STRATA_MIN_FREE_MB * 1024 * 1024 });
  try {
    const appliedMigrations = await applyMigrationsToPglite(opened.pglite);
    let disarm = () => {};
    const db = createPrismaForPglite(opened.pglite);
    // One process owns the data directory (its lock), so nothing else can migrate or seed meanwhile.
    const result = await afterMigrate?.(db, "pglite");
    return {
      db,
      engine: "pglite",
      location: env.STRATA_DATA_DIR,
      appliedMigrations,
      afterMigrate: result,
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
