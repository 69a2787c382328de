import { describe, expect, it } from "vitest";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, SqlResultSet, Transaction } from "@prisma/driver-adapter-utils";
import { renderMetrics } from "../observability/metrics";
import { instrumentAdapterFactory } from "./instrument";

const EMPTY: SqlResultSet = { columnTypes: [], columnNames: [], rows: [] };
const QUERY: SqlQuery = { sql: "SELECT 1", args: [], argTypes: [] };

function count(text: string, series: string): number {
  return Number(text.split("\n").find((line) => line.startsWith(`${series} `))?.split(" ")[1] ?? 0);
}

/** A driver adapter that answers at once, with a pg-like pool behind it. */
function fakeFactory(pool: { totalCount: number; idleCount: number; waitingCount: number; ended: boolean }): SqlDriverAdapterFactory {
  const transaction = {
    provider: "postgres",
    adapterName: "fake",
    options: { usePhantomQuery: false },
    queryRaw: async () => EMPTY,
    executeRaw: async () => 1,
    commit: async () => {},
    rollback: async () => {},
  } as unknown as Transaction;
  const adapter = {
    provider: "postgres",
    adapterName: "fake",
    queryRaw: async () => EMPTY,
    executeRaw: async () => 1,
    executeScript: async () => {},
    startTransaction: async () => transaction,
    dispose: async () => {},
    underlyingDriver: () => pool,
  } as unknown as SqlDriverAdapter;
  return { provider: "postgres", adapterName: "fake", connect: async () => adapter } as SqlDriverAdapterFactory;
}

describe("the instrumented driver adapter", () => {
  it("times queries and executes on the connection and inside transactions, and passes everything else through", async () => {
    const pool = { totalCount: 3, idleCount: 2, waitingCount: 0, ended: false };
    const factory = instrumentAdapterFactory(fakeFactory(pool));
    expect(factory.adapterName).toBe("fake");
    const before = await renderMetrics();
    const adapter = await factory.connect();
    expect(await adapter.queryRaw(QUERY)).toBe(EMPTY);
    expect(await adapter.executeRaw(QUERY)).toBe(1);
    const tx = await adapter.startTransaction();
    await tx.queryRaw(QUERY);
    await tx.executeRaw(QUERY);
    await tx.commit();
    const after = await renderMetrics();
    const moved = (series: string) => count(after, series) - count(before, series);
    expect(moved('strata_db_query_duration_seconds_count{kind="query"}')).toBe(2);
    expect(moved('strata_db_query_duration_seconds_count{kind="execute"}')).toBe(2);
    expect(count(after, "strata_db_pool_connections_total")).toBeGreaterThanOrEqual(3);
    // An ended pool leaves the gauges.
    pool.ended = true;
    expect(count(await renderMetrics(), "strata_db_pool_connections_total")).toBe(count(after, "strata_db_pool_connections_total") - 3);
  });
});
