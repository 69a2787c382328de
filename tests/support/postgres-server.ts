/**
 * A throwaway PostgreSQL 15 server on a temp dir and a free loopback port (docs/testing.md): the same recipe as
 * `.ci/run`, for tests that need PostgreSQL whatever engine the suite runs on (pg-boss, the shared sign-in
 * throttle) and for `npm run scale:test`. As root, the server runs as the unprivileged `postgres` user (initdb
 * refuses root).
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
  stop: () => Promise<void>;
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

export async function startThrowawayPostgres(options: { maxConnections?: number } = {}): Promise<ThrowawayPostgres> {
  if (!fs.existsSync(path.join(PG_BIN, "initdb"))) throw new Error(`PostgreSQL 15 server binaries not found in ${PG_BIN} (set PG_BIN).`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "strata-pg-"));
  if (isRoot()) {
    if (spawnSync("id", ["postgres"]).status !== 0) spawnSync("useradd", ["--system", "--no-create-home", "postgres"]);
    fs.chownSync(dir, Number(spawnSync("id", ["-u", "postgres"], { encoding: "utf8" }).stdout.trim()), 0);
  }
  const port = await freePort();
  const data = path.join(dir, "data");
  run(path.join(PG_BIN, "initdb"), ["-D", data, "-U", "strata", "--auth=trust", "--no-sync"]);
  run(path.join(PG_BIN, "pg_ctl"), [
    "-D",
    data,
    "-o",
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=${options.maxConnections ?? 200}`,
    "-l",
    path.join(dir, "log"),
    "-w",
    "start",
  ]);
  const urlFor = (database: string) => `postgresql://strata@127.0.0.1:${port}/${database}`;
  return {
    url: urlFor("postgres"),
    urlFor,
    port,
    stop: async () => {
      try {
        run(path.join(PG_BIN, "pg_ctl"), ["-D", data, "-m", "immediate", "stop"]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
