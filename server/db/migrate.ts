import "server-only";
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { bindMigrationAwareSqlAdapterFactory, type SqlDriverAdapter, type SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPGlite } from "pglite-prisma-adapter";
import * as engineModule from "@prisma/schema-engine-wasm/schema_engine_bg";

/**
 * Migrations through Prisma's own WASM schema engine: the native engine binary cannot be downloaded here. It
 * writes the standard `_prisma_migrations` table from the standard `prisma/migrations/<ts>_<name>/migration.sql`
 * layout, so `prisma migrate deploy` stays usable wherever the binary exists.
 */
const repoRoot = path.resolve(import.meta.dirname, "..", "..");
export const MIGRATIONS_DIR = path.join(repoRoot, "prisma", "migrations");
export const SCHEMA_PATH = path.join(repoRoot, "prisma", "schema.prisma");
const FILTERS = { externalTables: [] as string[], externalEnums: [] as string[] };

type SchemaEngine = engineModule.SchemaEngine;

let wasmReady: Promise<void> | undefined;

function initWasm(): Promise<void> {
  wasmReady ??= (async () => {
    const require = createRequire(import.meta.url);
    const wasmPath = path.join(path.dirname(require.resolve("@prisma/schema-engine-wasm/schema_engine_bg")), "schema_engine_bg.wasm");
    const { instance } = await WebAssembly.instantiate(fs.readFileSync(wasmPath), { "./schema_engine_bg.js": engineModule });
    const exports = instance.exports as unknown as { __wbindgen_start: () => void };
    engineModule.__wbg_set_wasm(instance.exports);
    exports.__wbindgen_start();
  })();
  return wasmReady;
}

/**
 * The PostgreSQL adapter runs a migration script by splitting it on every `;`, which cuts a dollar-quoted function
 * body (a trigger's plpgsql) apart. PostgreSQL's simple query protocol runs a whole multi-statement script as it
 * is, as `psql` and Prisma's native engine do: send it in one query. Adapters without a pg client are left alone.
 */
function withWholeScripts(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const client = (adapter as unknown as { client?: { query(sql: string): Promise<unknown> } }).client;
  if (!client || typeof client.query !== "function" || adapter.adapterName !== "@prisma/adapter-pg") return adapter;
  adapter.executeScript = async (script: string) => {
    await client.query(script);
  };
  return adapter;
}

/** Wraps a factory so every connection the engine opens is disposed afterwards (engine.free() does not). */
function disposingFactory(factory: SqlMigrationAwareDriverAdapterFactory) {
  const opened: SqlDriverAdapter[] = [];
  const wrapped: SqlMigrationAwareDriverAdapterFactory = {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const adapter = withWholeScripts(await factory.connect());
      opened.push(adapter);
      return adapter;
    },
    connectToShadowDb: async () => {
      const adapter = withWholeScripts(await factory.connectToShadowDb());
      opened.push(adapter);
      return adapter;
    },
  };
  return { wrapped, disposeAll: () => Promise.allSettled(opened.map((adapter) => adapter.dispose())) };
}

async function withEngine<T>(rawFactory: SqlMigrationAwareDriverAdapterFactory, run: (engine: SchemaEngine) => Promise<T>): Promise<T> {
  await initWasm();
  const { wrapped: adapterFactory, disposeAll } = disposingFactory(rawFactory);
  const log = (message: string) => {
    if (process.env.STRATA_MIGRATE_DEBUG) console.error(message);
  };
  const engine = await engineModule.SchemaEngine.new({ datamodels: undefined }, log, bindMigrationAwareSqlAdapterFactory(adapterFactory));
  try {
    return await run(engine);
  } finally {
    engine.free();
    // PGlite's adapter dispose would close the caller's database: only pool-backed adapters are disposed.
    if (!(rawFactory instanceof PrismaPGlite)) await disposeAll();
  }
}

export function loadMigrationsList() {
  const dirs = fs.existsSync(MIGRATIONS_DIR)
    ? fs
        .readdirSync(MIGRATIONS_DIR, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
        .sort()
    : [];
  const lockPath = path.join(MIGRATIONS_DIR, "migration_lock.toml");
  return {
    baseDir: MIGRATIONS_DIR,
    lockfile: { path: "migration_lock.toml", content: fs.existsSync(lockPath) ? fs.readFileSync(lockPath, "utf8") : null },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((dir) => ({
      path: dir,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok" as const, value: fs.readFileSync(path.join(MIGRATIONS_DIR, dir, "migration.sql"), "utf8") },
      },
    })),
  };
}

export async function applyMigrationsWith(adapterFactory: SqlMigrationAwareDriverAdapterFactory): Promise<string[]> {
  return withEngine(adapterFactory, async (engine) => {
    const result = await engine.applyMigrations({ migrationsList: loadMigrationsList(), filters: FILTERS });
    return result.appliedMigrationNames;
  });
}

export function applyMigrationsToPglite(pglite: PGlite): Promise<string[]> {
  return applyMigrationsWith(new PrismaPGlite(pglite));
}

export function applyMigrationsToUrl(url: string): Promise<string[]> {
  return applyMigrationsWith(new PrismaPg({ connectionString: url }));
}

/**
 * SQL that takes a database at the state of the committed migrations (replayed into `scratch`, an empty
 * throwaway PGlite) to the state described by schema.prisma. Empty when nothing changed.
 */
export async function diffSchemaAgainstMigrations(scratch: PGlite): Promise<string> {
  await applyMigrationsToPglite(scratch);
  return withEngine(new PrismaPGlite(scratch), async (engine) => {
    const files = [{ path: SCHEMA_PATH, content: fs.readFileSync(SCHEMA_PATH, "utf8") }];
    const result = await engine.diff({
      from: { tag: "schemaDatasource", files, configDir: repoRoot },
      to: { tag: "schemaDatamodel", files },
      script: true,
      exitCode: true,
      filters: FILTERS,
    });
    return result.stdout ?? "";
  });
}
