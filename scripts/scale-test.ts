/**
 * `npm run scale:test [-- --replicas 3 --seconds 150]`: Strata as N replicas on one PostgreSQL behind haproxy,
 * under a mixed workload, through a rolling restart and a `kill -9` (docs/deployment.md, "The scale test").
 *
 * It starts a throwaway PostgreSQL 15, the replicas at once on the empty database (they migrate and seed once,
 * under the startup lock), haproxy from apt with /readyz health checks, then for a bounded time: UI reads through
 * tRPC with one session cookie that moves between replicas, REST version ingests + promotions and template edits
 * with the demo API token, simulated agents (the fleet simulator's library) heartbeating, and an MCP client. During
 * it every replica is SIGTERMed and started again in turn, and later one is killed with SIGKILL. Then it asserts
 * and prints the figures; exit status 1 when an assertion fails.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { Client as McpClient } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { runFleet } from "../server/fleet-sim";
import { buildIfNeeded } from "./build-if-needed";
import { freePort, startThrowawayPostgres } from "../tests/support/postgres-server";

const root = path.resolve(import.meta.dirname, "..");
const argv = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] ? Number(argv[i + 1]) : fallback;
};
const REPLICAS = arg("replicas", 3);
/** Total workload time; the stale-marking check needs ≥ 150 s (a 1-minute limit plus a 1-minute job tick). */
const SECONDS = arg("seconds", 150);
const PASSWORD = "scale-test-password";
const API_TOKEN = "stk_scale_test_token_0123456789abcdef";
const METRICS_TOKEN = "scale-test-metrics-token-0123456789";
/** Longer than haproxy needs to see /readyz fail (fall 3 × inter 1 s, docs/deployment/haproxy.cfg). */
const DRAIN_SECONDS = 5;

const log = (message: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function ensureHaproxy(): string {
  const found = spawnSync("sh", ["-c", "command -v haproxy"], { encoding: "utf8" }).stdout.trim();
  if (found) return found;
  if (process.getuid?.() !== 0) throw new Error("haproxy is not installed. Install it with:\n  sudo apt-get install -y haproxy");
  const script = "command -v haproxy >/dev/null || apt-get install -y -qq --no-install-recommends haproxy || (apt-get update -qq && apt-get install -y -qq --no-install-recommends haproxy)";
  const result = spawnSync("flock", ["/tmp/strata-apt.lock", "sh", "-c", script], { stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
  if (result.status !== 0) throw new Error("apt-get install haproxy failed; see above.");
  return spawnSync("sh", ["-c", "command -v haproxy"], { encoding: "utf8" }).stdout.trim();
}

// ---------------------------------------------------------------------------------------------------------------
// Replicas

interface Replica {
  index: number;
  port: number;
  process: ChildProcess | null;
  logFile: string;
  exits: { signal: string; code: number | null; stopMs: number }[];
}

function startReplica(replica: Replica, databaseUrl: string, dataDir: string): void {
  const out = fs.openSync(replica.logFile, "a");
  replica.process = spawn(process.execPath, ["--import", "tsx", "--import", "./scripts/node/server-process.mjs", "scripts/start.ts"], {
    cwd: root,
    stdio: ["ignore", out, out],
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(replica.port),
      DATABASE_URL: databaseUrl,
      STRATA_DATA_DIR: dataDir,
      STRATA_DEMO_PASSWORD: PASSWORD,
      STRATA_DEMO_API_TOKEN: API_TOKEN,
      STRATA_DEMO_FLEET: "0",
      STRATA_METRICS_TOKEN: METRICS_TOKEN,
      STRATA_LOG_LEVEL: "warn",
      STRATA_SHUTDOWN_DRAIN_SECONDS: String(DRAIN_SECONDS),
      // haproxy is the only proxy: its X-Forwarded-For is believed (loopback).
      STRATA_TRUSTED_PROXIES: "127.0.0.1",
    },
  });
}

async function waitReady(port: number, timeoutMs = 180_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  throw new Error(`replica on port ${port} did not become ready within ${timeoutMs / 1000} s`);
}

async function stopReplica(replica: Replica, signal: "SIGTERM" | "SIGKILL"): Promise<void> {
  const child = replica.process;
  if (!child || child.exitCode !== null) return;
  const started = Date.now();
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.kill(signal);
  const code = await exited;
  replica.exits.push({ signal, code, stopMs: Date.now() - started });
  replica.process = null;
}

// ---------------------------------------------------------------------------------------------------------------
// Recording every client request

type Kind = "ui-read" | "rest-ingest" | "rest-promote" | "rest-template-edit" | "mcp" | "agent";
interface Call {
  kind: Kind;
  start: number;
  end: number;
  ok: boolean;
  detail: string;
}
const calls: Call[] = [];

async function timed<T>(kind: Kind, run: () => Promise<{ ok: boolean; detail?: string; value?: T }>): Promise<T | undefined> {
  const start = Date.now();
  try {
    const result = await run();
    calls.push({ kind, start, end: Date.now(), ok: result.ok, detail: result.detail ?? "" });
    return result.ok ? result.value : undefined;
  } catch (error) {
    calls.push({ kind, start, end: Date.now(), ok: false, detail: error instanceof Error ? error.message : String(error) });
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  const haproxy = ensureHaproxy();
  log("building once (replicas then find the build current)…");
  buildIfNeeded();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "strata-scale-"));
  const postgres = await startThrowawayPostgres();
  const databaseUrl = postgres.urlFor("strata");
  {
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query("CREATE DATABASE strata");
    await admin.end();
  }
  const replicas: Replica[] = [];
  for (let i = 0; i < REPLICAS; i += 1) replicas.push({ index: i, port: await freePort(), process: null, logFile: path.join(work, `replica-${i}.log`), exits: [] });
  let haproxyProcess: ChildProcess | null = null;
  const failures: string[] = [];
  const check = (ok: boolean, message: string) => {
    log(`${ok ? "ok  " : "FAIL"} ${message}`);
    if (!ok) failures.push(message);
  };

  try {
    log(`starting ${REPLICAS} replicas at once on an empty PostgreSQL (${replicas.map((r) => r.port).join(", ")})…`);
    const bootStarted = Date.now();
    for (const replica of replicas) startReplica(replica, databaseUrl, path.join(work, `data-${replica.index}`));
    await Promise.all(replicas.map((r) => waitReady(r.port)));
    const bootSeconds = (Date.now() - bootStarted) / 1000;
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const migrationRows = (await db.query<{ n: string }>(`SELECT count(*) AS n FROM _prisma_migrations`)).rows[0]!.n;
    const migrationDirs = fs.readdirSync(path.join(root, "prisma", "migrations")).filter((d) => /^\d+_/.test(d)).length;
    const accounts = (await db.query<{ n: string }>(`SELECT count(*) AS n FROM accounts WHERE slug = 'powernode'`)).rows[0]!.n;
    check(Number(migrationRows) === migrationDirs, `migrations applied once: ${migrationRows} rows for ${migrationDirs} migrations`);
    check(Number(accounts) === 1, `demo seeded once: ${accounts} powernode account(s)`);

    // haproxy in front, with health checks on /readyz.
    const lbPort = await freePort();
    const haproxyConfig = path.join(work, "haproxy.cfg");
    fs.writeFileSync(haproxyConfig, haproxyConfigText(lbPort, replicas.map((r) => r.port)));
    haproxyProcess = spawn(haproxy, ["-f", haproxyConfig, "-db"], { stdio: ["ignore", "ignore", "inherit"] });
    const lb = `http://127.0.0.1:${lbPort}`;
    await waitReady(lbPort);
    await sleep(1500);

    // Setup through the load balancer: a session cookie, the ids the workload edits, an enrollment token.
    const signIn = await fetch(`${lb}/api/trpc/auth.signIn`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ json: { email: "viewer@powernode.example", password: PASSWORD } }),
    });
    const cookie = (signIn.headers.getSetCookie().find((c) => c.startsWith("strata_session=")) ?? "").split(";")[0]!;
    check(signIn.ok && cookie.length > 0, `signed in through haproxy (${signIn.status})`);
    const rest = (method: string, route: string, body?: unknown) =>
      fetch(`${lb}/api/v1${route}`, {
        method,
        headers: { authorization: `Bearer ${API_TOKEN}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? null : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
    const templateRow = (
      await db.query<{ id: string; assignment: string; module: string }>(
        `SELECT t.id, a.id AS assignment, m.name AS module FROM templates t JOIN template_modules a ON a."templateId" = t.id JOIN modules m ON m.id = a."moduleId"
         JOIN module_versions v ON v."moduleId" = m.id AND v."promotionState" = 'live'
         JOIN accounts ac ON ac.id = t."accountId" AND ac.slug = 'powernode' WHERE a.enabled ORDER BY t.name, m.name LIMIT 1`,
      )
    ).rows[0];
    if (!templateRow) throw new Error("the demo has no template with a live module");
    const scaleModule = `scale-${Date.now().toString(36)}`;
    const registered = await rest("POST", "/system/modules", {
      name: scaleModule,
      display_name: "Scale test",
      category_slug: "userland",
      manifest_yaml: manifestFor(scaleModule),
    });
    check(registered.status === 201, `registered ${scaleModule} (${registered.status}${registered.ok ? "" : `: ${(await registered.text()).slice(0, 300)}`})`);
    const enrollment = await rest("POST", `/system/templates/${templateRow.id}/enrollment_tokens`, { expires_in_hours: 2, max_uses: 100 });
    const enrollToken = ((await enrollment.json()) as { token: string }).token;
    await db.query(`UPDATE accounts SET "heartbeatStaleMinutes" = 1 WHERE slug = 'powernode'`);

    // Cache coherence: an agent of the template reads its desired state on replica B right after a change on A.
    const enrolled = await fetch(`http://127.0.0.1:${replicas[0]!.port}/api/v1/agent/enroll`, {
      method: "POST",
      headers: { authorization: `Bearer ${enrollToken}`, "content-type": "application/json" },
      body: JSON.stringify({ name: `coherence-${Date.now()}`, arch: "amd64" }),
    });
    const coherenceAgent = ((await enrolled.json()) as { agent_token: string }).agent_token;
    const coherence = await measureCoherence(replicas, templateRow.assignment, templateRow.module, coherenceAgent);
    check(coherence.every((c) => c.readsUntilVisible === 1), `a change on replica A is visible on replica B at the first read (${coherence.map((c) => `${c.ms} ms`).join(", ")})`);

    // The workload.
    const stopAt = Date.now() + SECONDS * 1000;
    let running = true;
    const loops: Promise<void>[] = [];
    const uiPaths = ["auth.me", "templates.list", "approvals.pendingCount"];
    loops.push(
      (async () => {
        while (running) {
          await timed("ui-read", async () => {
            const response = await fetch(`${lb}/api/trpc/${uiPaths.join(",")}?batch=1&input=${encodeURIComponent(JSON.stringify({ 0: { json: null }, 1: { json: {} }, 2: { json: null } }))}`, {
              headers: { cookie },
              signal: AbortSignal.timeout(30_000),
            });
            await response.arrayBuffer();
            return { ok: response.ok, detail: String(response.status) };
          });
          await sleep(50);
        }
      })(),
    );
    const ingested: string[] = [];
    const edits: string[] = [];
    loops.push(
      (async () => {
        let n = 0;
        while (running) {
          n += 1;
          const version = `1.0.${n}`;
          const created = await timed("rest-ingest", async () => {
            const response = await rest("POST", `/system/modules/${scaleModule}/versions`, {
              version,
              oci_ref: `registry.example/${scaleModule}:${version}`,
              oci_digest: `sha256:${n.toString(16).padStart(64, "0")}`,
              manifest_yaml: manifestFor(scaleModule),
              file_list: [`/usr/bin/${scaleModule}`],
            });
            const body = (await response.json()) as { id?: string };
            return { ok: response.status === 201, detail: String(response.status), value: body.id };
          });
          if (created) {
            ingested.push(version);
            await timed("rest-promote", async () => {
              const response = await rest("POST", `/system/node_module_versions/${created}/promote`, { target_state: "staging" });
              await response.arrayBuffer();
              return { ok: response.ok, detail: String(response.status) };
            });
          }
          const description = `scale edit ${n}`;
          const edited = await timed("rest-template-edit", async () => {
            const response = await rest("PATCH", `/system/templates/${templateRow.id}`, { description });
            await response.arrayBuffer();
            return { ok: response.ok, detail: String(response.status), value: true };
          });
          if (edited) edits.push(description);
          await sleep(100);
        }
      })(),
    );
    loops.push(
      (async () => {
        const connect = async () => {
          const client = new McpClient({ name: "scale-test", version: "1" });
          await client.connect(new StreamableHTTPClientTransport(new URL(`${lb}/api/mcp`), { requestInit: { headers: { Authorization: `Bearer ${API_TOKEN}` } } }));
          return client;
        };
        let client = await connect();
        while (running) {
          const ok = await timed("mcp", async () => {
            const result = await client.callTool({ name: "system_list_modules", arguments: {} });
            return { ok: !result.isError, detail: result.isError ? JSON.stringify(result.content).slice(0, 200) : "ok", value: true };
          });
          if (!ok) client = await connect().catch(() => client);
          await sleep(200);
        }
        await client.close();
      })(),
    );
    const recordedFetch = (input: string, init: RequestInit) => {
      const start = Date.now();
      return fetch(input, init).then(
        (response) => {
          // 4xx are the agent's business (e.g. 304s are fine); a 5xx or a network error is a failure.
          calls.push({ kind: "agent", start, end: Date.now(), ok: response.status < 500, detail: String(response.status) });
          return response;
        },
        (error: unknown) => {
          // Stopping the simulated fleet at the end aborts the calls it has in flight: the test's doing, not a failure.
          const abortedByUs = !running && error instanceof Error && error.name === "AbortError";
          if (!abortedByUs) calls.push({ kind: "agent", start, end: Date.now(), ok: false, detail: String(error) });
          throw error;
        },
      );
    };
    const fleet = runFleet({ url: lb, enrollToken, instances: 40, intervalSeconds: 5, pollIntervalSeconds: 5, convergeDelay: [1, 3], namePrefix: "scale", fetch: recordedFetch });
    // Agents that go silent after a few beats: the stale-marking job must mark each exactly once.
    const silentFleet = runFleet({ url: lb, enrollToken, instances: 5, intervalSeconds: 5, namePrefix: "silent", fetch: recordedFetch });
    await sleep(12_000);
    silentFleet.stop();
    await silentFleet.done;
    const silentSince = Date.now();

    await sleep(Math.min(15_000, Math.max(0, stopAt - Date.now()) / 4));
    log("rolling restart: SIGTERM each replica in turn and start it again…");
    const rollingStart = Date.now();
    for (const replica of replicas) {
      await stopReplica(replica, "SIGTERM");
      startReplica(replica, databaseUrl, path.join(work, `data-${replica.index}`));
      await waitReady(replica.port);
      // haproxy's check needs two passes (rise 2, inter 1 s) before the replica takes traffic again.
      await sleep(3_000);
    }
    const rollingEnd = Date.now();
    await sleep(5_000);
    const victim = replicas[replicas.length - 1]!;
    log(`kill -9 replica ${victim.index}…`);
    const killAt = Date.now();
    await stopReplica(victim, "SIGKILL");
    // The kernel tears a large process down over some tens of ms, and its listening socket accepts until it is gone:
    // a request that reached it by then was in flight on the killed replica.
    const goneAt = Date.now();
    await sleep(3_000);
    startReplica(victim, databaseUrl, path.join(work, `data-${victim.index}`));
    await waitReady(victim.port);
    const killRecovered = Date.now();
    while (Date.now() < Math.max(stopAt, silentSince + (SECONDS >= 150 ? 135_000 : 0))) await sleep(1000);
    running = false;
    fleet.stop();
    await Promise.all([...loops, fleet.done]);
    const workloadSeconds = (Date.now() - (stopAt - SECONDS * 1000)) / 1000;

    // ---- Assertions
    const inWindow = (c: Call, from: number, to: number) => c.end >= from && c.start <= to;
    const failed = calls.filter((c) => !c.ok);
    const rollingFailures = failed.filter((c) => inWindow(c, rollingStart, rollingEnd));
    const killFailures = failed.filter((c) => inWindow(c, killAt, killRecovered));
    const otherFailures = failed.filter((c) => !inWindow(c, rollingStart, rollingEnd) && !inWindow(c, killAt, killRecovered));
    check(rollingFailures.length === 0, `no failed request during the rolling restart (${rollingFailures.length}${rollingFailures.length ? `: ${summarize(rollingFailures)}` : ""})`);
    // Only requests already in flight when the replica died may fail.
    const lateKillFailures = killFailures.filter((c) => c.start > goneAt);
    check(lateKillFailures.length === 0, `during the kill only requests in flight failed: ${killFailures.length} failed (started ${killFailures.map((c) => `${c.start - killAt} ms`).join(", ") || "-"} after the signal; the process was gone ${goneAt - killAt} ms after it), ${lateKillFailures.length} started later${lateKillFailures.length ? `: ${summarize(lateKillFailures)}` : ""}`);
    check(otherFailures.length === 0, `no failed request outside the restarts (${otherFailures.length}${otherFailures.length ? `: ${summarize(otherFailures)}` : ""})`);

    // Exactly one audit event per applied change, nothing half-applied, nothing lost.
    const versions = (
      await db.query<{ version: string; state: string; created: string; promoted: string }>(
        `SELECT v.version, v."promotionState" AS state,
           (SELECT count(*) FROM audit_events e WHERE e."targetId" = v.id AND e.action = 'version.created') AS created,
           (SELECT count(*) FROM audit_events e WHERE e."targetId" = v.id AND e.action = 'version.promoted') AS promoted
         FROM module_versions v JOIN modules m ON m.id = v."moduleId" WHERE m.name = $1`,
        [scaleModule],
      )
    ).rows;
    const lost = ingested.filter((v) => !versions.some((row) => row.version === v));
    check(lost.length === 0, `every acknowledged ingest is stored (${ingested.length} acknowledged, ${versions.length} stored, ${lost.length} lost)`);
    const badCreate = versions.filter((v) => Number(v.created) !== 1);
    check(badCreate.length === 0, `each stored version has exactly one creation audit event (${badCreate.length} do not)`);
    const badPromote = versions.filter((v) => Number(v.promoted) !== (v.state === "staging" ? 1 : 0));
    check(badPromote.length === 0, `each version's state matches its promotion events (${badPromote.length} do not)`);
    const editEvents = (
      await db.query<{ description: string; n: string }>(
        `SELECT e.after->>'description' AS description, count(*) AS n FROM audit_events e WHERE e."targetId" = $1 AND e.action = 'template.updated' GROUP BY 1`,
        [templateRow.id],
      )
    ).rows;
    const editsMissing = edits.filter((d) => Number(editEvents.find((e) => e.description === d)?.n ?? 0) !== 1);
    check(editsMissing.length === 0, `each acknowledged template edit has exactly one audit event (${edits.length} edits, ${editsMissing.length} without exactly one)`);
    const duplicateEdits = editEvents.filter((e) => Number(e.n) > 1);
    check(duplicateEdits.length === 0, `no template edit was applied twice (${duplicateEdits.length})`);

    // Jobs: once per tick, every tick recorded by one replica.
    const jobRows = (await db.query<{ job: string; runs: string; ticks: string; replicas: string; failed: string; attempts: string }>(
      `SELECT job, count(*) AS runs, count(DISTINCT tick) AS ticks, count(DISTINCT replica) AS replicas,
         count(*) FILTER (WHERE outcome = 'failed') AS failed, max(attempts) AS attempts FROM job_runs GROUP BY job ORDER BY job`,
    )).rows;
    const bossDuplicates = (await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM (SELECT name, singleton_key, singleton_on FROM pgboss.job WHERE singleton_on IS NOT NULL GROUP BY 1, 2, 3 HAVING count(*) > 1) d`,
    )).rows[0]!.n;
    // Every job runs at start (its current slot) and then on its schedule; all five ran at least once.
    check(jobRows.length >= 5 && jobRows.every((j) => j.runs === j.ticks && Number(j.failed) === 0), `every job ran, once per tick, none failed (${jobRows.map((j) => `${j.job} ${j.runs}/${j.ticks}`).join(", ")})`);
    check(Number(bossDuplicates) === 0, `pg-boss admitted one job per slot (${bossDuplicates} duplicate slots)`);
    const duplicateSystemEvents = (await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM (SELECT action, "targetId" FROM audit_events WHERE action IN ('promotion_request.expired', 'version.staging_stale', 'version.ready_to_bless') GROUP BY 1, 2 HAVING count(*) > 1) d`,
    )).rows[0]!.n;
    check(Number(duplicateSystemEvents) === 0, `no duplicate expiry or sensor events in the audit log (${duplicateSystemEvents})`);
    const stale = (await db.query<{ name: string; n: string }>(
      `SELECT i.name, count(e.id) AS n FROM node_instances i LEFT JOIN instance_events e ON e."instanceId" = i.id AND e.kind = 'went_stale' WHERE i.name LIKE 'silent-%' GROUP BY 1`,
    )).rows;
    check(stale.every((s) => Number(s.n) <= 1), `no silent instance was marked stale twice (${stale.map((s) => s.n).join(",")})`);
    if (SECONDS >= 150) check(stale.length === 5 && stale.every((s) => Number(s.n) === 1), `each of the 5 silent instances was marked stale exactly once`);
    // Observability: every replica's /metrics counts requests and heartbeats; haproxy's request ids reach the audit log.
    const scrapes = await Promise.all(
      replicas.map(async (r) => (await fetch(`http://127.0.0.1:${r.port}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text()),
    );
    const total = (text: string, metric: string) =>
      text
        .split("\n")
        .filter((line) => line.startsWith(metric))
        .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
    const perReplica = scrapes.map((text) => ({ http: total(text, "strata_http_requests_total"), heartbeats: total(text, "strata_agent_heartbeats_total") }));
    check(
      // A replica restarted just before the end may not have had a heartbeat yet; health checks reach every one.
      perReplica.every((m) => m.http > 0) && perReplica.some((m) => m.heartbeats > 0),
      `every replica's /metrics counts its HTTP requests, and heartbeats are counted (${perReplica.map((m) => `${m.http} requests, ${m.heartbeats} heartbeats`).join("; ")})`,
    );
    const withoutRequestId = (await db.query<{ n: string }>(
      `SELECT count(*) AS n FROM audit_events WHERE "targetId" = $1 AND action = 'template.updated' AND "requestId" IS NULL`,
      [templateRow.id],
    )).rows[0]!.n;
    check(Number(withoutRequestId) === 0, `every template edit's audit event carries the request id haproxy set (${withoutRequestId} without)`);
    // Read at the end: a replica prints its start-up summary after it starts serving, so right after boot it may not be
    // in the log yet.
    const seedLogs = replicas.map((r) => fs.readFileSync(r.logFile, "utf8")).filter((text) => text.includes('Demo account "powernode" seeded')).length;
    check(seedLogs === 1, `exactly one replica seeded (${seedLogs})`);
    const rollingExits = replicas.flatMap((r) => r.exits.filter((e) => e.signal === "SIGTERM"));
    check(rollingExits.every((e) => e.code === 0), `every SIGTERMed replica exited 0 (${rollingExits.map((e) => `${e.code} in ${(e.stopMs / 1000).toFixed(1)} s`).join(", ")})`);
    await db.end();

    fs.writeFileSync(path.join(work, "failed-requests.json"), JSON.stringify({ rollingStart, rollingEnd, killAt, goneAt, killRecovered, failed }, null, 1));

    // ---- Figures
    const byKind = new Map<Kind, { total: number; failed: number }>();
    for (const c of calls) {
      const entry = byKind.get(c.kind) ?? { total: 0, failed: 0 };
      entry.total += 1;
      if (!c.ok) entry.failed += 1;
      byKind.set(c.kind, entry);
    }
    console.log(`\nScale test: ${REPLICAS} replicas behind haproxy on PostgreSQL 15, ${workloadSeconds.toFixed(0)} s of workload`);
    console.log(`  boot of ${REPLICAS} replicas at once on an empty database: ${bootSeconds.toFixed(1)} s`);
    console.log(`  requests: ${calls.length} (${[...byKind].map(([k, v]) => `${k} ${v.total}${v.failed ? ` / ${v.failed} failed` : ""}`).join(", ")})`);
    console.log(`  rolling restart: ${((rollingEnd - rollingStart) / 1000).toFixed(1)} s, ${rollingFailures.length} failed requests; stop times ${rollingExits.map((e) => `${(e.stopMs / 1000).toFixed(1)} s`).join(", ")}`);
    console.log(`  kill -9: ${killFailures.length} failed requests (in flight on the killed replica), recovered in ${((killRecovered - killAt) / 1000).toFixed(1)} s`);
    console.log(`  jobs: ${jobRows.map((j) => `${j.job} ${j.runs} runs / ${j.ticks} ticks on ${j.replicas} replica(s)`).join("; ")}`);
    console.log(`  cache coherence (change on A, read on B): ${coherence.map((c) => `${c.ms} ms, ${c.readsUntilVisible} read(s)`).join("; ")}`);
    console.log(`  ingests ${ingested.length}, template edits ${edits.length}, silent instances marked stale ${stale.filter((s) => s.n === "1").length}/${stale.length}`);
    console.log(`  total ${((Date.now() - started) / 1000).toFixed(0)} s; logs in ${work}`);
  } finally {
    haproxyProcess?.kill("SIGTERM");
    await Promise.all(replicas.map((r) => stopReplica(r, "SIGKILL")));
    await postgres.stop();
  }
  if (failures.length > 0) {
    console.error(`\n${failures.length} check(s) failed:\n  ${failures.join("\n  ")}`);
    process.exit(1);
  }
  fs.rmSync(work, { recursive: true, force: true });
  console.log("\nscale test passed");
  process.exit(0);
}

function summarize(list: Call[]): string {
  return list
    .slice(0, 5)
    .map((c) => `${c.kind} ${c.detail.slice(0, 120)}`)
    .join("; ");
}

function manifestFor(name: string): string {
  return `schema_version: 1\nname: ${name}\ndisplay_name: ${name}\nfile_spec:\n  - /usr/bin/${name}\n`;
}

/** docs/deployment/haproxy.cfg with this run's ports: the documented file is the one tested. */
function haproxyConfigText(port: number, backends: number[]): string {
  const documented = fs.readFileSync(path.join(root, "docs", "deployment", "haproxy.cfg"), "utf8");
  const servers = backends.map((p, i) => `    server replica${i} 127.0.0.1:${p} check`).join("\n");
  const lines = documented.split("\n").filter((line) => !/^\s+server replica\d+ /.test(line));
  return `${lines.join("\n").replace(/bind 127\.0\.0\.1:\d+/, `bind 127.0.0.1:${port}`).trimEnd()}\n${servers}\n`;
}

/** Toggles an assignment on replica A and reads the agent's desired state on replica B until it shows. */
async function measureCoherence(replicas: Replica[], assignmentId: string, moduleName: string, agentToken: string) {
  const [a, b] = [replicas[0]!, replicas[1 % replicas.length]!];
  const results: { ms: number; readsUntilVisible: number }[] = [];
  for (const enabled of [false, true]) {
    const changed = await fetch(`http://127.0.0.1:${a.port}/api/v1/system/node_module_assignments/${assignmentId}`, {
      method: "PATCH",
      headers: { authorization: `Bearer ${API_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ enabled, override_reason: "scale test: cache coherence" }),
    });
    if (!changed.ok) throw new Error(`assignment change on replica A failed: ${changed.status} ${await changed.text()}`);
    const start = Date.now();
    let reads = 0;
    for (;;) {
      reads += 1;
      const response = await fetch(`http://127.0.0.1:${b.port}/api/v1/agent/desired_state`, { headers: { authorization: `Bearer ${agentToken}` } });
      const body = (await response.json()) as { modules: { name: string }[] };
      if (body.modules.some((m) => m.name === moduleName) === enabled) break;
      if (reads > 100) throw new Error("the change never became visible on replica B");
      await sleep(50);
    }
    results.push({ ms: Date.now() - start, readsUntilVisible: reads });
  }
  return results;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
