/**
 * Rollouts over REST with real API tokens (docs/rollouts.md): the plan before approval, the rollout in snake_case,
 * the actions for approver tokens only with a required reason, marking bad for admins, and the policy.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../server/auth/permissions";
import { approveRequest } from "../../server/services/promotion";
import { createToken } from "../../server/services/tokens";
import { createTestDatabase, type TestDatabase } from "./db";
import { createTestAccount, svcFor, type TestAccount } from "./fixtures";
import { startRestServer } from "./http";
import { at, clock, digestOf, manifestFor } from "./promotion-fixtures";
import { fleetWithModule } from "./rollout-fixtures";

let tdb: TestDatabase;
let acct: TestAccount;
let server: Awaited<ReturnType<typeof startRestServer>>;
const tokens = {} as Record<Role, string>;
const time = clock(new Date());

beforeAll(async () => {
  tdb = await createTestDatabase();
  acct = await createTestAccount(tdb.db, "rollrest");
  server = await startRestServer(tdb.db);
  for (const role of ["viewer", "author", "operator", "approver", "admin"] as const) {
    tokens[role] = (await createToken(svcFor(tdb.db, acct.users.admin.actor), { name: `t-${role}`, role, scopes: [], expiresInDays: 1 })).secret;
  }
});
afterAll(async () => {
  await server?.close();
  await tdb?.close();
});

async function api(method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, json: (text ? JSON.parse(text) : null) as Record<string, unknown> & { error?: { code: string; message: string } } };
}

describe("rollouts over REST", () => {
  it("plan, rollout detail, actions with reasons for approvers, bad marks for admins, the policy", async () => {
    const fleet = await fleetWithModule(tdb.db, acct, 4, time.now);
    const ingested = await api("POST", `/system/modules/${fleet.module}/versions`, tokens.author, {
      version: "2.0.0",
      oci_ref: `registry.example/${fleet.module}:2.0.0`,
      oci_digest: digestOf(`${fleet.module}@2.0.0`),
      manifest_yaml: manifestFor(fleet.module),
    });
    expect(ingested.status).toBe(201);
    const versionId = ingested.json.id as string;
    for (const target of ["staging", "blessed", "live"]) {
      const moved = await api("POST", `/system/node_module_versions/${versionId}/promote`, tokens.operator, { target_state: target, reason: "rest" });
      expect(moved.status, JSON.stringify(moved.json)).toBe(target === "live" ? 202 : 200);
      if (target === "live") {
        const requestId = moved.json.promotion_request_id as string;
        const plan = await api("GET", `/system/promotion_requests/${requestId}/rollout_plan`, tokens.viewer);
        expect(plan.status).toBe(200);
        expect(plan.json).toMatchObject({ total_instances: 4, policy: { soak_minutes: 10, deadline_minutes: 30, success_percent: 100, auto_rollback: true } });
        expect((plan.json.waves as { size: number }[]).map((w) => w.size)).toEqual([1, 1, 2]);
        await approveRequest(at(tdb.db, acct.users.approver.actor, time.now), { requestId, comment: "ok" });
        const list = await api("GET", `/system/rollouts?state=active&module=${fleet.module}`, tokens.viewer);
        expect(list.json).toMatchObject({ total: 1, rollouts: [{ id: requestId, state: "progressing", module_name: fleet.module, released_instances: 1, total_instances: 4 }] });
        const detail = await api("GET", `/system/rollouts/${requestId}`, tokens.viewer);
        expect(detail.status).toBe(200);
        const waves = detail.json.waves as { size: number; instances: { health: string; name: string }[] }[];
        // The canary has not reported since it was registered: not healthy, and said so.
        expect(waves[0]?.instances[0]?.health).toBe("stale");
        expect(waves[1]?.instances[0]?.health).toBe("held");

        expect((await api("POST", `/system/rollouts/${requestId}/pause`, tokens.operator, { reason: "x" })).status).toBe(403);
        expect((await api("POST", `/system/rollouts/${requestId}/pause`, tokens.approver, { reason: "" })).status).toBe(400);
        const paused = await api("POST", `/system/rollouts/${requestId}/pause`, tokens.approver, { reason: "look first" });
        expect(paused.json).toEqual({ rollout_id: requestId, state: "paused" });
        expect((await api("POST", `/system/rollouts/${requestId}/pause`, tokens.approver, { reason: "again" })).status).toBe(409);
        const done = await api("POST", `/system/rollouts/${requestId}/promote_now`, tokens.approver, { reason: "ship it" });
        expect(done.json).toEqual({ rollout_id: requestId, state: "completed" });
      }
    }
    expect((await api("POST", `/system/node_module_versions/${versionId}/mark_bad`, tokens.approver, { reason: "x" })).status).toBe(403);
    expect((await api("POST", `/system/node_module_versions/${versionId}/mark_bad`, tokens.admin, { reason: "memory leak" })).json).toEqual({ version_id: versionId, bad: true });
    expect((await api("POST", `/system/node_module_versions/${versionId}/clear_bad`, tokens.admin, { reason: "fixed upstream" })).json).toEqual({ version_id: versionId, bad: false });

    const policy = { waves: [{ instances: 2 }, { percent: 100 }], soak_minutes: 5, deadline_minutes: 20, success_percent: 90, auto_rollback: false };
    expect((await api("PUT", "/system/settings/rollout_policy", tokens.approver, policy)).status).toBe(403);
    expect((await api("PUT", "/system/settings/rollout_policy", tokens.admin, { ...policy, waves: [] })).status).toBe(400);
    expect((await api("PUT", "/system/settings/rollout_policy", tokens.admin, policy)).json).toEqual(policy);
    expect((await api("GET", "/system/settings/rollout_policy", tokens.viewer)).json).toEqual(policy);
  });
});
