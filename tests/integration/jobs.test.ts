/**
 * Periodic jobs (docs/deployment.md, Jobs): each tick runs once however many replicas race for it, runs are recorded
 * with their outcome, and the housekeeping jobs are idempotent. pg-boss is exercised on a real PostgreSQL: the
 * suite's own when it runs on PostgreSQL, else a throwaway server (tests/support/postgres-server.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPrismaForUrl, createPgPool, type Db } from "../../server/db/client";
import { applyMigrationsToUrl } from "../../server/db/migrate";
import { startPgBossQueue, type Job } from "../../server/jobs";
import { cronFor } from "../../server/jobs/pg-boss-queue";
import { listJobStatus, runOncePerTick, tickOf } from "../../server/services/job-runs";
import { cleanUpExpired, markStaleInstances } from "../../server/services/maintenance";
import { recordSensorEvents, SENSOR_EVENT_ACTIONS } from "../../server/services/promotion-sensors";
import { recordAgentHeartbeat } from "../../server/services/fleet-agent";
import { createSignInThrottle, postgresBuckets, SIGN_IN_LIMITS } from "../../server/auth/sign-in-throttle";
import { createTestDatabase, type TestDatabase } from "./db";
import { createTestAccount, type TestAccount } from "./fixtures";
import { moduleWithVersions, uniqueName } from "./promotion-fixtures";
import { startThrowawayPostgres, type ThrowawayPostgres } from "../support/postgres-server";

let tdb: TestDatabase;
let acct: TestAccount;

beforeAll(async () => {
  tdb = await createTestDatabase();
  acct = await createTestAccount(tdb.db, "jobs");
});
afterAll(async () => {
  await tdb?.close();
});

function countingJob(name: string, intervalMs: number, options: { failFirst?: number; delayMs?: number } = {}) {
  const calls: Date[] = [];
  let failuresLeft = options.failFirst ?? 0;
  const job: Job = {
    name,
    description: "test job",
    intervalMs,
    run: async (_db, now) => {
      calls.push(now);
      if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        throw new Error("boom");
      }
      return { count: 1, summary: "did one thing" };
    },
  };
  return { job, calls };
}

describe("runOncePerTick", () => {
  it("runs a tick once when several replicas race for it", async () => {
    const { job, calls } = countingJob(uniqueName("race"), 60_000, { delayMs: 50 });
    const tick = tickOf(new Date(), job.intervalMs);
    const results = await Promise.all(Array.from({ length: 6 }, () => runOncePerTick(tdb.db, job, tick)));
    expect(results.filter((r) => r.outcome === "succeeded")).toHaveLength(1);
    expect(results.filter((r) => r.outcome === "duplicate")).toHaveLength(5);
    expect(calls).toHaveLength(1);
    // Done is done: the same tick is not run again later either.
    expect((await runOncePerTick(tdb.db, job, tick)).outcome).toBe("duplicate");
    const rows = await tdb.db.jobRun.findMany({ where: { job: job.name } });
    expect(rows).toEqual([expect.objectContaining({ outcome: "succeeded", attempts: 1, summary: "did one thing" })]);
  });

  it("a failed tick is recorded with its error and may be retried, counting attempts", async () => {
    const { job, calls } = countingJob(uniqueName("retry"), 60_000, { failFirst: 1 });
    const tick = tickOf(new Date(), job.intervalMs);
    const first = await runOncePerTick(tdb.db, job, tick);
    expect(first).toMatchObject({ outcome: "failed", attempt: 1, error: "boom" });
    const second = await runOncePerTick(tdb.db, job, tick);
    expect(second).toMatchObject({ outcome: "succeeded", attempt: 2 });
    expect(calls).toHaveLength(2);
    const [status] = await listJobStatus(tdb.db, [job], new Date());
    expect(status).toMatchObject({ name: job.name, runsLast24h: 1, failuresLast24h: 0, lastRun: { outcome: "succeeded", attempts: 2 } });
  });

  it("lists failures and shows a run cut off mid-way as interrupted", async () => {
    const { job } = countingJob(uniqueName("fails"), 60_000, { failFirst: 5 });
    const now = Date.now();
    for (const minutesAgo of [3, 2]) await runOncePerTick(tdb.db, job, tickOf(new Date(now - minutesAgo * 60_000), job.intervalMs));
    await tdb.db.jobRun.create({ data: { job: job.name, tick: new Date(now - 60 * 60_000), outcome: "running", startedAt: new Date(now - 59 * 60_000), replica: "gone:1" } });
    const [status] = await listJobStatus(tdb.db, [job], new Date(now + 60 * 60_000));
    expect(status!.failuresLast24h).toBe(2);
    expect(status!.recentFailures).toHaveLength(2);
    expect(status!.recentFailures[0]!.error).toBe("boom");
    expect(status!.lastRun!.outcome).toBe("failed");
    await tdb.db.jobRun.create({ data: { job: job.name, tick: new Date(now), outcome: "running", startedAt: new Date(now + 5_000), replica: "gone:2" } });
    const [later] = await listJobStatus(tdb.db, [job], new Date(now + 60 * 60_000));
    expect(later!.lastRun).toMatchObject({ outcome: "interrupted", replica: "gone:2" });
  });

  it("maps whole-minute intervals to cron and leaves the rest to singleton sends", () => {
    expect(cronFor(60_000)).toBe("* * * * *");
    expect(cronFor(5 * 60_000)).toBe("*/5 * * * *");
    expect(cronFor(60 * 60_000)).toBe("0 * * * *");
    expect(cronFor(15_000)).toBeNull();
    expect(cronFor(7 * 60_000)).toBeNull();
  });
});

describe("housekeeping jobs", () => {
  async function instanceWithHeartbeat(lastHeartbeatAt: Date) {
    const template = await tdb.db.template.create({ data: { accountId: acct.accountId, name: uniqueName("tpl") } });
    return tdb.db.nodeInstance.create({
      data: { accountId: acct.accountId, templateId: template.id, name: uniqueName("node"), status: "running", lastHeartbeatAt },
    });
  }

  it("marks a silent instance stale once, and its next heartbeat ends it once", async () => {
    const now = new Date();
    const silent = await instanceWithHeartbeat(new Date(now.getTime() - 60 * 60_000));
    const fresh = await instanceWithHeartbeat(now);
    expect(await markStaleInstances(tdb.db, now)).toBeGreaterThanOrEqual(1);
    await Promise.all([markStaleInstances(tdb.db, now), markStaleInstances(tdb.db, new Date(now.getTime() + 60_000))]);
    const events = await tdb.db.instanceEvent.findMany({ where: { instanceId: { in: [silent.id, fresh.id] } } });
    expect(events.map((e) => [e.instanceId, e.kind])).toEqual([[silent.id, "went_stale"]]);
    expect((await tdb.db.nodeInstance.findUniqueOrThrow({ where: { id: silent.id } })).staleSince).toEqual(now);

    const agent = { instanceId: silent.id, accountId: acct.accountId, templateId: silent.templateId, desiredRevision: null };
    await recordAgentHeartbeat(tdb.db, agent as Parameters<typeof recordAgentHeartbeat>[1], { status: "running", modules: {} }, new Date(now.getTime() + 120_000));
    await recordAgentHeartbeat(tdb.db, agent as Parameters<typeof recordAgentHeartbeat>[1], { status: "running", modules: {} }, new Date(now.getTime() + 150_000));
    const kinds = (await tdb.db.instanceEvent.findMany({ where: { instanceId: silent.id }, orderBy: { createdAt: "asc" } })).map((e) => e.kind);
    expect(kinds.filter((k) => k === "heartbeat_resumed")).toHaveLength(1);
    expect((await tdb.db.nodeInstance.findUniqueOrThrow({ where: { id: silent.id } })).staleSince).toBeNull();
  });

  it("records a stale staging version once, without restarting its own clock", async () => {
    const start = new Date(Date.now() - 72 * 3_600_000);
    const m = await moduleWithVersions(tdb.db, acct, [{ version: "1.0.0", state: "staging" }], { now: () => start });
    const versionId = m.ids["1.0.0"]!;
    const now = new Date();
    await Promise.all([recordSensorEvents(tdb.db, now), recordSensorEvents(tdb.db, now)]);
    await recordSensorEvents(tdb.db, new Date(now.getTime() + 3_600_000));
    const events = await tdb.db.auditEvent.findMany({ where: { targetId: versionId, action: SENSOR_EVENT_ACTIONS.stale } });
    expect(events).toHaveLength(1);
    expect(events[0]!.actorLabel).toBe("system:sensors");
  });

  it("cleans up expired sessions and spent throttle buckets, and keeps live ones", async () => {
    const now = new Date();
    const user = await tdb.db.user.findFirstOrThrow({ where: { email: acct.users.viewer.email } });
    const expired = await tdb.db.session.create({ data: { id: uniqueName("s"), userId: user.id, activeAccountId: acct.accountId, expiresAt: new Date(now.getTime() - 1000) } });
    await tdb.db.signInThrottleBucket.createMany({
      data: [
        { key: `signin-free:${uniqueName("old")}`, points: 3, expire: BigInt(now.getTime() - 1000) },
        { key: `signin-free:${uniqueName("live")}`, points: 3, expire: BigInt(now.getTime() + 60_000) },
      ],
    });
    const counts = await cleanUpExpired(tdb.db, now);
    expect(counts.sessions).toBeGreaterThanOrEqual(1);
    expect(counts.throttleBuckets).toBeGreaterThanOrEqual(1);
    expect(await tdb.db.session.findUnique({ where: { id: expired.id } })).toBeNull();
    expect(await tdb.db.session.count({ where: { userId: user.id } })).toBeGreaterThanOrEqual(1);
    expect(await tdb.db.signInThrottleBucket.count({ where: { expire: { gt: BigInt(now.getTime()) } } })).toBeGreaterThanOrEqual(1);
  });
});

describe("on PostgreSQL with several replicas", () => {
  let server: ThrowawayPostgres | undefined;
  let url: string;
  let db: Db;

  beforeAll(async () => {
    if (tdb.engine === "postgresql" && tdb.url) {
      url = tdb.url;
      db = tdb.db;
    } else {
      server = await startThrowawayPostgres({ maxConnections: 50 });
      url = server.url;
      await applyMigrationsToUrl(url);
      db = createPrismaForUrl(url);
    }
  });
  afterAll(async () => {
    if (server) {
      await db?.$disconnect();
      await server.stop();
    }
  });

  it("pg-boss runs each tick of a job once across three replicas", async () => {
    const { job, calls } = countingJob(uniqueName("boss"), 2_000, { delayMs: 20 });
    const replicas = await Promise.all([1, 2, 3].map(() => startPgBossQueue([job], { connectionString: url, getDb: async () => db, log: () => {}, pollingIntervalSeconds: 0.5 })));
    try {
      // Wait for runs to happen rather than for time to pass: the test asserts uniqueness, not a rate.
      const deadline = Date.now() + 60_000;
      while ((await db.jobRun.count({ where: { job: job.name, outcome: "succeeded" } })) < 3 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    } finally {
      await Promise.all(replicas.map((replica) => replica.stop()));
    }
    const runs = await db.jobRun.findMany({ where: { job: job.name } });
    expect(runs.filter((r) => r.outcome === "succeeded").length).toBeGreaterThanOrEqual(3);
    expect(new Set(runs.map((r) => r.tick.getTime())).size).toBe(runs.length);
    // Every invocation of the job body is one recorded run: none was duplicated behind the record's back.
    expect(calls).toHaveLength(runs.length);
  }, 90_000);

  it("two replicas' sign-in throttles count the same attempts", async () => {
    const pools = [createPgPool(url), createPgPool(url)];
    const [a, b] = pools.map((pool) => createSignInThrottle(postgresBuckets(pool), SIGN_IN_LIMITS, () => {}));
    try {
      const attempt = { address: "198.51.100.7", email: `${uniqueName("who")}@example.test` };
      for (let i = 0; i < SIGN_IN_LIMITS.freeAttempts; i += 1) {
        expect((await (i % 2 === 0 ? a! : b!).admit(attempt)).admitted).toBe(true);
      }
      // The back-off's first slot is taken by exactly one of two racing replicas.
      const racing = await Promise.all([a!.admit(attempt), b!.admit(attempt)]);
      expect(racing.filter((r) => r.admitted)).toHaveLength(1);
      const refused = await a!.admit(attempt);
      expect(refused).toMatchObject({ admitted: false, limit: "account" });
    } finally {
      await Promise.all(pools.map((pool) => pool.end()));
    }
  });
});
