import "server-only";
import type { Db, Tx } from "../db/client";
import { AppError, prismaErrorCode } from "../errors";
import type { ServiceContext } from "./context";

/**
 * Waits are generous on purpose: PGlite serializes transactions, so fifty concurrent writers queue behind each
 * other, and a busy machine must slow a use case down, never fail it (docs/architecture.md, "Transactions").
 */
const TRANSACTION_TIMING = { maxWait: 30_000, timeout: 60_000 } as const;

export interface TransactionOptions {
  /**
   * What a unique-index violation means to this use case (e.g. "a module named x already exists", with the field
   * error). Without it the caller gets a generic "changed at the same time" conflict.
   */
  uniqueViolation?: () => AppError;
  /** Stronger isolation for use cases that read-then-write across rows (template edits re-check the composition). */
  isolationLevel?: "Serializable";
}

/**
 * Runs one use case in one transaction: its reads, its writes and its audit events commit together or not at
 * all. Two failures that only a concurrent writer can cause become CONFLICT with a message a person can act on:
 * a unique index catching a second writer (P2002) and a PostgreSQL serialization failure (P2034). Every service
 * writes through this function so the rule lives in one place.
 */
export async function runInTransaction<T>(
  target: ServiceContext | Db,
  run: (tx: Tx) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  const db = "$transaction" in target ? target : target.db;
  try {
    return await db.$transaction(run, {
      ...TRANSACTION_TIMING,
      ...(options.isolationLevel ? { isolationLevel: options.isolationLevel } : {}),
    });
  } catch (error) {
    const code = prismaErrorCode(error);
    if (code === "P2002") {
      throw options.uniqueViolation?.() ?? new AppError("CONFLICT", "Another change to the same record happened at the same time; reload and try again.");
    }
    if (code === "P2034") throw new AppError("CONFLICT", "The change collided with a concurrent one; reload and try again.");
    throw error;
  }
}
