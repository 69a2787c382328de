/**
 * Concurrency proof (docs/promotion-pipeline.md, "Concurrency proof"): 50 concurrent promotions of one version and 20
 * concurrent approvals of one request. Exactly one transition happens, it writes exactly one audit event, and every
 * other caller gets CONFLICT. Each attempt is its own tRPC caller; on PostgreSQL (TEST_DATABASE_URL) each also has
 * its own Prisma client and connection, so the attempts truly race in the server. On PGlite (one connection per
 * process) they queue on the database; the guarantee is the same.
 *
 * The figures (attempts, successes, conflicts, wall time) are logged and written to
 * test-results/concurrency-<engine>.json. Timings are recorded, never asserted.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import type { Actor } from "../../server/auth/actor";
import { createPrismaForUrl, type Db } from "../../server/db/client";
import { createTestDatabase, type TestDatabase } from "./db";
import { callerFor, createTestAccount, type TestAccount } from "./fixtures";
import { moduleWithVersions } from "./promotion-fixtures";

const PROMOTE_ATTEMPTS = 50;
const APPROVERS = 20;

let tdb: TestDatabase;
let acct: TestAccount;
const extraClients: Db[] = [];
const figures: Record<string, unknown> = {};

beforeAll(async () => {
  tdb = await createTestDatabase();
  acct = await createTestAccount(tdb.db, "race");
});
afterAll(async () => {
  await Promise.all(extraClients.map((client) => client.$disconnect()));
  await tdb?.close();
  if (Object.keys(figures).length > 0) {
    const file = path.resolve("test-results", `concurrency-${tdb.engine}.json`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify({ engine: tdb.engine, recordedAt: new Date().toISOString(), ...figures }, null, 2)}\n`);
  }
});

/** One database client per attempt on PostgreSQL (connected before the race starts); the shared one on PGlite. */
async function clients(count: number): Promise<Db[]> {
  if (tdb.engine !== "postgresql" || !tdb.url) return Array.from({ length: count }, () => tdb.db);
  const created = Array.from({ length: count }, () => createPrismaForUrl(tdb.url!));
  extraClients.push(...created);
  await Promise.all(created.map((client) => client.$queryRaw`SELECT 1`));
  return created;
}

interface Tally {
  attempts: number;
  successes: number;
  conflicts: number;
  /** How the losers lost: the message of each CONFLICT, counted (lost the compare-and-set vs saw the new state). */
  conflictMessages: Record<string, number>;
  other: string[];
  wallMs: number;
}

async function race(attempts: Array<() => Promise<unknown>>): Promise<Tally> {
  const started = performance.now();
  const results = await Promise.allSettled(attempts.map((attempt) => attempt()));
  const wallMs = Math.round((performance.now() - started) * 10) / 10;
  const tally: Tally = { attempts: attempts.length, successes: 0, conflicts: 0, conflictMessages: {}, other: [], wallMs };
  for (const result of results) {
    if (result.status === "fulfilled") tally.successes += 1;
    else if (result.reason instanceof TRPCError && result.reason.code === "CONFLICT") {
      tally.conflicts += 1;
      tally.conflictMessages[result.reason.message] = (tally.conflictMessages[result.reason.message] ?? 0) + 1;
    }
    else tally.other.push(result.reason instanceof Error ? `${result.reason.name}: ${result.reason.message}` : String(result.reason));
  }
  return tally;
}

describe(`concurrency (${process.env.TEST_DATABASE_URL ? "postgresql" : "pglite"})`, () => {
  it(`${PROMOTE_ATTEMPTS} concurrent staging → blessed promotions of one version: one applies, the rest CONFLICT`, async () => {
    const m = await moduleWithVersions(tdb.db, acct, [{ version: "1.0.0", state: "staging" }]);
    const versionId = m.ids["1.0.0"]!;
    const dbs = await clients(PROMOTE_ATTEMPTS);
    const since = new Date();
    const tally = await race(
      dbs.map((db, i) => () => callerFor(db, acct.users.operator.actor).promotion.promote({ versionId, targetState: "blessed", reason: `attempt ${i}` })),
    );
    figures.promote = tally;
    console.log(`[concurrency:${tdb.engine}] promote: ${JSON.stringify(tally)}`);

    expect(tally.other).toEqual([]);
    expect(tally.successes).toBe(1);
    expect(tally.conflicts).toBe(PROMOTE_ATTEMPTS - 1);
    const version = await tdb.db.moduleVersion.findUniqueOrThrow({ where: { id: versionId }, select: { promotionState: true, blessedAt: true } });
    expect(version.promotionState).toBe("blessed");
    expect(version.blessedAt).not.toBeNull();
    // Exactly one audit event for the one applied change, and none from the attempts that lost.
    const events = await tdb.db.auditEvent.findMany({ where: { accountId: acct.accountId, createdAt: { gte: since } }, select: { action: true, targetId: true, after: true } });
    expect(events).toEqual([{ action: "version.promoted", targetId: versionId, after: { state: "blessed" } }]);
  });

  it(`${APPROVERS} concurrent approvals of one request (1 approval required): one applies, the rest CONFLICT`, async () => {
    const m = await moduleWithVersions(tdb.db, acct, [
      { version: "1.0.0", state: "live" },
      { version: "1.1.0", state: "blessed" },
    ]);
    const candidate = m.ids["1.1.0"]!;
    const request = await callerFor(tdb.db, acct.users.operator.actor).promotion.requestLive({ versionId: candidate, reason: "race" });
    // Twenty distinct people with the approver role, none of them the requester.
    const approvers: Actor[] = [];
    for (let i = 0; i < APPROVERS; i += 1) {
      const email = `approver-${i}@${acct.slug}.test`;
      const user = await tdb.db.user.create({ data: { email, name: `Approver ${i}`, passwordHash: "unused" } });
      await tdb.db.membership.create({ data: { userId: user.id, accountId: acct.accountId, role: "approver" } });
      approvers.push({ ...acct.users.approver.actor, userId: user.id, email, name: `Approver ${i}` });
    }
    const dbs = await clients(APPROVERS);
    const since = new Date();
    const tally = await race(dbs.map((db, i) => () => callerFor(db, approvers[i]!).approvals.approve({ requestId: request.requestId, comment: `approver ${i}` })));
    figures.approve = tally;
    console.log(`[concurrency:${tdb.engine}] approve: ${JSON.stringify(tally)}`);

    expect(tally.other).toEqual([]);
    expect(tally.successes).toBe(1);
    expect(tally.conflicts).toBe(APPROVERS - 1);
    const stored = await tdb.db.promotionRequest.findUniqueOrThrow({ where: { id: request.requestId }, select: { status: true, approvals: { select: { decision: true } } } });
    expect(stored.status).toBe("approved");
    // The losers' approvals rolled back with their transactions: only the deciding one is stored.
    expect(stored.approvals).toEqual([{ decision: "approve" }]);
    const states = await tdb.db.moduleVersion.findMany({ where: { id: { in: [candidate, m.ids["1.0.0"]!] } }, select: { id: true, promotionState: true, previouslyLive: true } });
    expect(states.find((s) => s.id === candidate)?.promotionState).toBe("live");
    expect(states.find((s) => s.id === m.ids["1.0.0"])).toMatchObject({ promotionState: "blessed", previouslyLive: true });
    // Exactly one audit event for the one applied change (and the rollout it started, docs/rollouts.md).
    const events = await tdb.db.auditEvent.findMany({ where: { accountId: acct.accountId, createdAt: { gte: since } }, select: { action: true, targetId: true } });
    expect(events.filter((e) => e.action !== "rollout.started")).toEqual([{ action: "version.went_live", targetId: candidate }]);
    expect(events.filter((e) => e.action === "rollout.started")).toHaveLength(1);
    expect(await tdb.db.moduleVersion.count({ where: { moduleId: (await tdb.db.moduleVersion.findUniqueOrThrow({ where: { id: candidate } })).moduleId, promotionState: "live" } })).toBe(1);
  });
});
