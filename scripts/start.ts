/**
 * `npm start`: builds when needed, migrates the database (embedded PGlite under ./data by default, PostgreSQL
 * with DATABASE_URL), seeds the demo account on an empty database, and serves Strata. Embedded, ONE process owns
 * the data directory (its lock refuses a second one). On PostgreSQL any number of replicas may run this at once:
 * migration and seed run under an advisory lock, jobs are shared through pg-boss (docs/deployment.md).
 */
import http from "node:http";
import path from "node:path";
import next from "next";
import { appendPeerAddress } from "../server/api/client-address";
import { getEnv } from "../server/env";
import { setProcessDatabase } from "../server/db/client";
import { openAndMigrate } from "../server/db/open";
import { DataDirectoryLockedError } from "../server/db/pglite";
import { InsufficientDiskSpaceError } from "../server/db/watchdog";
import { startStrataJobs } from "../server/jobs";
import { startDraining } from "../server/api/lifecycle";
import { answerHealthProbe } from "../server/api/health";
import { closeProcessSignInThrottle } from "../server/auth/sign-in-throttle";
import { seedDemoIfEmpty } from "../server/seed/demo";
import { buildIfNeeded } from "./build-if-needed";
import { isWellFormedRequestTarget } from "../server/api/transport";
import { toFetchRequest, writeFetchResponse } from "../server/api/node-http";
import { createRestHandler } from "../server/api/rest/handler";
import { agentRoutes } from "../server/api/rest/routes-agent";
import { startDemoFleet, type DemoFleet } from "../server/fleet-sim/demo";
import { loadDemoFleet, saveDemoFleet } from "./demo-fleet-file";
import { observeRequest, serveMetrics } from "../server/observability/http";

const dev = process.argv.includes("--dev");
const AGENT_API_PREFIX = "/api/v1/agent/";
const root = path.resolve(import.meta.dirname, "..");

async function main() {
  const env = getEnv();
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  let database;
  try {
    // Lock and migrate before the (slow) build, so a second `npm start` on the embedded database fails at once.
    // The demo seed runs right after the migrations, under the same lock on PostgreSQL.
    database = await openAndMigrate((db, engine) =>
      seedDemoIfEmpty(db, {
        demoPassword: env.STRATA_DEMO_PASSWORD,
        demoApiToken: env.STRATA_DEMO_API_TOKEN,
        enabled: env.STRATA_SEED_DEMO === "1",
        dataDir: engine === "pglite" ? env.STRATA_DATA_DIR : undefined,
      }),
    );
  } catch (error) {
    if (error instanceof DataDirectoryLockedError || error instanceof InsufficientDiskSpaceError) {
      console.error(`\nStrata cannot start: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  console.log(
    `Database: ${database.engine} at ${database.location}` +
      (database.appliedMigrations.length ? ` (applied ${database.appliedMigrations.length} migration(s))` : ""),
  );
  const seeded = database.afterMigrate;
  if (seeded) saveDemoFleet(env.STRATA_DATA_DIR, seeded.demoFleet);
  setProcessDatabase({ prisma: database.db, close: database.close });
  const db = database.db;

  if (!dev) buildIfNeeded();
  const app = next({ dev, dir: root, port: env.PORT, hostname: "localhost" });
  const handle = app.getRequestHandler();
  await app.prepare();
  // From here on the main thread only serves: a database call that stops answering ends the process.
  database.armWatchdog();
  // The node agent API is the hot path (every node, every 30 s): it is served by the same REST dispatcher and
  // routes as /api/v1/* inside Next, minus Next's routing, which costs more CPU per call than the call itself.
  const agentApi = createRestHandler(agentRoutes, { getDb: async () => db });
  let closing = false;
  const server = http.createServer((req, res) => {
    // Once the server stops listening, answers close their connection so no keep-alive client sends another request.
    if (closing) res.setHeader("Connection", "close");
    // Observability (docs/observability.md): request id, one log line and the HTTP metrics per request; /metrics.
    observeRequest(req, res);
    if (serveMetrics(req, res, env.STRATA_METRICS_TOKEN)) return;
    // End of observability.
    // Route handlers never see the socket; record its address the way a reverse proxy would, so the sign-in
    // limiter can tell clients apart without believing what they claim (server/api/client-address.ts).
    appendPeerAddress(req);
    // Next answers a malformed %-escape in the path with a 500; it is the client's error.
    if (!isWellFormedRequestTarget(req.url ?? "/")) {
      res.writeHead(400, { "Content-Type": "text/plain; charset=utf-8", "Cache-Control": "no-store" });
      res.end("Bad request: the URL contains a malformed %-escape.\n");
      return;
    }
    if (req.url === "/healthz" || req.url === "/readyz") {
      void answerHealthProbe(req.url)
        .then((response) => (response ? writeFetchResponse(res, response) : undefined))
        .catch(() => {
          if (!res.headersSent) res.writeHead(503);
          res.end();
        });
      return;
    }
    if (req.url?.startsWith(AGENT_API_PREFIX)) {
      const request = toFetchRequest(req);
      void agentApi(request, new URL(request.url).pathname.slice("/api/v1/".length))
        .then((response) => writeFetchResponse(res, response))
        .catch((error: unknown) => {
          console.error("agent API failed:", error);
          if (!res.headersSent) res.writeHead(500);
          res.end();
        });
      return;
    }
    void handle(req, res);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(env.PORT, "0.0.0.0", () => resolve());
  });

  // Periodic jobs (docs/deployment.md, Jobs): shared through pg-boss on PostgreSQL, in-process when embedded. Started
  // once serving, so a build or Next's start-up (which block this thread) never counts against a job's run time.
  const jobs = await startStrataJobs({ getDb: async () => db, databaseUrl: env.DATABASE_URL });
  console.log(`\nStrata is running at http://localhost:${env.PORT}`);
  // The demo's instances come alive through the agent API, like real nodes (docs/fleet-sim.md).
  let demoFleet: DemoFleet | null = null;
  if (env.STRATA_DEMO_FLEET === "1") {
    const members = loadDemoFleet(env.STRATA_DATA_DIR);
    if (members.length > 0) {
      demoFleet = startDemoFleet({
        baseUrl: `http://127.0.0.1:${env.PORT}`,
        agentTokens: members.map((m) => ({ token: m.token, name: m.name, running: m.running, status: m.status, ...(m.profile === "frozen" ? { profile: "frozen" as const } : {}) })),
      });
    }
  }
  if (seeded) {
    console.log(`\nDemo account "powernode" seeded. Sign in as any of (same password for all):`);
    for (const user of seeded.users) console.log(`  ${user.role.padEnd(9)} ${user.email}`);
    if (seeded.generatedPassword) {
      console.log(`  password: ${seeded.generatedPassword}   (generated; shown only now${seeded.passwordFile ? `, also saved to ${seeded.passwordFile}` : ""})`);
    } else {
      console.log("  password: the value of STRATA_DEMO_PASSWORD");
    }
  } else {
    console.log("Sign in with your account (demo users: admin@powernode.example and others; see README).");
  }

  // Graceful shutdown (docs/deployment.md): fail /readyz first, keep serving while the load balancer notices, then
  // stop listening, let requests in flight and the current job finish, close the database and exit 0 — within a
  // bound, after which the remaining connections are cut.
  const drainMs = (env.STRATA_SHUTDOWN_DRAIN_SECONDS ?? (env.DATABASE_URL ? 5 : 0)) * 1000;
  const timeoutMs = env.STRATA_SHUTDOWN_TIMEOUT_SECONDS * 1000;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    console.log(`\n${signal}: stopping Strata (draining ${drainMs / 1000} s, then up to ${timeoutMs / 1000} s for requests in flight)…`);
    startDraining();
    const forced = setTimeout(() => {
      console.error(`Shutdown took longer than ${timeoutMs / 1000} s: cutting the remaining connections.`);
      server.closeAllConnections();
    }, drainMs + timeoutMs);
    forced.unref();
    await new Promise((resolve) => setTimeout(resolve, drainMs));
    closing = true;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    // Keep-alive sockets whose request was already in flight become idle afterwards: close them as they do.
    const sweeper = setInterval(() => server.closeIdleConnections(), 100);
    sweeper.unref();
    server.closeIdleConnections();
    await demoFleet?.stop();
    await Promise.all([closed, jobs.stop()]);
    clearInterval(sweeper);
    await app.close?.();
    await closeProcessSignInThrottle();
    await database.close();
    clearTimeout(forced);
    console.log(`Stopped in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
