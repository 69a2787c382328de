/**
 * Lists at platform scale (docs/performance.md): keyset pages never repeat or miss a row (ties on the sort key,
 * inserts between pages), counts stop at COUNT_CAP, and audit retention moves old events to the archive without
 * losing one.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { createTestDatabase, type TestDatabase } from "./db";
import { callerFor, createTestAccount, svcFor, type TestAccount } from "./fixtures";
import { COUNT_CAP } from "../../server/contracts/pagination";
import { INSTANCE_SORTS } from "../../server/contracts/instances";
import { archiveOldAuditEvents } from "../../server/services/audit-retention";
import { listModuleVersions } from "../../server/services/promotion-read";
import { listVersionsInput } from "../../server/contracts/versions";
import { pageIngestAttempts } from "../../server/services/ingest-poll";

let tdb: TestDatabase;
let acct: TestAccount;

beforeAll(async () => {
  tdb = await createTestDatabase();
  acct = await createTestAccount(tdb.db, "scale");
});

afterAll(async () => {
  await tdb?.close();
});

const T0 = new Date("2026-11-01T00:00:00.000Z");
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

/** Events in groups of five sharing one createdAt: ties the id must break. */
async function insertAuditEvents(accountId: string, count: number, label: string, at: (i: number) => Date): Promise<string[]> {
  const rows = Array.from({ length: count }, (_, i) => ({
    id: randomUUID(),
    accountId,
    actorLabel: "tester",
    action: `scale.${label}`,
    targetType: "test",
    targetLabel: `${label}-${i}`,
    createdAt: at(i),
  }));
  await tdb.db.auditEvent.createMany({ data: rows });
  return rows.map((r) => r.id);
}

async function trpcCode(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
  return "OK";
}

describe("audit log keyset pages", () => {
  it("walks every event exactly once, in (createdAt, id) order, across ties and inserts between pages", async () => {
    const account = await createTestAccount(tdb.db, "audit");
    const caller = callerFor(tdb.db, account.users.viewer.actor);
    const original = await insertAuditEvents(account.accountId, 53, "walk", (i) => minutes(Math.floor(i / 5)));
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await caller.audit.list({ action: "scale.walk", pageSize: 7, ...(cursor ? { cursor } : {}) });
      expect(page.events.length).toBeLessThanOrEqual(7);
      seen.push(...page.events.map((e) => e.id));
      cursor = page.nextCursor ?? undefined;
      pages++;
      // Writers keep writing while an operator pages: newer events, and one inside the tie group being read.
      if (pages === 2) await insertAuditEvents(account.accountId, 3, "walk", () => new Date());
      if (pages === 3) await insertAuditEvents(account.accountId, 1, "walk", () => minutes(5));
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of original) expect(seen).toContain(id);

    const rows = await tdb.db.auditEvent.findMany({ where: { id: { in: seen } }, select: { id: true, createdAt: true } });
    const at = new Map(rows.map((r) => [r.id, r.createdAt.getTime()]));
    for (let i = 1; i < seen.length; i++) {
      const [a, b] = [seen[i - 1] ?? "", seen[i] ?? ""];
      const order = (at.get(b) ?? 0) - (at.get(a) ?? 0) || (b < a ? -1 : 1);
      expect(order).toBeLessThan(0);
    }
  });

  it("caps the count at COUNT_CAP and says so; an exact count below it", async () => {
    const account = await createTestAccount(tdb.db, "cap");
    const caller = callerFor(tdb.db, account.users.viewer.actor);
    await tdb.db.$executeRaw`
      INSERT INTO audit_events (id, "accountId", "actorLabel", action, "targetType", "targetLabel", "createdAt")
      SELECT gen_random_uuid()::text, ${account.accountId}, 'bulk', 'scale.cap', 'test', 'n' || g, now() - g * interval '1 second'
      FROM generate_series(1, ${COUNT_CAP + 5}) g`;
    const capped = await caller.audit.list({ action: "scale.cap", pageSize: 10 });
    expect(capped).toMatchObject({ total: COUNT_CAP, totalCapped: true });
    expect(capped.events).toHaveLength(10);
    expect(capped.nextCursor).toBeTruthy();
    const exact = await caller.audit.list({ action: "scale.nothing-like-this" });
    expect(exact).toMatchObject({ total: 0, totalCapped: false, nextCursor: null, events: [] });
  });

  it("refuses a forged cursor, and a cursor of another list", async () => {
    const caller = callerFor(tdb.db, acct.users.viewer.actor);
    expect(await trpcCode(caller.audit.list({ cursor: "not-base64-json" }))).toBe("BAD_REQUEST");
    expect(await trpcCode(caller.audit.list({ cursor: "a b" }))).toBe("BAD_REQUEST");
    const instances = callerFor(tdb.db, acct.users.viewer.actor);
    await tdb.db.nodeInstance.createMany({
      data: [0, 1].map((i) => ({ accountId: acct.accountId, name: `forge-${i}`, createdAt: T0 })),
    });
    const page = await instances.instances.list({ pageSize: 1, sort: "name" });
    expect(page.nextCursor).toBeTruthy();
    expect(await trpcCode(caller.audit.list({ cursor: page.nextCursor ?? "" }))).toBe("BAD_REQUEST");
    expect(await trpcCode(instances.instances.list({ sort: "drift", cursor: page.nextCursor ?? "" }))).toBe("BAD_REQUEST");
  });
});

describe("instances keyset pages", () => {
  it("every sort pages through all matching nodes exactly once, ties and nulls included", async () => {
    const account = await createTestAccount(tdb.db, "fleet");
    const caller = callerFor(tdb.db, account.users.viewer.actor);
    const severities = ["none", "medium", "high", "critical"] as const;
    const data = Array.from({ length: 41 }, (_, i) => ({
      accountId: account.accountId,
      name: `node-${String((i * 17) % 41).padStart(2, "0")}`,
      driftSeverity: severities[i % 4] ?? "none",
      driftDifferences: i % 3,
      // A third never reported (nulls), the rest share a handful of heartbeat times.
      lastHeartbeatAt: i % 3 === 0 ? null : minutes(i % 4),
      createdAt: minutes(i % 2),
      status: "running" as const,
    }));
    await tdb.db.nodeInstance.createMany({ data });
    const all = new Set(data.map((d) => d.name));
    for (const sort of INSTANCE_SORTS) {
      const full = await caller.instances.list({ sort, pageSize: 200 });
      expect(full.instances).toHaveLength(41);
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await caller.instances.list({ sort, pageSize: 4, ...(cursor ? { cursor } : {}) });
        seen.push(...page.instances.map((n) => n.name));
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      // Same rows, same order as one big page: the keyset follows the sort exactly.
      expect(seen, sort).toEqual(full.instances.map((n) => n.name));
      expect(new Set(seen)).toEqual(all);
    }
    const drifted: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await caller.instances.list({ drift: "drifted", pageSize: 3, ...(cursor ? { cursor } : {}) });
      drifted.push(...page.instances.map((n) => n.name));
      expect(page.total).toBe(data.filter((d) => d.driftSeverity !== "none").length);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(drifted.sort()).toEqual(data.filter((d) => d.driftSeverity !== "none").map((d) => d.name).sort());
  });
});

describe("a module's versions by cursor", () => {
  it("pages newest first with ties on createdAt broken by the version", async () => {
    const category = await tdb.db.category.findFirstOrThrow({ where: { accountId: acct.accountId }, select: { id: true } });
    const module = await tdb.db.module.create({ data: { accountId: acct.accountId, name: `paged-${randomUUID().slice(0, 6)}`, displayName: "Paged", categoryId: category.id } });
    await tdb.db.moduleVersion.createMany({
      data: Array.from({ length: 11 }, (_, i) => ({
        accountId: acct.accountId,
        moduleId: module.id,
        version: `1.${i}.0`,
        manifestYaml: "",
        ociRef: `r/paged:1.${i}.0`,
        ociDigest: `sha256:${"a".repeat(64)}`,
        fileList: ["/etc/x"],
        createdAt: minutes(Math.floor(i / 3)),
      })),
    });
    const svc = svcFor(tdb.db, acct.users.viewer.actor);
    const whole = await listModuleVersions(svc, listVersionsInput.parse({ name: module.name }));
    expect(whole.versions).toHaveLength(11);
    expect(whole.nextCursor).toBeNull();
    expect(whole.versions[0]?.fileCount).toBe(1);
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listModuleVersions(svc, listVersionsInput.parse({ name: module.name, limit: 4, ...(cursor ? { cursor } : {}) }));
      seen.push(...page.versions.map((v) => v.version));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(whole.versions.map((v) => v.version));
    expect(() => listVersionsInput.parse({ name: module.name, limit: 501 })).toThrow();
  });
});

describe("ingest attempts by cursor", () => {
  it("pages newest first, ties on `at` broken by the id", async () => {
    const category = await tdb.db.category.findFirstOrThrow({ where: { accountId: acct.accountId }, select: { id: true } });
    const module = await tdb.db.module.create({ data: { accountId: acct.accountId, name: `polled-${randomUUID().slice(0, 6)}`, displayName: "Polled", categoryId: category.id } });
    await tdb.db.ingestAttempt.createMany({
      data: Array.from({ length: 9 }, (_, i) => ({
        accountId: acct.accountId,
        moduleId: module.id,
        tag: `1.${i}.0`,
        outcome: "rejected" as const,
        reasonCode: "NO_SIGNATURE",
        reason: "unsigned",
        at: minutes(Math.floor(i / 4)),
      })),
    });
    const svc = svcFor(tdb.db, acct.users.viewer.actor);
    const whole = await pageIngestAttempts(svc, { moduleName: module.name, limit: 100 });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await pageIngestAttempts(svc, { moduleName: module.name, limit: 2, cursor });
      seen.push(...page.attempts.map((a) => a.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(whole.attempts.map((a) => a.id));
    expect(seen).toHaveLength(9);
  });
});

describe("audit retention", () => {
  it("moves events past the hot window to the archive in bounded batches, losing none", async () => {
    const account = await createTestAccount(tdb.db, "retain");
    const bystander = await createTestAccount(tdb.db, "keep");
    const admin = callerFor(tdb.db, account.users.admin.actor);
    const policy = await admin.policy.get();
    await admin.policy.update({ ...policy, auditHotDays: 30 });
    expect((await admin.policy.get()).auditHotDays).toBe(30);
    expect(await trpcCode(admin.policy.update({ ...policy, auditHotDays: 1 }))).toBe("BAD_REQUEST");

    const now = new Date("2026-12-01T00:00:00.000Z");
    const day = 86_400_000;
    const old = await insertAuditEvents(account.accountId, 25, "old", (i) => new Date(now.getTime() - (31 + (i % 3)) * day));
    const fresh = await insertAuditEvents(account.accountId, 4, "fresh", (i) => new Date(now.getTime() - i * day));
    const elsewhere = await insertAuditEvents(bystander.accountId, 5, "old", () => new Date(now.getTime() - 400 * day));
    const hotBefore = await tdb.db.auditEvent.count({ where: { accountId: account.accountId } });

    const first = await archiveOldAuditEvents(tdb.db, now, { batchSize: 10, maxBatches: 2 });
    expect(first.archived).toBe(20);
    expect(first.backlog).toBe(true);
    const second = await archiveOldAuditEvents(tdb.db, now, { batchSize: 10, maxBatches: 2 });
    expect(second.archived).toBe(5);
    expect(second.backlog).toBe(false);
    expect((await archiveOldAuditEvents(tdb.db, now, { batchSize: 10 })).archived).toBe(0);

    const hot = await tdb.db.auditEvent.findMany({ where: { accountId: account.accountId }, select: { id: true } });
    const archived = await tdb.db.archivedAuditEvent.findMany({ where: { accountId: account.accountId }, select: { id: true, archivedAt: true } });
    expect(hot.length + archived.length).toBe(hotBefore);
    expect(archived.map((a) => a.id).sort()).toEqual([...old].sort());
    for (const id of fresh) expect(hot.map((h) => h.id)).toContain(id);
    expect(archived.every((a) => a.archivedAt.getTime() === now.getTime())).toBe(true);
    // An account without a hot window keeps everything in the log.
    expect(await tdb.db.auditEvent.count({ where: { id: { in: elsewhere } } })).toBe(5);

    // Archived events stay readable through the same list, by cursor.
    const viewer = callerFor(tdb.db, account.users.viewer.actor);
    const page1 = await viewer.audit.list({ archived: true, pageSize: 20 });
    expect(page1).toMatchObject({ total: 25, totalCapped: false });
    const page2 = await viewer.audit.list({ archived: true, pageSize: 20, cursor: page1.nextCursor ?? "" });
    expect([...page1.events, ...page2.events].map((e) => e.id).sort()).toEqual([...old].sort());
    expect(await trpcCode(viewer.audit.list({ cursor: page1.nextCursor ?? "" }))).toBe("BAD_REQUEST");
  });
});
