/**
 * A throwaway PostgreSQL 15 server on a temp dir and a free loopback port (docs/testing.md): the same recipe as
 * `.ci/run`, for tests that need PostgreSQL whatever engine the suite runs on (pg-boss, the shared sign-in
 * throttle), for `npm run scale:test` and for the benchmarks. As root, the server runs as the unprivileged
 * `postgres` user (initdb refuses root).
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";

export interface ThrowawayPostgres {
  /** postgresql://strata@127.0.0.1:<port>/postgres */
  url: string;
  /** A URL to another database on the same server. */
  urlFor: (database: string) => string;
  port: number;
  /** The cluster's data directory: `postmaster.pid` there names the server process (the fleet bench reads its CPU). */
  dataDir: string;
  /** The server log (auto_explain writes its plans there). */
  logFile: string;
  /** Stops the server and removes its directory; a second call does nothing. */
  stop: () => Promise<void>;
}

export interface ThrowawayPostgresOptions {
  maxConnections?: number;
  /** Extra `-c name=value` server settings, e.g. `shared_preload_libraries=auto_explain`. */
  settings?: readonly string[];
  /**
   * Also stop the server when the process exits or gets SIGTERM / SIGINT (a long bench ended by `timeout` or Ctrl-C
   * skips its `finally`). Test runners stop it themselves.
   */
  stopOnExit?: boolean;
}

export async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;

function run(command: string, args: string[]): void {
  const [file, argv] = isRoot() ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
  const result = spawnSync(file, argv as string[], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr || result.stdout}`);
}

export async function startThrowawayPostgres(options: ThrowawayPostgresOptions = {}): Promise<ThrowawayPostgres> {
  if (!fs.existsSync(path.join(PG_BIN, "initdb"))) throw new Error(`PostgreSQL 15 server binaries not found in ${PG_BIN} (set PG_BIN).`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "strata-pg-"));
  if (isRoot()) {
    if (spawnSync("id", ["postgres"]).status !== 0) spawnSync("useradd", ["--system", "--no-create-home", "postgres"]);
    fs.chownSync(dir, Number(spawnSync("id", ["-u", "postgres"], { encoding: "utf8" }).stdout.trim()), 0);
  }
  const port = await freePort();
  const data = path.join(dir, "data");
  const logFile = path.join(dir, "log");
  const settings = [`max_connections=${options.maxConnections ?? 200}`, ...(options.settings ?? [])];
  run(path.join(PG_BIN, "initdb"), ["-D", data, "-U", "strata", "--auth=trust", "--no-sync"]);
  run(path.join(PG_BIN, "pg_ctl"), [
    "-D",
    data,
    "-o",
    [`-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, ...settings.map((setting) => `-c ${setting}`)].join(" "),
    "-l",
    logFile,
    "-w",
    "start",
  ]);
  const urlFor = (database: string) => `postgresql://strata@127.0.0.1:${port}/${database}`;
  let stopped = false;
  const stopNow = () => {
    if (stopped) return;
    stopped = true;
    try {
      run(path.join(PG_BIN, "pg_ctl"), ["-D", data, "-m", "immediate", "stop"]);
    } catch {
      // Already gone; the directory is removed either way.
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
  if (options.stopOnExit) {
    process.once("exit", stopNow);
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      process.once(signal, () => {
        stopNow();
        process.exit(128 + (signal === "SIGTERM" ? 15 : 2));
      });
    }
  }
  return { url: urlFor("postgres"), urlFor, port, dataDir: data, logFile, stop: async () => stopNow() };
}
