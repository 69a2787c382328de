import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demo } from "../../prisma/seed-data/demo";
import { seedDemoIfEmpty } from "../../server/seed/demo";
import { createTestDatabase, type TestDatabase } from "./db";

let tdb: TestDatabase;
const now = new Date("2026-11-25T12:00:00Z");

beforeAll(async () => {
  tdb = await createTestDatabase();
  await seedDemoIfEmpty(tdb.db, { enabled: true, demoPassword: "seed-test-password", demoApiToken: "stk_seed_test_token_0123456789", now });
}, 120_000);
afterAll(async () => {
  await tdb?.close();
});

describe("demo seed", () => {
  it("replays every version into the state the demo story says, through the services", async () => {
    const versions = await tdb.db.moduleVersion.findMany({ select: { version: true, promotionState: true, previouslyLive: true, module: { select: { name: true } } } });
    const expected = demo.modules.flatMap((m) => m.versions.map((v) => ({ module: m.name, version: v.version, state: v.promotionState, previouslyLive: v.previouslyLive })));
    const actual = versions.map((v) => ({ module: v.module.name, version: v.version, state: v.promotionState, previouslyLive: v.previouslyLive }));
    expect(actual.sort((a, b) => `${a.module}@${a.version}`.localeCompare(`${b.module}@${b.version}`))).toEqual(
      expected.sort((a, b) => `${a.module}@${a.version}`.localeCompare(`${b.module}@${b.version}`)),
    );
    for (const state of ["built", "staging", "blessed", "live", "retired"] as const) {
      expect(actual.some((v) => v.state === state), state).toBe(true);
    }
  });

  it("has the account, one user per role, ≥10 modules, 3 templates, 20+ instances and a pending live request", async () => {
    expect(await tdb.db.account.count()).toBe(1);
    const roles = (await tdb.db.membership.findMany({ select: { role: true } })).map((m) => m.role).sort();
    expect(roles).toEqual(["admin", "approver", "author", "operator", "viewer"]);
    expect(await tdb.db.module.count()).toBeGreaterThanOrEqual(10);
    expect(await tdb.db.template.count()).toBe(3);
    expect(await tdb.db.nodeInstance.count()).toBeGreaterThanOrEqual(20);
    const pending = await tdb.db.promotionRequest.findMany({ where: { status: "pending" }, select: { moduleVersion: { select: { version: true, module: { select: { name: true } } } } } });
    expect(pending.map((p) => `${p.moduleVersion.module.name}@${p.moduleVersion.version}`)).toEqual(["nginx@1.3.0"]);
  });

  it("writes a history of audit events with the historical times", async () => {
    const events = await tdb.db.auditEvent.findMany({ orderBy: { createdAt: "asc" }, select: { action: true, createdAt: true } });
    expect(events.length).toBeGreaterThan(100);
    expect(events[0]!.createdAt.getTime()).toBeLessThan(now.getTime() - 30 * 24 * 3_600_000);
    const actions = new Set(events.map((e) => e.action));
    for (const action of ["module.registered", "version.created", "version.promoted", "version.went_live", "module.rolled_back", "template.module_assigned", "promotion_request.rejected"]) {
      expect(actions.has(action), action).toBe(true);
    }
  });

  it("seeds the API token from STRATA_DEMO_API_TOKEN and never seeds twice", async () => {
    const tokens = await tdb.db.apiToken.findMany({ select: { name: true, role: true } });
    expect(tokens).toEqual(expect.arrayContaining([{ name: "demo-api-token", role: "admin" }]));
    expect(await seedDemoIfEmpty(tdb.db, { enabled: true, demoPassword: "another-password" })).toBeNull();
  });
});
