/**
 * The fleet simulator against the real agent API over HTTP (docs/fleet-sim.md): 20 agents enroll with an
 * enrollment token an operator created over REST, converge to their template's desired state, follow a rollout
 * (a new live version bumps the revision; heartbeats announce it; agents refetch and install), and fail the way
 * their profiles say. Real clock, short intervals: a few seconds in all.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mulberry32, runFleet, type FleetRun } from "../../server/fleet-sim";
import { fleetSummary, rolloutProgress } from "../../server/services/instances";
import { approveRequest, requestLive, transitionVersion } from "../../server/services/promotion";
import { assignModule, createTemplate } from "../../server/services/templates";
import { createToken } from "../../server/services/tokens";
import { createModuleVersion } from "../../server/services/versions";
import { createTestDatabase, type TestDatabase } from "./db";
import { createTestAccount, type TestAccount } from "./fixtures";
import { startRestServer } from "./http";
import { at, digestOf, manifestFor, moduleWithVersions, uniqueName } from "./promotion-fixtures";

let tdb: TestDatabase;
let acct: TestAccount;
let server: Awaited<ReturnType<typeof startRestServer>>;
let operatorToken: string;

const operator = () => at(tdb.db, acct.users.operator.actor, () => new Date());

beforeAll(async () => {
  tdb = await createTestDatabase();
  acct = await createTestAccount(tdb.db, "fleetsim");
  // Agents follow a new live version here, not its waves: the account rolls out to every node at once
  // (phased rollouts have their own tests, rollouts-*.test.ts).
  await tdb.db.account.update({ where: { id: acct.accountId }, data: { rolloutWaves: [{ percent: 100 }] } });
  operatorToken = (await createToken(at(tdb.db, acct.users.admin.actor, () => new Date()), { name: "ops", role: "operator", scopes: [], expiresInDays: 1 })).secret;
  server = await startRestServer(tdb.db);
}, 120_000);
afterAll(async () => {
  await server?.close();
  await tdb?.close();
});

/** A template delivering two live modules. */
async function template() {
  const base = await moduleWithVersions(tdb.db, acct, [{ version: "1.0.0", state: "live" }]);
  const web = await moduleWithVersions(tdb.db, acct, [{ version: "2.0.0", state: "live" }]);
  const created = await createTemplate(operator(), { name: uniqueName("tpl"), description: "" });
  for (const module of [base, web]) {
    await assignModule(operator(), { templateId: created.id, moduleName: module.name, enabled: true, metadata: {}, overrideReason: "test" });
  }
  return { id: created.id, base, web };
}

/** The operator's path: an enrollment token for the template over REST. */
async function enrollmentToken(templateId: string, maxUses: number): Promise<string> {
  const response = await fetch(`${server.baseUrl}/system/templates/${templateId}/enrollment_tokens`, {
    method: "POST",
    headers: { authorization: `Bearer ${operatorToken}`, "content-type": "application/json" },
    body: JSON.stringify({ expires_in_hours: 1, max_uses: maxUses }),
  });
  expect(response.status).toBe(201);
  const body = (await response.json()) as { token: string };
  expect(body.token).toMatch(/^sne_/);
  return body.token;
}

/** Ships a new live version of `moduleName` through the promotion services, as CI and an approver would. */
async function shipVersion(moduleName: string, version: string) {
  const admin = at(tdb.db, acct.users.admin.actor, () => new Date());
  const created = await createModuleVersion(admin, moduleName, {
    version,
    ociRef: `registry.example/${moduleName}:${version}`,
    ociDigest: digestOf(`${moduleName}@${version}`),
    manifestYaml: manifestFor(moduleName),
    fileList: [`/etc/${moduleName}/${moduleName}.conf`, `/usr/bin/${moduleName}`],
    packageList: [],
  });
  await transitionVersion(operator(), { versionId: created.id, targetState: "staging", reason: "test" });
  await transitionVersion(operator(), { versionId: created.id, targetState: "blessed", reason: "test" });
  const request = await requestLive(operator(), { versionId: created.id, reason: "ship" });
  if (!request.applied) await approveRequest(at(tdb.db, acct.users.approver.actor, () => new Date()), { requestId: request.requestId, comment: "ok" });
}

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function stop(run: FleetRun, controller: AbortController) {
  controller.abort();
  return run.done;
}

describe("fleet simulator against the agent API", () => {
  it("20 agents enroll, converge, poll mostly 304 and follow a rollout", async () => {
    const tpl = await template();
    const token = await enrollmentToken(tpl.id, 20);
    const prefix = uniqueName("sim");
    const controller = new AbortController();
    const run = runFleet({
      url: server.baseUrl,
      enrollToken: token,
      instances: 20,
      intervalSeconds: 1,
      convergeDelay: [0.2, 0.6],
      namePrefix: prefix,
      concurrency: 8,
      random: mulberry32(1),
      signal: controller.signal,
    });
    try {
      await until("every agent to converge", () => run.snapshot().agents.converged === 20);
      const instances = await tdb.db.nodeInstance.findMany({ where: { accountId: acct.accountId, templateId: tpl.id }, orderBy: { name: "asc" } });
      expect(instances.map((i) => i.name)).toEqual(Array.from({ length: 20 }, (_, i) => `${prefix}-${String(i + 1).padStart(5, "0")}`));
      await until("the last heartbeats to report the install", async () => {
        const summary = await fleetSummary(operator(), { templateId: tpl.id });
        return summary.inSync === 20;
      });

      // A rollout: the template's revision moves, heartbeats announce it, agents refetch and install.
      await shipVersion(tpl.web.name, "2.1.0");
      await until("the rollout to converge", async () => {
        const progress = await rolloutProgress(operator(), { moduleName: tpl.web.name, version: "2.1.0" });
        return progress.converged === 20;
      });
    } finally {
      await stop(run, controller);
    }
    const final = run.snapshot();
    expect(final.enrollments).toEqual({ ok: 20, failed: 0 });
    expect(final.errors).toBe(0);
    // One 200 per agent at start and at least one after the rollout; the rest of the polls are 304.
    expect(final.desiredState.ok200).toBeGreaterThanOrEqual(40);
    expect(final.desiredState.notModified304).toBeGreaterThan(0);
    expect(final.installs).toEqual({ completed: 40, failed: 0 });
    const events = await tdb.db.instanceEvent.groupBy({ by: ["kind"], where: { accountId: acct.accountId, instance: { templateId: tpl.id } }, _count: true });
    expect(Object.fromEntries(events.map((e) => [e.kind, e._count]))).toMatchObject({ enrolled: 20 });
    const rows = await tdb.db.nodeInstance.findMany({ where: { templateId: tpl.id }, select: { status: true, driftSeverity: true, agentVersion: true, runningModules: true } });
    for (const row of rows) {
      expect(row).toMatchObject({ status: "running", driftSeverity: "none", agentVersion: "strata-fleet-sim/1" });
      expect(row.runningModules).toEqual({ [tpl.base.name]: digestOf(`${tpl.base.name}@1.0.0`), [tpl.web.name]: digestOf(`${tpl.web.name}@2.1.0`) });
    }
  });

  it("failing agents show up as the server sees them: error status, drift, or silence", async () => {
    const tpl = await template();
    const token = await enrollmentToken(tpl.id, 20);
    const controller = new AbortController();
    const run = runFleet({
      url: server.baseUrl,
      enrollToken: token,
      instances: 20,
      intervalSeconds: 1,
      convergeDelay: [0.1, 0.3],
      failRate: 0.5,
      namePrefix: uniqueName("bad"),
      concurrency: 8,
      random: mulberry32(3),
      signal: controller.signal,
    });
    const profiles = run.agents.map((a) => a.profile);
    expect(profiles).toContain("healthy");
    expect(profiles.filter((p) => p !== "healthy").length).toBeGreaterThan(3);
    try {
      // Silent agents stop within four intervals; everyone else has had its install by then.
      await until("the fleet to settle", () => {
        const s = run.snapshot();
        return s.agents.installing === 0 && s.agents.starting === 0 && s.agents.waiting === 0 && s.agents.silent === s.profiles.silent;
      });
      await new Promise((resolve) => setTimeout(resolve, 3_000));
    } finally {
      await stop(run, controller);
    }
    const byId = new Map((await tdb.db.nodeInstance.findMany({ where: { templateId: tpl.id }, select: { id: true, status: true, driftSeverity: true, lastHeartbeatAt: true } })).map((r) => [r.id, r]));
    const latestBeat = Math.max(...[...byId.values()].map((r) => r.lastHeartbeatAt?.getTime() ?? 0));
    for (const agent of run.agents) {
      const row = byId.get(agent.instanceId ?? "");
      expect(row, agent.name).toBeDefined();
      if (agent.profile === "healthy") expect(row).toMatchObject({ status: "running", driftSeverity: "none" });
      if (agent.profile === "error") expect(row).toMatchObject({ status: "error", driftSeverity: "medium" });
      if (agent.profile === "stale") expect(row).toMatchObject({ status: "running", driftSeverity: "medium" });
      // A silent agent's last heartbeat lags the fleet's by more than an interval.
      if (agent.profile === "silent") expect(latestBeat - (row?.lastHeartbeatAt?.getTime() ?? 0)).toBeGreaterThan(1_000);
    }
    expect(run.snapshot().errors).toBe(0);
  });
});
