import "server-only";
import fs from "node:fs";
import { Worker } from "node:worker_threads";
import type { PGlite, Transaction } from "@electric-sql/pglite";

/**
 * The embedded database runs inside this process. When it stops answering (measured: a full disk under its
 * write-ahead log makes the next query wait forever) or its WebAssembly runtime panics, every request would hang
 * or fail from then on. The watchdog turns both into a clear log line and a non-zero exit, so a supervisor
 * restarts the process instead of it serving nothing. See docs/security.md ("Embedded database").
 *
 * Two ways a database can stop answering, two guards:
 * - a query whose promise never settles (the event loop still runs): an in-process timer over in-flight calls;
 * - a query that never returns from WebAssembly (PGlite executes on the main thread, so the event loop stops —
 *   measured: `SELECT pg_sleep(1)` lets no timer fire for a second): a worker thread watches a heartbeat the
 *   main thread writes, and when it stops for longer than the timeout, logs and kills the process.
 */

export interface WatchdogOptions {
  /** A single database call taking longer than this is treated as a hung database. */
  timeoutMs: number;
  /** What to do when the database is gone; the default logs and exits the process. */
  onFatal?: (reason: string) => void;
  /** How often in-flight calls are checked; defaults to a quarter of the timeout (at least 50 ms). */
  checkEveryMs?: number;
}

export const DATABASE_EXIT_CODE = 70;

function exitProcess(reason: string): void {
  console.error(`\nFATAL: ${reason}\nStrata is exiting so that a supervisor can restart it (exit code ${DATABASE_EXIT_CODE}).\n`);
  process.exit(DATABASE_EXIT_CODE);
}

/** A WebAssembly trap or an Emscripten abort: PGlite's runtime is unusable after one. */
export function isDatabasePanic(error: unknown): boolean {
  if (typeof WebAssembly !== "undefined" && error instanceof WebAssembly.RuntimeError) return true;
  if (!(error instanceof Error)) return false;
  return /^(Aborted\(|RuntimeError: )|unreachable executed|memory access out of bounds/.test(error.message) || error.name === "RuntimeError";
}

interface InFlight {
  label: string;
  startedAt: number;
}

/** Wraps a PGlite instance's query entry points; returns a function that stops the watchdog. */
export function armPgliteWatchdog(pglite: PGlite, options: WatchdogOptions): () => void {
  const onFatal = options.onFatal ?? exitProcess;
  const inFlight = new Set<InFlight>();
  let fired = false;
  const fatal = (reason: string) => {
    if (fired) return;
    fired = true;
    clearInterval(timer);
    onFatal(reason);
  };

  function track<T>(label: string, run: () => Promise<T>): Promise<T> {
    const entry: InFlight = { label, startedAt: Date.now() };
    inFlight.add(entry);
    return run().then(
      (value) => {
        inFlight.delete(entry);
        return value;
      },
      (error: unknown) => {
        inFlight.delete(entry);
        if (isDatabasePanic(error)) fatal(`the embedded database panicked (${error instanceof Error ? error.message : String(error)}).`);
        throw error;
      },
    );
  }

  const timer = setInterval(
    () => {
      const now = Date.now();
      for (const entry of inFlight) {
        if (now - entry.startedAt > options.timeoutMs) {
          fatal(
            `the embedded database stopped answering: a ${entry.label} has been waiting for ${now - entry.startedAt} ms ` +
              `(limit ${options.timeoutMs} ms, STRATA_DB_TIMEOUT_MS). A full disk under the data directory is the usual cause.`,
          );
          return;
        }
      }
    },
    options.checkEveryMs ?? Math.max(50, Math.floor(options.timeoutMs / 4)),
  );
  timer.unref();

  const originalQuery = pglite.query.bind(pglite);
  const originalExec = pglite.exec.bind(pglite);
  const originalTransaction = pglite.transaction.bind(pglite);
  const wrapTransaction = (tx: Transaction): Transaction => {
    const txQuery = tx.query.bind(tx);
    const txExec = tx.exec.bind(tx);
    tx.query = ((...args: Parameters<typeof txQuery>) => track("query in a transaction", () => txQuery(...args))) as typeof tx.query;
    tx.exec = ((...args: Parameters<typeof txExec>) => track("statement in a transaction", () => txExec(...args))) as typeof tx.exec;
    return tx;
  };
  pglite.query = ((...args: Parameters<typeof originalQuery>) => track("query", () => originalQuery(...args))) as typeof pglite.query;
  pglite.exec = ((...args: Parameters<typeof originalExec>) => track("statement", () => originalExec(...args))) as typeof pglite.exec;
  pglite.transaction = (<T>(callback: (tx: Transaction) => Promise<T>) =>
    originalTransaction((tx) => callback(wrapTransaction(tx)))) as typeof pglite.transaction;

  const stopStallGuard = startEventLoopStallGuard(options.timeoutMs, options.checkEveryMs);

  return () => {
    clearInterval(timer);
    stopStallGuard();
    pglite.query = originalQuery as typeof pglite.query;
    pglite.exec = originalExec as typeof pglite.exec;
    pglite.transaction = originalTransaction as typeof pglite.transaction;
  };
}

/**
 * The stall guard's worker. It cannot ask the (stuck) main thread to log or exit, so it writes to stderr itself
 * and sends SIGKILL: a stuck thread runs no signal handlers, and the data directory lock is taken over on restart.
 */
const STALL_GUARD_SOURCE = `
const { workerData } = require("node:worker_threads");
const fs = require("node:fs");
const beat = new BigInt64Array(workerData.heartbeat);
setInterval(() => {
  const silentMs = Date.now() - Number(Atomics.load(beat, 0));
  if (silentMs > workerData.timeoutMs) {
    fs.writeSync(2, "\\nFATAL: the embedded database stopped answering: the server has been stuck in a database call for " +
      silentMs + " ms (limit " + workerData.timeoutMs + " ms, STRATA_DB_TIMEOUT_MS). A full disk under the data directory is the usual cause.\\n" +
      "Strata is exiting so that a supervisor can restart it.\\n");
    process.kill(workerData.pid, "SIGKILL");
  }
}, workerData.checkEveryMs);
`;

function startEventLoopStallGuard(timeoutMs: number, checkEveryMs?: number): () => void {
  const heartbeat = new SharedArrayBuffer(8);
  const beat = new BigInt64Array(heartbeat);
  const touch = () => Atomics.store(beat, 0, BigInt(Date.now()));
  touch();
  const every = checkEveryMs ?? Math.max(50, Math.floor(timeoutMs / 4));
  const beating = setInterval(touch, every);
  beating.unref();
  const worker = new Worker(STALL_GUARD_SOURCE, { eval: true, workerData: { heartbeat, timeoutMs, checkEveryMs: every, pid: process.pid } });
  worker.unref();
  return () => {
    clearInterval(beating);
    void worker.terminate();
  };
}

export class InsufficientDiskSpaceError extends Error {
  constructor(
    readonly directory: string,
    readonly freeBytes: number,
    readonly floorBytes: number,
  ) {
    const mib = (bytes: number) => `${Math.floor(bytes / (1024 * 1024)).toLocaleString("en")} MiB`;
    super(
      `Only ${mib(freeBytes)} free under ${directory}; Strata needs at least ${mib(floorBytes)} (STRATA_MIN_FREE_MB) ` +
        `for the embedded database, which hangs when its disk fills up. Free some space or lower the floor.`,
    );
    this.name = "InsufficientDiskSpaceError";
  }
}

/** Bytes available to this process on the file system holding `directory`. */
export function freeBytes(directory: string): number {
  const stats = fs.statfsSync(directory);
  return stats.bavail * stats.bsize;
}

export function assertFreeSpace(directory: string, floorBytes: number): void {
  const free = freeBytes(directory);
  if (free < floorBytes) throw new InsufficientDiskSpaceError(directory, free, floorBytes);
}
