/**
 * The agent API under a fleet's load (docs/fleet-sim.md, "The benchmark"):
 *
 *   npm run bench -- fleet                                   # 10,000 instances, 60 s measured, both engines
 *   npm run bench -- fleet --instances 2000 --duration 20    # a quick run
 *   npm run bench -- fleet --engine pglite                   # one engine (pglite | postgresql)
 *
 * For each engine: a fresh database (a throwaway PostgreSQL 15, tests/support/postgres-server.ts, or an embedded PGlite data
 * directory) gets the seed:large catalog (200 templates of 10–30 modules) and `--instances` instances inserted in
 * bulk with known agent tokens (only their SHA-256 is stored, as the services do). Setup is bulk on purpose; the
 * measured part goes over real HTTP: ONE `npm start` process serves, and the simulator (server/fleet-sim) plays
 * every instance — a heartbeat every `--interval` seconds and a desired-state poll as often, with If-None-Match —
 * at `--fail-rate` failing agents. After one interval of warm-up (every agent's first 200 and first heartbeat),
 * the counters are zeroed and `--duration` seconds are measured: heartbeat and poll latency, errors, the 304 ratio,
 * and the server's CPU from /proc/<pid>/stat (and PostgreSQL's, which runs in its own processes).
 *
 * Baseline: the same simulated fleet against a trivial Node http server that answers the three calls with fixed
 * bodies (scripts/bench/fleet-baseline-server.mjs): the generator's and the loopback's own cost. And the
 * generator's ceiling: heartbeats back to back from 64 concurrent callers against that server, to show how far the
 * offered rate is from what this machine's load generator can produce at all.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import { sha256Hex, tokenDisplayPrefix, randomSecret } from "@/server/auth/secrets";
import { createPrismaForPglite, createPrismaForUrl, type Db } from "@/server/db/client";
import { applyMigrationsToPglite, applyMigrationsToUrl } from "@/server/db/migrate";
import { openPgliteDataDir } from "@/server/db/pglite";
import { AgentApiClient, LatencyHistogram, mulberry32, runFleet, statusLine, takeMark, type FleetSnapshot } from "@/server/fleet-sim";
import { seedLarge } from "@/server/seed/large";
import { createAccount } from "@/server/services/accounts";
import type { BenchRow } from "./compose.bench";
import { commandLine, processTree, rssMb, runQueueWaitMs, stopGroup, treeCpuMs } from "./proc";
import { freePort, startThrowawayPostgres } from "../../tests/support/postgres-server";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const ENGINES = ["postgresql", "pglite"] as const;
type Engine = (typeof ENGINES)[number];

export interface FleetBenchOptions {
  instances: number;
  durationSeconds: number;
  intervalSeconds: number;
  failRate: number;
  engines: Engine[];
}

export const FLEET_BENCH_DEFAULTS: FleetBenchOptions = { instances: 10_000, durationSeconds: 60, intervalSeconds: 30, failRate: 0.02, engines: [...ENGINES] };

/** `--instances N --duration S --interval S --fail-rate R --engine pglite|postgresql` from scripts/bench.ts. */
export function fleetBenchOptions(args: Readonly<Record<string, string>>): FleetBenchOptions {
  const num = (name: string, fallback: number, ok: (n: number) => boolean) => {
    const raw = args[name];
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || !ok(value)) throw new Error(`bench fleet: --${name} ${raw} is out of range`);
    return value;
  };
  const engine = args.engine;
  if (engine !== undefined && !(ENGINES as readonly string[]).includes(engine)) throw new Error(`bench fleet: --engine is one of ${ENGINES.join(", ")}`);
  return {
    instances: num("instances", FLEET_BENCH_DEFAULTS.instances, (n) => Number.isInteger(n) && n >= 1 && n <= 100_000),
    durationSeconds: num("duration", FLEET_BENCH_DEFAULTS.durationSeconds, (n) => n >= 1),
    intervalSeconds: num("interval", FLEET_BENCH_DEFAULTS.intervalSeconds, (n) => n >= 1),
    failRate: num("fail-rate", FLEET_BENCH_DEFAULTS.failRate, (n) => n >= 0 && n <= 1),
    engines: engine ? [engine as Engine] : [...ENGINES],
  };
}

const log = (line: string) => console.error(`[fleet] ${line}`);

// ---------------------------------------------------------------------------------------------------------
// Setup: the catalog and the instances, in bulk

/** seed:large's catalog, then `count` running instances spread over its templates, each with a known agent token. */
async function seedFleet(db: Db, count: number): Promise<string[]> {
  const account = await createAccount(db, { slug: "powernode", name: "Powernode" });
  await seedLarge(db, "powernode", { log: (line) => log(`  seed:large ${line}`) });
  const templates = await db.template.findMany({ where: { accountId: account.id }, orderBy: { name: "asc" }, select: { id: true } });
  const now = new Date();
  const tokens: string[] = [];
  for (let start = 0; start < count; start += 1_000) {
    const rows = [];
    for (let i = start; i < Math.min(count, start + 1_000); i++) {
      const token = `sna_${randomSecret(32)}`;
      tokens.push(token);
      rows.push({
        accountId: account.id,
        templateId: templates[i % templates.length]?.id ?? null,
        name: `fleet-bench-${String(i + 1).padStart(5, "0")}`,
        arch: i % 5 === 0 ? ("arm64" as const) : ("amd64" as const),
        status: "running" as const,
        agentTokenHash: sha256Hex(token),
        agentTokenPrefix: tokenDisplayPrefix(token),
        agentTokenIssuedAt: now,
        createdAt: now,
      });
    }
    await db.nodeInstance.createMany({ data: rows });
  }
  log(`  ${count} instances with agent tokens over ${templates.length} templates`);
  return tokens;
}

interface Prepared {
  env: Record<string, string>;
  tokens: string[];
  /** PostgreSQL's postmaster pid (its backends are its children), for the database's own CPU. */
  postgresPid: () => number | null;
  cleanup: () => Promise<void>;
}

async function prepare(engine: Engine, instances: number): Promise<Prepared> {
  const started = performance.now();
  if (engine === "postgresql") {
    const pg = await startThrowawayPostgres({ stopOnExit: true });
    const db = createPrismaForUrl(pg.url);
    try {
      await applyMigrationsToUrl(pg.url);
      const tokens = await seedFleet(db, instances);
      await db.$executeRawUnsafe("ANALYZE");
      log(`  set up in ${((performance.now() - started) / 1000).toFixed(0)} s`);
      const postgresPid = () => {
        const first = fs.readFileSync(path.join(pg.dataDir, "postmaster.pid"), "utf8").split("\n")[0];
        return first ? Number(first) : null;
      };
      return { env: { DATABASE_URL: pg.url }, tokens, postgresPid, cleanup: async () => pg.stop() };
    } finally {
      await db.$disconnect();
    }
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "strata-bench-fleet-"));
  // The server takes the data directory's lock, so the setup opens, fills and closes it first.
  const opened = await openPgliteDataDir(dir);
  const db = createPrismaForPglite(opened.pglite);
  try {
    await applyMigrationsToPglite(opened.pglite);
    const tokens = await seedFleet(db, instances);
    log(`  set up in ${((performance.now() - started) / 1000).toFixed(0)} s`);
    return { env: { DATABASE_URL: "", STRATA_DATA_DIR: dir }, tokens, postgresPid: () => null, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  } finally {
    await db.$disconnect();
    await opened.close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// The servers

interface Served {
  url: string;
  /** The process that serves (for Strata: the node process running scripts/start.ts, below npm and tsx). */
  pid: number;
  stop: () => Promise<void>;
}

/** `npm start` as a user runs it, in its own process group, on a free port; resolves once it listens. */
async function startStrata(env: Record<string, string>): Promise<Served> {
  const port = await freePort();
  const child = spawn("npm", ["start"], {
    cwd: ROOT,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, ...env, PORT: String(port), STRATA_SEED_DEMO: "0", NEXT_TELEMETRY_DISABLED: "1" },
  });
  const output: string[] = [];
  const remember = (chunk: Buffer) => {
    output.push(chunk.toString("utf8"));
    if (output.length > 200) output.shift();
  };
  child.stderr?.on("data", remember);
  const listening = new Promise<void>((resolve, reject) => {
    child.stdout?.on("data", (chunk: Buffer) => {
      remember(chunk);
      if (/Building Strata/.test(chunk.toString("utf8"))) log("  next build first (sources changed since the last build)…");
      if (output.join("").includes("Strata is running at")) resolve();
    });
    child.once("exit", (code) => reject(new Error(`npm start exited (${code}) before listening:\n${output.join("").slice(-3000)}`)));
  });
  const timeout = sleep(15 * 60_000).then(() => {
    throw new Error("npm start did not listen within 15 minutes");
  });
  try {
    await Promise.race([listening, timeout]);
  } catch (error) {
    await stopGroup(child);
    throw error;
  }
  const tree = processTree(child.pid ?? 0);
  const starts = tree.filter((pid) => commandLine(pid).includes("scripts/start.ts"));
  // tsx's launcher and the server both name the script; the server is the one with no such child.
  const server = starts.find((pid) => !processTree(pid).some((other) => other !== pid && starts.includes(other))) ?? child.pid ?? 0;
  return { url: `http://127.0.0.1:${port}`, pid: server, stop: () => stopGroup(child) };
}

async function startBaseline(): Promise<Served> {
  const child = spawn(process.execPath, [path.join(ROOT, "scripts", "bench", "fleet-baseline-server.mjs")], { detached: true, stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    let text = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      text += chunk.toString("utf8");
      const line = text.split("\n")[0];
      if (text.includes("\n") && line) resolve((JSON.parse(line) as { port: number }).port);
    });
    child.once("exit", (code) => reject(new Error(`baseline server exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid ?? 0, stop: () => stopGroup(child) };
}

// ---------------------------------------------------------------------------------------------------------
// Measuring

/** Calls in flight at most (runFleet's default): a server slower than the offered rate shows as this many. */
const CONCURRENCY = 256;

interface Measured {
  snapshot: FleetSnapshot;
  seconds: number;
  /** How long the warm-up took, and whether the fleet had settled by then (see measureFleet). */
  warmupSeconds: number;
  settled: boolean;
  /** Heartbeats per second the fleet should send: agents still calling (not silent) / interval. */
  expectedPerSecond: number;
  serverCpuMs: number;
  /** Time the server's threads were runnable but waited for a CPU: what other processes took from it. */
  serverWaitMs: number;
  dbCpuMs: number;
  rssMb: number;
  /** The machine's 1-minute load average at the end of the window. */
  load: number;
}

async function measureFleet(served: Served, tokens: string[], options: FleetBenchOptions, measureSeconds: number, dbPid: () => number | null, label: string): Promise<Measured> {
  const controller = new AbortController();
  const run = runFleet({
    url: served.url,
    agentTokens: tokens,
    intervalSeconds: options.intervalSeconds,
    failRate: options.failRate,
    // A fleet that has been up a while: every node already runs its desired state; failing nodes fail from the start.
    startConverged: true,
    concurrency: CONCURRENCY,
    random: mulberry32(20261202),
    signal: controller.signal,
  });
  let previous = takeMark(run.counters, performance.now());
  const progress = setInterval(() => {
    const current = takeMark(run.counters, performance.now());
    log(`  ${label} ${statusLine(run.snapshot(), previous, current)}`);
    previous = current;
  }, 10_000);
  try {
    // Warm-up: at least one interval (every agent's first 200 and first heartbeat, the desired-state cache filled),
    // then until every agent has started and nothing queues for a slot, so the measured window is the steady state
    // and not a backlog being worked off. A server that never catches up is measured anyway after three intervals,
    // and the figures say so (`settled=no`).
    const warmStarted = performance.now();
    const settled = () => {
      const snapshot = run.snapshot();
      return snapshot.agents.starting + snapshot.agents.waiting === 0 && run.counters.inFlight < CONCURRENCY / 2;
    };
    await sleep(options.intervalSeconds * 1000);
    while (!settled() && performance.now() - warmStarted < 3 * options.intervalSeconds * 1000) await sleep(1_000);
    const warmupSeconds = (performance.now() - warmStarted) / 1000;
    const wasSettled = settled();
    log(`  ${label} warm-up ${warmupSeconds.toFixed(0)} s${wasSettled ? "" : " (not settled: calls still queue for a slot)"}; measuring ${measureSeconds} s`);
    run.resetCounters();
    const dbCpu = () => {
      const pid = dbPid();
      return pid ? treeCpuMs(pid) : 0;
    };
    const cpu0 = treeCpuMs(served.pid);
    const wait0 = runQueueWaitMs(served.pid);
    const db0 = dbCpu();
    const t0 = performance.now();
    await sleep(measureSeconds * 1000);
    const snapshot = run.snapshot();
    const seconds = (performance.now() - t0) / 1000;
    const expectedPerSecond = (snapshot.agents.total - snapshot.agents.silent - snapshot.agents.rejected) / options.intervalSeconds;
    return {
      snapshot,
      seconds,
      warmupSeconds,
      settled: wasSettled,
      expectedPerSecond,
      serverCpuMs: treeCpuMs(served.pid) - cpu0,
      serverWaitMs: runQueueWaitMs(served.pid) - wait0,
      dbCpuMs: dbCpu() - db0,
      rssMb: rssMb(served.pid),
      load: os.loadavg()[0] ?? Number.NaN,
    };
  } finally {
    clearInterval(progress);
    controller.abort();
    await run.done;
  }
}

/** Heartbeats back to back from `concurrency` callers: the most this machine's generator produces. */
async function generatorCeiling(url: string, seconds: number, concurrency: number): Promise<{ rps: number; latency: LatencyHistogram }> {
  const api = new AgentApiClient({ url });
  const modules = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`scale-module-${i}`, `sha256:${String(i % 10).repeat(64)}`]));
  const body = { status: "running" as const, agent_version: "strata-fleet-sim/1", modules };
  const latency = new LatencyHistogram();
  let count = 0;
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const result = await api.heartbeat("sna_ceiling", body);
        latency.record(result.ms);
        if (!result.error) count += 1;
      }
    }),
  );
  return { rps: count / seconds, latency };
}

// ---------------------------------------------------------------------------------------------------------

const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : "–");
const f2 = (n: number) => (Number.isFinite(n) ? n.toFixed(2) : "–");

export async function runFleetBench(partial: Partial<FleetBenchOptions> = {}): Promise<BenchRow[]> {
  const options = { ...FLEET_BENCH_DEFAULTS, ...partial };
  const offeredRps = (2 * options.instances) / options.intervalSeconds;
  log(`${options.instances} instances, heartbeat and poll every ${options.intervalSeconds} s (≈${f1(offeredRps)} calls/s), fail rate ${options.failRate}, warm-up ${options.intervalSeconds} s, measured ${options.durationSeconds} s`);

  log("baseline: the same fleet against a trivial Node http server");
  const baselineServer = await startBaseline();
  let baseline: Measured;
  let ceiling: Awaited<ReturnType<typeof generatorCeiling>>;
  try {
    const fakeTokens = Array.from({ length: options.instances }, (_, i) => `sna_baseline_${i}`);
    baseline = await measureFleet(baselineServer, fakeTokens, options, Math.min(options.durationSeconds, 30), () => null, "baseline");
    ceiling = await generatorCeiling(baselineServer.url, 5, 64);
    log(`  generator ceiling ${f1(ceiling.rps)} heartbeats/s (p50 ${f2(ceiling.latency.percentile(50))} ms at 64 in flight)`);
  } finally {
    await baselineServer.stop();
  }
  const bCalls = baseline.snapshot.heartbeats.ok + baseline.snapshot.desiredState.ok200 + baseline.snapshot.desiredState.notModified304;
  const bHb = baseline.snapshot.latency.heartbeat;
  const bDs = baseline.snapshot.latency.desiredState;
  const bCpuPerCall = baseline.serverCpuMs / Math.max(1, bCalls);

  const rows: BenchRow[] = [];
  for (const engine of options.engines) {
    log(`${engine}: setting up`);
    const prepared = await prepare(engine, options.instances);
    let measured: Measured;
    try {
      log(`${engine}: npm start`);
      const strata = await startStrata(prepared.env);
      try {
        log(`${engine}: serving at ${strata.url} (server pid ${strata.pid}); warm-up ${options.intervalSeconds} s, then ${options.durationSeconds} s measured`);
        measured = await measureFleet(strata, prepared.tokens, options, options.durationSeconds, prepared.postgresPid, engine);
      } finally {
        await strata.stop();
      }
    } finally {
      await prepared.cleanup();
    }
    const s = measured.snapshot;
    const hb = s.latency.heartbeat;
    const ds = s.latency.desiredState;
    const calls = s.heartbeats.ok + s.heartbeats.failed + s.desiredState.ok200 + s.desiredState.notModified304 + s.desiredState.failed;
    const errors = Object.entries(s.errorsByKind).map(([k, v]) => `${k}:${v}`).join(",") || "0";
    rows.push(
      {
        name: `${engine}: heartbeat p50`,
        medianMs: hb.p50,
        baselineMs: bHb.p50,
        ratio: hb.p50 / bHb.p50,
        extra: {
          p99: f1(hb.p99),
          baselineP99: f2(bHb.p99),
          p99Ratio: f1(hb.p99 / bHb.p99),
          max: f1(hb.max),
          perSecond: f1(s.heartbeats.ok / measured.seconds),
          sustained: `${Math.round(((s.heartbeats.ok + s.heartbeats.failed) / measured.seconds / measured.expectedPerSecond) * 100)}%`,
          errors,
          lagP99: f1(s.latency.lag.p99),
          skipped: s.skipped,
          warmupS: Math.round(measured.warmupSeconds),
          settled: measured.settled ? "yes" : "no",
        },
      },
      {
        name: `${engine}: desired_state p50`,
        medianMs: ds.p50,
        baselineMs: bDs.p50,
        ratio: ds.p50 / bDs.p50,
        extra: { p99: f1(ds.p99), baselineP99: f2(bDs.p99), p99Ratio: f1(ds.p99 / bDs.p99), ratio304: f2(s.desiredState.notModifiedRatio), ok200: s.desiredState.ok200, notModified304: s.desiredState.notModified304 },
      },
      {
        name: `${engine}: server CPU ms per call`,
        medianMs: measured.serverCpuMs / Math.max(1, calls),
        baselineMs: bCpuPerCall,
        ratio: measured.serverCpuMs / Math.max(1, calls) / bCpuPerCall,
        extra: {
          serverCpu: `${f1((measured.serverCpuMs / (measured.seconds * 1000)) * 100)}%`,
          serverCpuWait: `${f1((measured.serverWaitMs / (measured.seconds * 1000)) * 100)}%`,
          load1: f1(measured.load),
          ...(engine === "postgresql" ? { postgresCpu: `${f1((measured.dbCpuMs / (measured.seconds * 1000)) * 100)}%` } : {}),
          baselineCpu: `${f1((baseline.serverCpuMs / (baseline.seconds * 1000)) * 100)}%`,
          callsPerSecond: f1(calls / measured.seconds),
          rssMb: f1(measured.rssMb),
        },
      },
    );
    log(`${engine}: ${s.heartbeats.ok} heartbeats, p50 ${f1(hb.p50)} ms, p99 ${f1(hb.p99)} ms, ${s.errors} errors`);
  }
  rows.push({
    name: "generator: ms between calls offered vs at its ceiling",
    medianMs: 1000 / offeredRps,
    baselineMs: 1000 / ceiling.rps,
    ratio: ceiling.rps / offeredRps,
    extra: { offeredPerSecond: f1(offeredRps), ceilingPerSecond: f1(ceiling.rps), baselineLagP99: f1(baseline.snapshot.latency.lag.p99) },
  });
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const args: Record<string, string> = {};
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg.startsWith("--")) args[arg.slice(2)] = argv[++i] ?? "";
  }
  const rows = await runFleetBench(fleetBenchOptions(args));
  for (const row of rows) {
    console.log(`${row.name}: ${row.medianMs.toFixed(2)} ms (baseline ${row.baselineMs.toFixed(2)} ms, ${row.ratio.toFixed(1)}×) ${JSON.stringify(row.extra)}`);
  }
  process.exit(0);
}
