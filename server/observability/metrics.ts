import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/**
 * The process's Prometheus metrics (docs/observability.md): one registry, every metric Strata exposes, and the
 * small functions the adapters, services and jobs call to move them. Label values are always drawn from bounded
 * sets (route patterns, procedure paths, tool names, error codes, states) — never raw URLs or ids — so one
 * client cannot grow the series count.
 */

/** Seconds: an agent call takes a few ms, a page render or a registry poll up to seconds. */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Seconds: most queries are sub-millisecond on PGlite and a few ms on PostgreSQL. */
const QUERY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5];
const JOB_BUCKETS = [0.01, 0.1, 0.5, 1, 5, 15, 60, 300];

/** The pg Pool counters the pool gauges read (structural, so this module does not import pg). */
export interface PoolLike {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
  readonly ended?: boolean;
}

function create() {
  const registry = new Registry();
  const pools = new Set<PoolLike>();
  const poolGauge = (state: "total" | "idle" | "waiting") => (pool: PoolLike) =>
    state === "total" ? pool.totalCount : state === "idle" ? pool.idleCount : pool.waitingCount;
  const m = {
    registry,
    pools,
    httpRequests: new Counter({
      name: "strata_http_requests_total",
      help: "HTTP requests served, by method, bounded route and status.",
      labelNames: ["method", "route", "status"] as const,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "strata_http_request_duration_seconds",
      help: "HTTP request latency from the first byte read to the response's end, by method and bounded route.",
      labelNames: ["method", "route"] as const,
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    apiCalls: new Counter({
      name: "strata_api_calls_total",
      help: "Calls by surface (trpc, rest, mcp), procedure / route / tool name and outcome (ok or an error code).",
      labelNames: ["surface", "name", "outcome"] as const,
      registers: [registry],
    }),
    jobRuns: new Counter({
      name: "strata_job_runs_total",
      help: "Background job runs by job and outcome.",
      labelNames: ["job", "outcome"] as const,
      registers: [registry],
    }),
    jobDuration: new Histogram({
      name: "strata_job_duration_seconds",
      help: "Background job run time by job.",
      labelNames: ["job"] as const,
      buckets: JOB_BUCKETS,
      registers: [registry],
    }),
    ingestAttempts: new Counter({
      name: "strata_ingest_attempts_total",
      help: "Recorded ingest attempts by outcome (accepted / rejected) and reason code.",
      labelNames: ["outcome", "reason"] as const,
      registers: [registry],
    }),
    heartbeats: new Counter({
      name: "strata_agent_heartbeats_total",
      help: "Agent heartbeats recorded.",
      registers: [registry],
    }),
    transitions: new Counter({
      name: "strata_promotion_transitions_total",
      help: "Promotion state changes applied, by from and to state.",
      labelNames: ["from", "to"] as const,
      registers: [registry],
    }),
    queryDuration: new Histogram({
      name: "strata_db_query_duration_seconds",
      help: "Database round trips through the Prisma driver adapter, by kind (query / execute).",
      labelNames: ["kind"] as const,
      buckets: QUERY_BUCKETS,
      registers: [registry],
    }),
  };
  for (const state of ["total", "idle", "waiting"] as const) {
    const read = poolGauge(state);
    new Gauge({
      name: `strata_db_pool_connections_${state}`,
      help: `PostgreSQL pool connections (${state}); 0 on the embedded database, which has no pool.`,
      registers: [registry],
      collect() {
        let sum = 0;
        for (const pool of pools) {
          if (pool.ended) pools.delete(pool);
          else sum += read(pool);
        }
        this.set(sum);
      },
    });
  }
  collectDefaultMetrics({ register: registry });
  // The hottest series (every database round trip) are bound once: no label hashing per query.
  const queryTimers = { query: m.queryDuration.labels({ kind: "query" }), execute: m.queryDuration.labels({ kind: "execute" }) };
  return { ...m, queryTimers };
}

type Metrics = ReturnType<typeof create>;

/**
 * Created on first use and kept on globalThis: the start script and Next's bundled route handlers load this
 * module separately, and both must count into the registry /metrics serves. Nothing happens at import, so tests
 * that never touch metrics pay nothing.
 */
const globalKey = Symbol.for("strata.metrics");
type GlobalWithMetrics = typeof globalThis & { [globalKey]?: Metrics };

function metrics(): Metrics {
  const holder = globalThis as GlobalWithMetrics;
  return (holder[globalKey] ??= create());
}

export const METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** The Prometheus text exposition of every metric. */
export async function renderMetrics(): Promise<string> {
  return await metrics().registry.metrics();
}

const METHODS = new Set(["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]);

/** A method label from a bounded set: anything a client invents becomes "OTHER". */
export function methodLabel(method: string | undefined): string {
  const upper = (method ?? "").toUpperCase();
  return METHODS.has(upper) ? upper : "OTHER";
}

export function recordHttpRequest(method: string | undefined, route: string, status: number, seconds: number): void {
  const m = metrics();
  const methodValue = methodLabel(method);
  m.httpRequests.inc({ method: methodValue, route, status: String(status) });
  m.httpDuration.observe({ method: methodValue, route }, seconds);
}

export type ApiSurface = "trpc" | "rest" | "mcp";

/** `name` is a procedure path, a REST route pattern or a tool name; `outcome` is "ok" or an error code. */
export function recordApiCall(surface: ApiSurface, name: string, outcome: string): void {
  metrics().apiCalls.inc({ surface, name, outcome });
}

/** The job runner's outcomes (server/services/job-runs.ts): `duplicate` is a tick another replica already ran. */
export type JobOutcome = "succeeded" | "failed" | "duplicate";

/** Called by the job runner once per run; a duplicate did no work, so its duration is not observed. */
export function recordJobRun(name: string, outcome: JobOutcome, durationMs: number): void {
  const m = metrics();
  m.jobRuns.inc({ job: name, outcome });
  if (outcome !== "duplicate") m.jobDuration.observe({ job: name }, durationMs / 1000);
}

export function recordIngestAttempt(outcome: "accepted" | "rejected", reason: string): void {
  metrics().ingestAttempts.inc({ outcome, reason });
}

export function recordHeartbeat(): void {
  metrics().heartbeats.inc();
}

export function recordPromotionTransition(from: string, to: string): void {
  metrics().transitions.inc({ from, to });
}

export function recordQuery(kind: "query" | "execute", seconds: number): void {
  metrics().queryTimers[kind].observe(seconds);
}

/** Counts a PostgreSQL pool into the pool gauges until it ends. */
export function observePool(pool: PoolLike): void {
  metrics().pools.add(pool);
}
