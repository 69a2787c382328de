import fs from "node:fs";
import { randomUUID } from "node:crypto";
import { inject } from "vitest";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { createPrismaForPglite, createPrismaForUrl, type Db } from "../../server/db/client";

export interface TestDatabase {
  db: Db;
  engine: "pglite" | "postgresql";
  /** Connection URL (PostgreSQL only), for tests that need a second independent client. */
  url?: string;
  close: () => Promise<void>;
}

/** A fresh, migrated database for one test file: PGlite from the run's snapshot, or a new PostgreSQL database. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const baseUrl = process.env.TEST_DATABASE_URL;
  if (baseUrl) {
    const name = `strata_t_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    // PostgreSQL copies a template only while nobody else uses it: parallel test files take turns.
    await admin.query("SELECT pg_advisory_lock(727274)");
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject("pgTemplate")}`);
    } finally {
      await admin.query("SELECT pg_advisory_unlock(727274)");
      await admin.end();
    }
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    const db = createPrismaForUrl(url.toString());
    return {
      db,
      engine: "postgresql",
      url: url.toString(),
      close: async () => {
        await db.$disconnect();
        const cleanup = new pg.Client({ connectionString: baseUrl });
        await cleanup.connect();
        await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await cleanup.end();
      },
    };
  }
  const snapshot = fs.readFileSync(inject("pgliteSnapshot"));
  const pglite = new PGlite({ loadDataDir: new Blob([snapshot]) });
  const db = createPrismaForPglite(pglite);
  return {
    db,
    engine: "pglite",
    close: async () => {
      await db.$disconnect();
      await pglite.close();
    },
  };
}
