/**
 * REST for the promotion pipeline over real HTTP with real API tokens: CI ingest (201 / 409 / 422), promote
 * (200 applied / 202 awaiting approval / 409 / 422), approve/reject (people only: 403 for tokens), cancel,
 * rollback and the request list, with snake_case JSON and role checks.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../server/auth/permissions";
import { createToken } from "../../server/services/tokens";
import { createTestDatabase, type TestDatabase } from "./db";
import { createTestAccount, svcFor, type TestAccount } from "./fixtures";
import { startRestServer } from "./http";
import { digestOf, manifestFor, moduleWithVersions } from "./promotion-fixtures";

let tdb: TestDatabase;
let acct: TestAccount;
let server: Awaited<ReturnType<typeof startRestServer>>;
const tokens = {} as Record<Role, string>;

beforeAll(async () => {
  tdb = await createTestDatabase();
  acct = await createTestAccount(tdb.db, "rest");
  server = await startRestServer(tdb.db);
  for (const role of ["viewer", "author", "operator", "approver", "admin"] as const) {
    const created = await createToken(svcFor(tdb.db, acct.users.admin.actor), { name: `t-${role}`, role, scopes: [], expiresInDays: 1 });
    tokens[role] = created.secret;
  }
});
afterAll(async () => {
  await server?.close();
  await tdb?.close();
});

async function api(method: string, path: string, token: string | null, body?: unknown) {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, json: (text ? JSON.parse(text) : null) as Record<string, unknown> & { error?: { code: string; message: string; details?: Record<string, unknown> } } };
}

describe("versions", () => {
  it("CI ingests a build (201 in built), a duplicate is 409, a manifest with errors is 422 with snake_case issues", async () => {
    const m = await moduleWithVersions(tdb.db, acct, []);
    const body = {
      version: "1.0.0",
      oci_ref: `registry.example/${m.name}:1.0.0`,
      oci_digest: digestOf("ingest-1"),
      composefs_digest: digestOf("composefs-1"),
      manifest_yaml: manifestFor(m.name),
      file_list: [`/etc/${m.name}/${m.name}.conf`, `/usr/bin/${m.name}`],
      package_list: [`${m.name}=1.0.0-1`],
    };
    expect((await api("POST", `/system/modules/${m.name}/versions`, tokens.viewer, body)).status).toBe(403);
    const created = await api("POST", `/system/modules/${m.name}/versions`, tokens.author, body);
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ module: m.name, version: "1.0.0", promotion_state: "built", validation: { valid: true } });
    const duplicate = await api("POST", `/system/modules/${m.name}/versions`, tokens.author, body);
    expect(duplicate.status).toBe(409);
    expect(duplicate.json.error?.message).toContain("already exists");

    const invalid = await api("POST", `/system/modules/${m.name}/versions`, tokens.author, { ...body, version: "1.0.1", manifest_yaml: `schema_version: 2\nname: someone-else\n` });
    expect(invalid.status).toBe(422);
    const validation = invalid.json.error?.details?.validation as { valid: boolean; errors: Array<Record<string, unknown>> };
    expect(validation.valid).toBe(false);
    expect(validation.errors.length).toBeGreaterThanOrEqual(2);
    expect(validation.errors[0]).toHaveProperty("range.start_line");
    expect(await tdb.db.moduleVersion.count({ where: { module: { name: m.name }, version: "1.0.1" } })).toBe(0);

    expect((await api("POST", `/system/modules/${m.name}/versions`, tokens.author, { ...body, version: "not-semver" })).status).toBe(400);
    expect((await api("POST", `/system/modules/${m.name}/versions`, tokens.author, { ...body, version: "1.0.2", file_list: ["relative/path"] })).status).toBe(400);
    expect((await api("POST", `/system/modules/no-such-module/versions`, tokens.author, body)).status).toBe(404);

    const list = await api("GET", `/system/modules/${m.name}/versions`, tokens.viewer);
    expect(list.status).toBe(200);
    const versions = list.json.versions as Array<Record<string, unknown>>;
    expect(versions).toHaveLength(1);
    expect(versions[0]).toMatchObject({ version: "1.0.0", promotion_state: "built", file_count: 2, composefs_digest: digestOf("composefs-1"), live_at: null });
  });

  it("accepts a 200,000-path file list", async () => {
    const m = await moduleWithVersions(tdb.db, acct, []);
    const fileList = Array.from({ length: 200_000 }, (_, i) => `/usr/share/${m.name}/data/d${Math.floor(i / 1000)}/file-${i}.dat`);
    const response = await api("POST", `/system/modules/${m.name}/versions`, tokens.author, {
      version: "3.0.0",
      oci_ref: `registry.example/${m.name}:3.0.0`,
      oci_digest: digestOf(`${m.name}-big`),
      manifest_yaml: manifestFor(m.name).replace(`  - /usr/bin/${m.name}\n`, `  - /usr/bin/${m.name}\n  - /usr/share/${m.name}/**\n`),
      file_list: fileList,
    });
    expect(response.status).toBe(201);
    const list = await api("GET", `/system/modules/${m.name}/versions`, tokens.viewer);
    expect((list.json.versions as Array<{ file_count: number }>)[0]!.file_count).toBe(200_000);
  });
});

describe("promote", () => {
  it("moves a version through the pipeline: 200 applied, 202 when approval is needed, 409 on a stale view, 422 when not allowed", async () => {
    const m = await moduleWithVersions(tdb.db, acct, [
      { version: "1.0.0", state: "live" },
      { version: "1.1.0", state: "built" },
    ]);
    const id = m.ids["1.1.0"]!;
    const path = `/system/node_module_versions/${id}/promote`;
    expect((await api("POST", path, tokens.author, { target_state: "staging" })).status).toBe(403);
    expect((await api("POST", path, tokens.operator, { target_state: "blessed" })).status).toBe(422);
    const staged = await api("POST", path, tokens.operator, { target_state: "staging" });
    expect(staged.status).toBe(200);
    expect(staged.json).toMatchObject({ applied: true, promotion_state: "staging", promotion_request_id: null, module: m.name, version: "1.1.0" });
    expect((await api("POST", path, tokens.operator, { target_state: "built", expected_state: "built" })).status).toBe(409);
    expect((await api("POST", path, tokens.operator, { target_state: "staging" })).status).toBe(409);
    expect((await api("POST", path, tokens.operator, { target_state: "blessed", reason: "soak clean" })).status).toBe(200);
    expect((await api("POST", path, tokens.operator, { target_state: "live" })).status).toBe(400); // reason required
    const live = await api("POST", path, tokens.operator, { target_state: "live", reason: "rollout" });
    expect(live.status).toBe(202);
    expect(live.json).toMatchObject({ applied: false, promotion_state: "blessed", request_status: "pending", required_approvals: 1 });
    expect(typeof live.json.promotion_request_id).toBe("string");
    expect((await api("POST", path, tokens.operator, { target_state: "bogus" })).status).toBe(400);
    expect((await api("POST", `/system/node_module_versions/not-a-uuid/promote`, tokens.operator, { target_state: "staging" })).status).toBe(400);

    // An operator token cannot retire the live version; retiring without a reason is 400.
    const liveId = m.ids["1.0.0"]!;
    expect((await api("POST", `/system/node_module_versions/${liveId}/promote`, tokens.operator, { target_state: "retired", reason: "x" })).status).toBe(403);
    expect((await api("POST", `/system/node_module_versions/${id}/promote`, tokens.operator, { target_state: "retired" })).status).toBe(400);
  });

  it("answers 200 applied for blessed → live when the policy needs no approval", async () => {
    const other = await createTestAccount(tdb.db, "restnoappr");
    await tdb.db.account.update({ where: { id: other.accountId }, data: { requireApproval: false } });
    const token = (await createToken(svcFor(tdb.db, other.users.admin.actor), { name: "op", role: "operator", scopes: [], expiresInDays: 1 })).secret;
    const m = await moduleWithVersions(tdb.db, other, [{ version: "1.0.0", state: "blessed" }]);
    const response = await api("POST", `/system/node_module_versions/${m.ids["1.0.0"]!}/promote`, token, { target_state: "live", reason: "auto" });
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ applied: true, promotion_state: "live", request_status: "approved" });
  });
});

describe("promotion requests", () => {
  it("tokens never approve or reject (people decide, in the console); the requesting token or an approver token cancels", async () => {
    const m = await moduleWithVersions(tdb.db, acct, [
      { version: "1.0.0", state: "blessed" },
      { version: "1.1.0", state: "blessed" },
    ]);
    const first = await api("POST", `/system/node_module_versions/${m.ids["1.0.0"]!}/promote`, tokens.operator, { target_state: "live", reason: "ci rollout" });
    const requestId = first.json.promotion_request_id as string;
    const approve = await api("POST", `/system/promotion_requests/${requestId}/approve`, tokens.approver, {});
    expect(approve.status).toBe(403);
    expect(approve.json.error?.message).toContain("not by API tokens");
    expect((await api("POST", `/system/promotion_requests/${requestId}/approve`, tokens.operator, {})).status).toBe(403);
    expect((await api("POST", `/system/promotion_requests/${requestId}/reject`, tokens.approver, { comment: "no" })).status).toBe(403);
    expect((await api("POST", `/system/promotion_requests/${requestId}/reject`, tokens.approver, {})).status).toBe(400);

    // Another operator token did not make the request and is no approver: 403. The requesting token cancels.
    const otherOperator = (await createToken(svcFor(tdb.db, acct.users.admin.actor), { name: "op-2", role: "operator", scopes: [], expiresInDays: 1 })).secret;
    expect((await api("POST", `/system/promotion_requests/${requestId}/cancel`, otherOperator, {})).status).toBe(403);
    const cancelled = await api("POST", `/system/promotion_requests/${requestId}/cancel`, tokens.operator, { reason: "wrong build" });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json).toEqual({ promotion_request_id: requestId, status: "cancelled", applied: false });
    expect((await api("POST", `/system/promotion_requests/${requestId}/cancel`, tokens.operator, {})).status).toBe(409);

    const second = await api("POST", `/system/node_module_versions/${m.ids["1.1.0"]!}/promote`, tokens.operator, { target_state: "live", reason: "ci rollout" });
    const secondId = second.json.promotion_request_id as string;
    expect((await api("POST", `/system/promotion_requests/${secondId}/cancel`, tokens.approver, {})).status).toBe(200);

    const pending = await api("GET", `/system/promotion_requests`, tokens.viewer);
    expect(pending.status).toBe(200);
    expect((pending.json.promotion_requests as Array<{ id: string }>).map((r) => r.id)).not.toContain(secondId);
    const decided = await api("GET", `/system/promotion_requests?status=cancelled&module=${m.name}`, tokens.viewer);
    const items = decided.json.promotion_requests as Array<Record<string, unknown>>;
    expect(items.map((r) => r.id).sort()).toEqual([requestId, secondId].sort());
    expect(items.find((r) => r.id === requestId)).toMatchObject({ status: "cancelled", module: m.name, version: "1.0.0", requested_by: "token:t-operator", decision_note: "wrong build" });
    expect((await api("GET", `/system/promotion_requests?status=nope`, tokens.viewer)).status).toBe(400);
  });

  it("an approver token rolls back with a reason; an operator token cannot", async () => {
    const m = await moduleWithVersions(tdb.db, acct, [
      { version: "1.0.0", state: "live" },
      { version: "1.1.0", state: "live" },
    ]);
    expect((await api("POST", `/system/modules/${m.name}/rollback`, tokens.operator, { reason: "x" })).status).toBe(403);
    expect((await api("POST", `/system/modules/${m.name}/rollback`, tokens.approver, {})).status).toBe(400);
    const rolled = await api("POST", `/system/modules/${m.name}/rollback`, tokens.approver, { reason: "error budget burned" });
    expect(rolled.status).toBe(200);
    expect(rolled.json).toMatchObject({ module: m.name, live: "1.0.0", retired: "1.1.0" });
    const again = await api("POST", `/system/modules/${m.name}/rollback`, tokens.approver, { reason: "again" });
    expect(again.status).toBe(422);
  });

  it("the OpenAPI document describes the new routes, 202 included", async () => {
    const doc = (await api("GET", "/openapi.json", null)).json as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(["/system/modules/{name}/versions", "/system/node_module_versions/{id}/promote", "/system/promotion_requests"]));
    expect(Object.keys(doc.paths["/system/node_module_versions/{id}/promote"]!.post!.responses)).toEqual(expect.arrayContaining(["200", "202", "409", "422"]));
  });
});
