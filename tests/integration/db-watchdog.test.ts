import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { serverProcessArgs } from "./server-process";
import { PGlite } from "@electric-sql/pglite";
import { describe, expect, it } from "vitest";
import { openPgliteDataDir } from "../../server/db/pglite";
import { armPgliteWatchdog, assertFreeSpace, freeBytes, InsufficientDiskSpaceError, isDatabasePanic } from "../../server/db/watchdog";

const root = path.resolve(import.meta.dirname, "..", "..");

describe("embedded database watchdog", () => {
  it("a query that never gets an answer ends in the fatal handler, not a hang", async () => {
    const pglite = await PGlite.create();
    const reasons: string[] = [];
    const disarm = armPgliteWatchdog(pglite, { timeoutMs: 300, checkEveryMs: 50, onFatal: (reason) => reasons.push(reason) });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    // A transaction that does not finish holds PGlite's only session: the next query waits on it for ever.
    const transaction = pglite.transaction(async (tx) => {
      await tx.query("SELECT 1");
      await held;
    });
    const waiting = pglite.query("SELECT 2 AS answer");
    await expect.poll(() => reasons.length, { timeout: 5000, interval: 50 }).toBe(1);
    expect(reasons[0]).toMatch(/stopped answering: a query has been waiting for \d+ ms \(limit 300 ms/);
    release();
    await transaction;
    expect((await waiting).rows).toEqual([{ answer: 2 }]);
    disarm();
    await pglite.close();
  });

  it("a process stuck inside the database (event loop blocked) is killed with a clear message", () => {
    const started = Date.now();
    const child = spawnSync(process.execPath, serverProcessArgs("tests/integration/programs/stuck-database.ts"), {
      cwd: root,
      encoding: "utf8",
      timeout: 50_000,
    });
    expect(child.stdout).toContain("querying");
    expect(child.stdout).not.toContain("the query returned");
    expect(child.signal).toBe("SIGKILL");
    expect(child.stderr).toMatch(/FATAL: the embedded database stopped answering/);
    // It died long before the 60 s sleep would have ended.
    expect(Date.now() - started).toBeLessThan(45_000);
  });

  it("recognises WebAssembly traps as database panics", async () => {
    // A real trap: a one-function module whose body is `unreachable`.
    const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 7, 5, 1, 1, 102, 0, 0, 10, 5, 1, 3, 0, 0, 11]);
    const { instance } = await WebAssembly.instantiate(bytes);
    let trap: unknown;
    try {
      (instance.exports.f as () => void)();
    } catch (error) {
      trap = error;
    }
    expect(isDatabasePanic(trap)).toBe(true);
    expect(isDatabasePanic(new Error("duplicate key value violates unique constraint"))).toBe(false);
  });
});

describe("free-space floor", () => {
  it("refuses to open the embedded database below the floor, with a clear message and nothing created", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "strata-space-"));
    try {
      const floor = freeBytes(dataDir) + 1024 ** 4;
      expect(() => assertFreeSpace(dataDir, floor)).toThrow(InsufficientDiskSpaceError);
      await expect(openPgliteDataDir(dataDir, { minFreeBytes: floor })).rejects.toThrow(/free under .*; Strata needs at least .* \(STRATA_MIN_FREE_MB\)/);
      expect(fs.existsSync(path.join(dataDir, "pgdata", "PG_VERSION"))).toBe(false);
      expect(fs.existsSync(path.join(dataDir, "strata.lock"))).toBe(false);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("the start script exits 1 with the message when the floor is not met", () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "strata-space-"));
    try {
      const child = spawnSync(process.execPath, serverProcessArgs("scripts/start.ts"), {
        cwd: root,
        env: { ...process.env, STRATA_DATA_DIR: dataDir, DATABASE_URL: "", PORT: "3998", STRATA_MIN_FREE_MB: "1048576" },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(child.status).toBe(1);
      expect(child.stderr).toMatch(/Strata cannot start: Only .* MiB free under/);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe("a killed process", () => {
  it("keeps what the embedded database committed before kill -9, and the next process takes the directory over", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "strata-kill-"));
    try {
      const child = spawn(process.execPath, serverProcessArgs("tests/integration/programs/write-then-wait.ts", dataDir), { cwd: root });
      await new Promise<void>((resolve, reject) => {
        let output = "";
        child.stdout.on("data", (chunk: Buffer) => {
          output += chunk.toString();
          if (output.includes("written")) resolve();
        });
        child.on("exit", (code) => reject(new Error(`the writer exited early (${code})`)));
      });
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
      const reopened = await openPgliteDataDir(dataDir);
      try {
        const { rows } = await reopened.pglite.query<{ note: string }>("SELECT note FROM survival WHERE id = 1");
        expect(rows).toEqual([{ note: "committed before the kill" }]);
      } finally {
        await reopened.close();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
