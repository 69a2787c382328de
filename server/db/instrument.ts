import "server-only";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQueryable, Transaction } from "@prisma/driver-adapter-utils";
import { observePool, recordQuery, type PoolLike } from "../observability/metrics";

/**
 * Times every database round trip at the driver adapter (docs/observability.md), below Prisma, so the client's
 * type stays `PrismaClient` and both engines (PGlite, PostgreSQL) are measured the same way. A PostgreSQL pool
 * is handed to the pool gauges. Cost: two clock reads and a histogram update per query.
 */
export function instrumentAdapterFactory<F extends SqlDriverAdapterFactory>(factory: F): F {
  return withOverrides(factory, {
    connect: async () => {
      const adapter = await factory.connect();
      // The pg adapter exposes its Pool here; the interface does not declare it, so it is probed, not assumed.
      const driver: unknown = (adapter as SqlDriverAdapter & { underlyingDriver?: () => unknown }).underlyingDriver?.();
      if (isPool(driver)) observePool(driver);
      return timed(adapter, {
        startTransaction: async (...args: Parameters<SqlDriverAdapter["startTransaction"]>) =>
          timed(await adapter.startTransaction(...args), {}),
      });
    },
  } as Partial<F>);
}

function isPool(value: unknown): value is PoolLike {
  return typeof value === "object" && value !== null && typeof (value as { totalCount?: unknown }).totalCount === "number";
}

function timed<Q extends SqlQueryable | Transaction>(queryable: Q, overrides: Partial<Q>): Q {
  return withOverrides(queryable, {
    queryRaw: async (query) => {
      const started = performance.now();
      try {
        return await queryable.queryRaw(query);
      } finally {
        recordQuery("query", (performance.now() - started) / 1000);
      }
    },
    executeRaw: async (query) => {
      const started = performance.now();
      try {
        return await queryable.executeRaw(query);
      } finally {
        recordQuery("execute", (performance.now() - started) / 1000);
      }
    },
    ...overrides,
  } as Partial<Q>);
}

/** The object with some methods replaced; everything else (getters, other methods) still reads the original. */
function withOverrides<T extends object>(target: T, overrides: Partial<T>): T {
  return new Proxy(target, {
    get(object, property) {
      if (Object.hasOwn(overrides, property)) return overrides[property as keyof T];
      const value: unknown = Reflect.get(object, property, object);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(object) : value;
    },
  });
}
