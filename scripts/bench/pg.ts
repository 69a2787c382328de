/**
 * A throwaway PostgreSQL 15 for benchmarks: initdb + pg_ctl on a temp dir and a free port (the recipe of
 * .ci/run). As root, the server runs as the unprivileged `postgres` user (initdb refuses root).
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../../tests/support/postgres-server";

const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";

function runPg(args: string[]): void {
  const asRoot = process.getuid?.() === 0;
  const [command, ...rest] = asRoot ? ["runuser", "-u", "postgres", "--", ...args] : args;
  execFileSync(command ?? "", rest, { stdio: ["ignore", "ignore", "pipe"] });
}

export interface ThrowawayPostgres {
  url: string;
  /** The cluster's data directory: `postmaster.pid` there names the server process (the fleet bench reads its CPU). */
  dataDir: string;
  /** The server log (auto_explain writes its plans there). */
  logFile: string;
  stop: () => void;
}

/** `settings`: extra `-c name=value` server settings, e.g. `shared_preload_libraries=auto_explain`. */
export async function startThrowawayPostgres(options: { settings?: readonly string[] } = {}): Promise<ThrowawayPostgres> {
  if (!fs.existsSync(path.join(PG_BIN, "initdb"))) throw new Error(`PostgreSQL 15 server binaries not found in ${PG_BIN} (set PG_BIN)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "strata-bench-pg-"));
  if (process.getuid?.() === 0) {
    try {
      execFileSync("id", ["postgres"], { stdio: "ignore" });
    } catch {
      execFileSync("useradd", ["--system", "--no-create-home", "postgres"]);
    }
    execFileSync("chown", ["postgres", dir]);
  }
  const port = await freePort();
  const data = path.join(dir, "data");
  runPg([path.join(PG_BIN, "initdb"), "-D", data, "-U", "strata", "--auth=trust", "--no-sync"]);
  runPg([
    path.join(PG_BIN, "pg_ctl"),
    "-D",
    data,
    "-o",
    [`-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, ...(options.settings ?? []).map((setting) => `-c ${setting}`)].join(" "),
    "-l",
    path.join(dir, "log"),
    "-w",
    "start",
  ]);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      runPg([path.join(PG_BIN, "pg_ctl"), "-D", data, "-m", "immediate", "stop"]);
    } catch {
      // Already gone; the directory is removed either way.
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  process.once("exit", stop);
  // `timeout` and Ctrl-C end a long bench with a signal, which skips "exit" handlers: stop the server first.
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      stop();
      process.exit(128 + (signal === "SIGTERM" ? 15 : 2));
    });
  }
  return { url: `postgresql://strata@127.0.0.1:${port}/postgres`, dataDir: data, logFile: path.join(dir, "log"), stop };
}
