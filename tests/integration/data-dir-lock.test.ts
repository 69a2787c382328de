import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { serverProcessArgs } from "./server-process";
import { describe, expect, it } from "vitest";
import { lockDataDirectory } from "../../server/db/pglite";

const root = path.resolve(import.meta.dirname, "..", "..");

describe("embedded database directory lock", () => {
  it("a second process on the same data directory exits non-zero with a clear message", () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "strata-lock-"));
    const release = lockDataDirectory(dataDir);
    try {
      // The real start path (scripts/start.ts) opens the database exactly like the migrate script does.
      const second = spawnSync(process.execPath, serverProcessArgs("scripts/start.ts"), {
        cwd: root,
        env: { ...process.env, STRATA_DATA_DIR: dataDir, DATABASE_URL: "", PORT: "3999" },
        encoding: "utf8",
        timeout: 60_000,
      });
      expect(second.status).toBe(1);
      expect(second.stderr).toContain(`is already in use by another process (pid ${process.pid})`);
      expect(fs.existsSync(path.join(dataDir, "pgdata", "PG_VERSION"))).toBe(false);
    } finally {
      release();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("takes over a lock left by a process that no longer exists", () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "strata-lock-"));
    fs.writeFileSync(path.join(dataDir, "strata.lock"), "999999");
    const release = lockDataDirectory(dataDir);
    expect(fs.readFileSync(path.join(dataDir, "strata.lock"), "utf8")).toBe(String(process.pid));
    release();
    expect(fs.existsSync(path.join(dataDir, "strata.lock"))).toBe(false);
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
});
