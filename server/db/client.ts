import "server-only";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import type { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { PrismaClient, type Prisma } from "./generated/client";
import { getEnv } from "../env";
import { openPgliteDataDir } from "./pglite";
import { armPgliteWatchdog } from "./watchdog";
import { instrumentAdapterFactory } from "./instrument";

export type Db = PrismaClient;
/** The client handed to callbacks of `db.$transaction(async (tx) => ...)`. */
export type Tx = Prisma.TransactionClient;

export function createPrismaForPglite(pglite: PGlite): PrismaClient {
  return new PrismaClient({ adapter: instrumentAdapterFactory(new PrismaPGlite(pglite)) });
}

/**
 * PostgreSQL calls are bounded too: a server that stops answering fails the call after STRATA_DB_TIMEOUT_MS
 * (and /readyz reports it) instead of holding requests forever.
 */
export function createPrismaForUrl(url: string, timeoutMs = getEnv().STRATA_DB_TIMEOUT_MS): PrismaClient {
  return new PrismaClient({
    adapter: instrumentAdapterFactory(
      new PrismaPg({ connectionString: url, connectionTimeoutMillis: Math.min(timeoutMs, 10_000), query_timeout: timeoutMs }),
    ),
  });
}

/** A small pool beside Prisma's, for libraries that speak node-postgres (the sign-in throttle's store). */
export function createPgPool(url: string, timeoutMs = getEnv().STRATA_DB_TIMEOUT_MS): pg.Pool {
  return new pg.Pool({ connectionString: url, max: 3, connectionTimeoutMillis: Math.min(timeoutMs, 10_000), query_timeout: timeoutMs });
}

interface ProcessDatabase {
  prisma: PrismaClient;
  close: () => Promise<void>;
}

/**
 * One database client per process, shared through globalThis: the start script opens it before Next's server
 * code (bundled separately) asks for it, and the bundle finds the same instance instead of opening PGlite twice.
 */
const globalKey = Symbol.for("strata.db");
type GlobalWithDb = typeof globalThis & { [globalKey]?: Promise<ProcessDatabase> };

export function setProcessDatabase(db: ProcessDatabase): void {
  (globalThis as GlobalWithDb)[globalKey] = Promise.resolve(db);
}

async function openFromEnv(): Promise<ProcessDatabase> {
  const env = getEnv();
  if (env.DATABASE_URL) {
    const prisma = createPrismaForUrl(env.DATABASE_URL);
    return { prisma, close: () => prisma.$disconnect() };
  }
  const opened = await openPgliteDataDir(env.STRATA_DATA_DIR, { minFreeBytes: env.STRATA_MIN_FREE_MB * 1024 * 1024 });
  const disarm = armPgliteWatchdog(opened.pglite, { timeoutMs: env.STRATA_DB_TIMEOUT_MS });
  const prisma = createPrismaForPglite(opened.pglite);
  return {
    prisma,
    close: async () => {
      disarm();
      await prisma.$disconnect();
      await opened.close();
    },
  };
}

/** The process's database client, opened lazily on first use (never at import time: `next build` imports us). */
export async function getDb(): Promise<PrismaClient> {
  const holder = globalThis as GlobalWithDb;
  holder[globalKey] ??= openFromEnv();
  return (await holder[globalKey]).prisma;
}

export async function closeProcessDatabase(): Promise<void> {
  const holder = globalThis as GlobalWithDb;
  const pending = holder[globalKey];
  if (!pending) return;
  delete holder[globalKey];
  await (await pending).close();
}
