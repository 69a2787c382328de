/**
 * The fleet's services on a real database (docs/fleet.md): desired state (only blessed/live, pin over live,
 * disabled left out, layer order), its revision and cache, enrollment (expiry, revocation, max uses under
 * concurrency), heartbeats (drift, events, runningSince), agent tokens (rotate, revoke, decommission), lists,
 * summary and rollout progress. The agent API over HTTP is in fleet-agent-rest.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../server/errors";
import { agentDesiredState, authenticateAgent, enrollAgent, recordAgentHeartbeat } from "../../server/services/fleet-agent";
import { desiredStateCacheStats, templateDesiredState } from "../../server/services/fleet-desired-state";
import {
  createEnrollmentToken,
  createInstance,
  decommissionInstance,
  fleetSummary,
  getInstance,
  listInstances,
  revokeAgentToken,
  revokeEnrollmentToken,
  rolloutProgress,
  rotateAgentToken,
} from "../../server/services/instances";
import { approveRequest, requestLive, transitionVersion } from "../../server/services/promotion";
import { assignModule, createTemplate, updateAssignment } from "../../server/services/templates";
import { createModuleVersion } from "../../server/services/versions";
import { createTestDatabase, type TestDatabase } from "./db";
import { createTestAccount, type TestAccount } from "./fixtures";
import { at, clock, digestOf, manifestFor, moduleWithVersions, uniqueName } from "./promotion-fixtures";

let tdb: TestDatabase;
let acct: TestAccount;
const time = clock(new Date("2026-11-30T10:00:00Z"));

beforeAll(async () => {
  tdb = await createTestDatabase();
  acct = await createTestAccount(tdb.db, "fleet");
});
afterAll(async () => {
  await tdb?.close();
});

const operator = () => at(tdb.db, acct.users.operator.actor, time.now);
const viewer = () => at(tdb.db, acct.users.viewer.actor, time.now);
const bearer = (token: string) => `Bearer ${token}`;

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** A template with: a live module, a module pinned to blessed, a built-only module, a disabled one. */
async function fleetTemplate() {
  const live = await moduleWithVersions(tdb.db, acct, [{ version: "1.0.0", state: "live" }], { now: time.now });
  const pinned = await moduleWithVersions(tdb.db, acct, [{ version: "1.0.0", state: "live" }, { version: "1.1.0", state: "blessed" }], { now: time.now });
  const unready = await moduleWithVersions(tdb.db, acct, [{ version: "0.1.0", state: "built" }, { version: "0.2.0", state: "staging" }], { now: time.now });
  const disabled = await moduleWithVersions(tdb.db, acct, [{ version: "2.0.0", state: "live" }], { now: time.now });
  const template = await createTemplate(operator(), { name: uniqueName("tpl"), description: "" });
  await assignModule(operator(), { templateId: template.id, moduleName: live.name, enabled: true, metadata: { role: "web" }, overrideReason: "test" });
  await assignModule(operator(), { templateId: template.id, moduleName: pinned.name, enabled: true, metadata: {}, pinnedVersion: "1.1.0", effectivePriorityOverride: 1, overrideReason: "test" });
  await assignModule(operator(), { templateId: template.id, moduleName: unready.name, enabled: true, metadata: {}, overrideReason: "test" });
  await assignModule(operator(), { templateId: template.id, moduleName: disabled.name, enabled: false, metadata: {}, overrideReason: "test" });
  return { template: template!, live, pinned, unready, disabled };
}

describe("desired state", () => {
  it("serves only blessed or live versions: the pin over live, disabled assignments left out, the rest undeliverable, in layer order", async () => {
    const { template, live, pinned, unready, disabled } = await fleetTemplate();
    const node = await createInstance(operator(), { name: uniqueName("node"), templateId: template.id, arch: "amd64" });
    const agent = await authenticateAgent(tdb.db, bearer(node.agentToken));
    const { body, etag } = await agentDesiredState(tdb.db, agent);
    expect(body.instance_id).toBe(node.id);
    expect(body.template).toEqual({ id: template.id, name: template.name });
    // The pinned module's override (1) puts it first; the live one follows at its derived priority.
    expect(body.modules.map((m) => [m.name, m.version])).toEqual([
      [pinned.name, "1.1.0"],
      [live.name, "1.0.0"],
    ]);
    expect(body.modules[1]).toMatchObject({ oci_digest: digestOf(`${live.name}@1.0.0`), metadata: { role: "web" } });
    expect(body.modules.some((m) => m.name === disabled.name)).toBe(false);
    expect(body.undeliverable).toEqual([{ name: unready.name, reason: expect.stringContaining("no live version") }]);
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
  });

  it("a new live version is a new revision and new content; an unrelated change is not", async () => {
    const { template, live } = await fleetTemplate();
    const node = await createInstance(operator(), { name: uniqueName("node"), templateId: template.id, arch: "amd64" });
    const first = await agentDesiredState(tdb.db, await authenticateAgent(tdb.db, bearer(node.agentToken)));
    const again = await agentDesiredState(tdb.db, await authenticateAgent(tdb.db, bearer(node.agentToken)));
    expect(again.etag).toBe(first.etag);

    const admin = at(tdb.db, acct.users.admin.actor, time.now);
    const v2 = await createModuleVersion(admin, live.name, {
      version: "1.1.0",
      ociRef: `registry.example/${live.name}:1.1.0`,
      ociDigest: digestOf(`${live.name}@1.1.0`),
      manifestYaml: manifestFor(live.name),
      fileList: [`/etc/${live.name}/${live.name}.conf`],
      packageList: [],
    });
    // A new build in `built` changes nothing nodes receive… but state changes bump the revision (cheap refetch).
    await transitionVersion(operator(), { versionId: v2.id, targetState: "staging", reason: "test" });
    await transitionVersion(operator(), { versionId: v2.id, targetState: "blessed", reason: "test" });
    const request = await requestLive(operator(), { versionId: v2.id, reason: "ship" });
    if (!request.applied) await approveRequest(at(tdb.db, acct.users.approver.actor, time.now), { requestId: request.requestId, comment: "ok" });

    const after = await agentDesiredState(tdb.db, await authenticateAgent(tdb.db, bearer(node.agentToken)));
    expect(after.body.revision).toBeGreaterThan(first.body.revision);
    expect(after.etag).not.toBe(first.etag);
    expect(after.body.modules.find((m) => m.name === live.name)?.version).toBe("1.1.0");
  });

  it("is computed once per (template, revision), not per request", async () => {
    const { template } = await fleetTemplate();
    const nodes = await Promise.all([1, 2, 3].map(() => createInstance(operator(), { name: uniqueName("node"), templateId: template.id, arch: "amd64" })));
    const agents = await Promise.all(nodes.map((n) => authenticateAgent(tdb.db, bearer(n.agentToken))));
    await agentDesiredState(tdb.db, agents[0]!);
    const before = desiredStateCacheStats();
    for (const agent of agents) for (let i = 0; i < 5; i += 1) await agentDesiredState(tdb.db, agent);
    const after = desiredStateCacheStats();
    expect(after.computed - before.computed).toBe(0);
    expect(after.hits - before.hits).toBe(15);
  });

  it("an assignment edit bumps the template's revision in the same transaction", async () => {
    const { template, pinned } = await fleetTemplate();
    const before = (await templateDesiredState(tdb.db, template.id))!;
    const row = await tdb.db.templateModule.findFirstOrThrow({ where: { templateId: template.id, module: { name: pinned.name } }, select: { id: true } });
    await updateAssignment(operator(), { assignmentId: row.id, pinnedVersion: null, overrideReason: "test" });
    const after = (await templateDesiredState(tdb.db, template.id))!;
    expect(after.revision).toBe(before.revision + 1);
    expect(after.modules.find((m) => m.name === pinned.name)?.version).toBe("1.0.0");
  });
});

describe("agent authentication", () => {
  it("accepts only agent tokens; API tokens, unknown, rotated and revoked tokens are 401", async () => {
    const { template } = await fleetTemplate();
    const node = await createInstance(operator(), { name: uniqueName("node"), templateId: template.id, arch: "amd64" });
    expect((await failure(authenticateAgent(tdb.db, null))).code).toBe("UNAUTHORIZED");
    expect((await failure(authenticateAgent(tdb.db, bearer("stk_e2e_demo_token_0123456789abcdef")))).code).toBe("UNAUTHORIZED");
    expect((await failure(authenticateAgent(tdb.db, bearer("sna_not-a-real-token")))).code).toBe("UNAUTHORIZED");

    const rotated = await rotateAgentToken(operator(), node.id);
    expect((await failure(authenticateAgent(tdb.db, bearer(node.agentToken)))).code).toBe("UNAUTHORIZED");
    expect((await authenticateAgent(tdb.db, bearer(rotated.agentToken))).instanceId).toBe(node.id);

    await revokeAgentToken(operator(), node.id);
    expect((await failure(authenticateAgent(tdb.db, bearer(rotated.agentToken)))).code).toBe("UNAUTHORIZED");
    const events = await getInstance(viewer(), node.id);
    expect(events.events.map((e) => e.kind)).toEqual(expect.arrayContaining(["registered", "token_rotated", "token_revoked"]));
  });

  it("decommissioning revokes the token, stops heartbeats and takes the node out of the fleet's counts", async () => {
    const { template } = await fleetTemplate();
    const node = await createInstance(operator(), { name: uniqueName("node"), templateId: template.id, arch: "amd64" });
    const agent = await authenticateAgent(tdb.db, bearer(node.agentToken));
    await recordAgentHeartbeat(tdb.db, agent, { status: "running", modules: {} }, time.now());
    const before = await fleetSummary(viewer(), { templateId: template.id });
    await decommissionInstance(operator(), { instanceId: node.id, reason: "hardware swap" });
    expect((await failure(authenticateAgent(tdb.db, bearer(node.agentToken)))).code).toBe("UNAUTHORIZED");
    expect((await failure(recordAgentHeartbeat(tdb.db, agent, { status: "running", modules: {} }, time.now()))).code).toBe("UNAUTHORIZED");
    expect((await fleetSummary(viewer(), { templateId: template.id })).total).toBe(before.total - 1);
    expect((await failure(decommissionInstance(operator(), { instanceId: node.id, reason: "again" }))).code).toBe("CONFLICT");
  });
});

describe("enrollment", () => {
  it("a token enrolls at most max_uses agents, even when they arrive at once", async () => {
    const { template } = await fleetTemplate();
    const { token } = await createEnrollmentToken(operator(), { templateId: template.id, expiresInHours: 1, maxUses: 3 });
    const attempts = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => enrollAgent(tdb.db, bearer(token), { name: uniqueName(`enr${i}`), arch: "arm64" }, time.now())),
    );
    const enrolled = attempts.filter((a) => a.status === "fulfilled");
    expect(enrolled).toHaveLength(3);
    for (const a of attempts) if (a.status === "rejected") expect((a.reason as AppError).code).toBe("UNAUTHORIZED");
    const first = (enrolled[0] as PromiseFulfilledResult<{ instanceId: string; agentToken: string }>).value;
    const agent = await authenticateAgent(tdb.db, bearer(first.agentToken));
    expect(agent.templateId).toBe(template.id);
    expect((await getInstance(viewer(), first.instanceId)).events.map((e) => e.kind)).toContain("enrolled");
  });

  it("an expired or revoked token enrolls nobody; a taken name is CONFLICT and gives the use back", async () => {
    const { template } = await fleetTemplate();
    const short = await createEnrollmentToken(operator(), { templateId: template.id, expiresInHours: 1, maxUses: 5 });
    const later = new Date(time.now().getTime() + 2 * 3_600_000);
    expect((await failure(enrollAgent(tdb.db, bearer(short.token), { name: uniqueName("late"), arch: "amd64" }, later))).code).toBe("UNAUTHORIZED");

    const revoked = await createEnrollmentToken(operator(), { templateId: template.id, expiresInHours: 1, maxUses: 5 });
    await revokeEnrollmentToken(operator(), revoked.id);
    expect((await failure(enrollAgent(tdb.db, bearer(revoked.token), { name: uniqueName("rev"), arch: "amd64" }, time.now()))).code).toBe("UNAUTHORIZED");

    const once = await createEnrollmentToken(operator(), { templateId: template.id, expiresInHours: 1, maxUses: 1 });
    const existing = await createInstance(operator(), { name: uniqueName("taken"), templateId: template.id, arch: "amd64" });
    expect((await failure(enrollAgent(tdb.db, bearer(once.token), { name: existing.name, arch: "amd64" }, time.now()))).code).toBe("CONFLICT");
    await enrollAgent(tdb.db, bearer(once.token), { name: uniqueName("free"), arch: "amd64" }, time.now());
    expect((await failure(enrollAgent(tdb.db, bearer(API_LIKE), { name: uniqueName("x"), arch: "amd64" }, time.now()))).code).toBe("UNAUTHORIZED");
  });
});
const API_LIKE = "stk_e2e_demo_token_0123456789abcdef";

describe("heartbeats, drift and events", () => {
  it("stores drift with the heartbeat, writes events only on changes, keeps runningSince across heartbeats", async () => {
    const { template, live, pinned } = await fleetTemplate();
    const node = await createInstance(operator(), { name: uniqueName("node"), templateId: template.id, arch: "amd64" });
    const agent = await authenticateAgent(tdb.db, bearer(node.agentToken));
    const want = { [live.name]: digestOf(`${live.name}@1.0.0`), [pinned.name]: digestOf(`${pinned.name}@1.1.0`) };

    const t0 = time.now();
    await recordAgentHeartbeat(tdb.db, agent, { status: "provisioning", modules: { [live.name]: want[live.name]! } }, t0);
    let detail = await getInstance(viewer(), node.id);
    expect(detail).toMatchObject({ driftSeverity: "medium", driftDifferences: 1, modulesInSync: 1, modulesDesired: 2 });
    expect(detail.drift.missing.map((m) => m.moduleName)).toEqual([pinned.name]);

    const t1 = new Date(t0.getTime() + 30_000);
    await recordAgentHeartbeat(tdb.db, agent, { status: "running", modules: { ...want, stray: digestOf("stray") } }, t1);
    const t2 = new Date(t0.getTime() + 60_000);
    await recordAgentHeartbeat(tdb.db, agent, { status: "running", modules: { ...want, stray: digestOf("stray") } }, t2);
    detail = await getInstance(viewer(), node.id);
    expect(detail.modules.find((m) => m.name === "stray")).toMatchObject({ state: "extra" });
    // The live module's digest has not changed since t0: its "since" is still t0.
    expect((detail.runningSince as Record<string, string>)[live.name]).toBe(t0.toISOString());
    expect((detail.runningSince as Record<string, string>)[pinned.name]).toBe(t1.toISOString());

    const t3 = new Date(t0.getTime() + 90_000);
    await recordAgentHeartbeat(tdb.db, agent, { status: "running", modules: want }, t3);
    detail = await getInstance(viewer(), node.id);
    expect(detail).toMatchObject({ driftSeverity: "none", modulesInSync: 2 });
    // registered; at t0 status pending→provisioning and drift appeared (medium); at t1 provisioning→running; at t3
    // drift resolved — and nothing for t2, which changed neither.
    expect(detail.events.map((e) => e.kind).sort()).toEqual(["drift_appeared", "drift_resolved", "registered", "status_changed", "status_changed"]);
    expect(detail.events[0]).toMatchObject({ kind: "drift_resolved", detail: { from: "medium", to: "none" } });
  });

  it("lists filter by drift, staleness and search in SQL; the summary counts in sync, drifted and stale", async () => {
    const { template, live } = await fleetTemplate();
    const names = { synced: uniqueName("sync"), drifted: uniqueName("drift"), silent: uniqueName("silent") };
    const synced = await createInstance(operator(), { name: names.synced, templateId: template.id, arch: "amd64" });
    const drifted = await createInstance(operator(), { name: names.drifted, templateId: template.id, arch: "arm64" });
    await createInstance(operator(), { name: names.silent, templateId: template.id, arch: "amd64" });
    const state = (await templateDesiredState(tdb.db, template.id))!;
    const all = Object.fromEntries(state.modules.map((m) => [m.name, m.oci_digest]));
    await recordAgentHeartbeat(tdb.db, await authenticateAgent(tdb.db, bearer(synced.agentToken)), { status: "running", modules: all }, time.now());
    await recordAgentHeartbeat(tdb.db, await authenticateAgent(tdb.db, bearer(drifted.agentToken)), { status: "error", modules: { [live.name]: digestOf("old") } }, time.now());

    const base = { templateId: template.id, sort: "name" as const, page: 1, pageSize: 50 };
    expect((await listInstances(viewer(), { ...base, drift: "drifted" })).instances.map((i) => i.name)).toEqual([names.drifted]);
    expect((await listInstances(viewer(), { ...base, stale: true })).instances.map((i) => i.name)).toEqual([names.silent]);
    expect((await listInstances(viewer(), { ...base, neverReported: true })).instances.map((i) => i.name)).toEqual([names.silent]);
    expect((await listInstances(viewer(), { ...base, neverReported: false })).instances.map((i) => i.name)).toEqual([names.drifted, names.synced].sort());
    expect((await listInstances(viewer(), { ...base, q: names.synced.toUpperCase() })).instances.map((i) => i.name)).toEqual([names.synced]);
    const summary = await fleetSummary(viewer(), { templateId: template.id });
    // The drifted node runs an old digest of one module and lacks the other: two differences, medium.
    expect(summary).toEqual({ total: 3, inSync: 1, drifted: { critical: 0, high: 0, medium: 1 }, stale: 1, neverReported: 1 });

    const progress = await rolloutProgress(viewer(), { moduleName: live.name, version: "1.0.0" });
    const row = progress.templates.find((t) => t.templateId === template.id)!;
    expect(row).toMatchObject({ total: 3, converged: 1, errors: 1 });
    expect(row.lagging.map((l) => l.name).sort()).toEqual([names.drifted, names.silent].sort());
  });
});
