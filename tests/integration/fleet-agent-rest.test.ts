/**
 * The agent API and the operator's fleet routes over real HTTP (docs/fleet.md): an operator token creates an
 * enrollment token, an agent enrolls with it, polls desired state with ETag/304, heartbeats, and loses access
 * when its token is rotated, revoked or its node decommissioned.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Role } from "../../server/auth/permissions";
import { createToken } from "../../server/services/tokens";
import { assignModule, createTemplate } from "../../server/services/templates";
import { createTestDatabase, type TestDatabase } from "./db";
import { createTestAccount, svcFor, type TestAccount } from "./fixtures";
import { startRestServer } from "./http";
import { digestOf, moduleWithVersions, uniqueName } from "./promotion-fixtures";

let tdb: TestDatabase;
let acct: TestAccount;
let other: TestAccount;
let server: Awaited<ReturnType<typeof startRestServer>>;
const tokens = {} as Record<Role, string>;
let templateId: string;
let moduleName: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  acct = await createTestAccount(tdb.db, "agentrest");
  other = await createTestAccount(tdb.db, "agentother");
  server = await startRestServer(tdb.db);
  for (const role of ["viewer", "operator"] as const) {
    tokens[role] = (await createToken(svcFor(tdb.db, acct.users.admin.actor), { name: `t-${role}`, role, scopes: [], expiresInDays: 1 })).secret;
  }
  const module = await moduleWithVersions(tdb.db, acct, [{ version: "1.0.0", state: "live" }]);
  moduleName = module.name;
  const operator = svcFor(tdb.db, acct.users.operator.actor);
  const template = await createTemplate(operator, { name: uniqueName("edge"), description: "" });
  templateId = template!.id;
  await assignModule(operator, { templateId, moduleName, enabled: true, metadata: {} });
});
afterAll(async () => {
  await server?.close();
  await tdb?.close();
});

async function api(method: string, path: string, token: string | null, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { "content-type": "application/json" } : {}), ...headers },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: (text ? JSON.parse(text) : null) as Record<string, any> };
}

async function enrollmentToken(maxUses = 5, expiresInHours = 1): Promise<string> {
  const created = await api("POST", `/system/templates/${templateId}/enrollment_tokens`, tokens.operator, { expires_in_hours: expiresInHours, max_uses: maxUses });
  expect(created.status).toBe(201);
  expect(created.json.token).toMatch(/^sne_/);
  return created.json.token as string;
}

async function enroll(token: string, name = uniqueName("agent")) {
  return api("POST", "/agent/enroll", token, { name, arch: "arm64" });
}

describe("enrollment", () => {
  it("an agent exchanges an enrollment token for its instance and agent token; a viewer cannot mint one", async () => {
    expect((await api("POST", `/system/templates/${templateId}/enrollment_tokens`, tokens.viewer, { expires_in_hours: 1, max_uses: 1 })).status).toBe(403);
    const token = await enrollmentToken(1);
    const enrolled = await enroll(token);
    expect(enrolled.status).toBe(201);
    expect(enrolled.json).toEqual({ instance_id: expect.any(String), agent_token: expect.stringMatching(/^sna_/) });
    // max_uses 1: the second agent is refused.
    expect((await enroll(token)).status).toBe(401);
    const listed = await api("GET", `/system/templates/${templateId}/enrollment_tokens`, tokens.viewer);
    expect(listed.json.tokens.find((t: { prefix: string }) => token.startsWith(t.prefix))).toMatchObject({ uses: 1, uses_left: 0, state: "used_up" });
  });

  it("rejects an API token, an agent token and garbage in place of an enrollment token", async () => {
    expect((await enroll(tokens.operator)).status).toBe(401);
    const agent = (await enroll(await enrollmentToken())).json.agent_token as string;
    expect((await enroll(agent)).status).toBe(401);
    expect((await enroll("sne_garbage")).status).toBe(401);
    expect((await api("POST", "/agent/enroll", null, { name: "x" })).status).toBe(401);
  });

  it("a revoked enrollment token enrolls nobody", async () => {
    const token = await enrollmentToken();
    const listed = await api("GET", `/system/templates/${templateId}/enrollment_tokens`, tokens.viewer);
    const id = listed.json.tokens.find((t: { prefix: string }) => token.startsWith(t.prefix)).id as string;
    expect((await api("DELETE", `/system/enrollment_tokens/${id}`, tokens.operator)).status).toBe(204);
    expect((await enroll(token)).status).toBe(401);
  });
});

describe("desired state and heartbeat", () => {
  it("serves desired state with a strong ETag, 304 on If-None-Match, and heartbeats answer the revision", async () => {
    const agent = (await enroll(await enrollmentToken())).json.agent_token as string;
    const first = await api("GET", "/agent/desired_state", agent);
    expect(first.status).toBe(200);
    const etag = first.headers.get("etag")!;
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(first.json).toMatchObject({ template: { id: templateId }, modules: [{ name: moduleName, version: "1.0.0", oci_digest: digestOf(`${moduleName}@1.0.0`) }], undeliverable: [] });

    const again = await api("GET", "/agent/desired_state", agent, undefined, { "if-none-match": etag });
    expect(again.status).toBe(304);
    expect(again.json).toBeNull();
    expect(again.headers.get("etag")).toBe(etag);

    const beat = await api("POST", "/agent/heartbeat", agent, { status: "running", agent_version: "sim/1.0", modules: { [moduleName]: digestOf(`${moduleName}@1.0.0`) } });
    expect(beat.status).toBe(200);
    expect(beat.json).toEqual({ desired_revision: first.json.revision });
  });

  it("validates heartbeats: bad digests, too many modules and oversized bodies are refused", async () => {
    const agent = (await enroll(await enrollmentToken())).json.agent_token as string;
    expect((await api("POST", "/agent/heartbeat", agent, { status: "running", modules: { [moduleName]: "md5:abc" } })).status).toBe(400);
    const many = Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`m${i}`, digestOf(String(i))]));
    expect((await api("POST", "/agent/heartbeat", agent, { status: "running", modules: many })).status).toBe(400);
    const huge = { status: "running", modules: {}, agent_version: "x".repeat(200_000) };
    expect((await api("POST", "/agent/heartbeat", agent, huge)).status).toBe(413);
  });

  it("an agent token works only on the agent API, and stops working when rotated, revoked or decommissioned", async () => {
    const enrolled = (await enroll(await enrollmentToken())).json as { instance_id: string; agent_token: string };
    expect((await api("GET", "/system/whoami", enrolled.agent_token)).status).toBe(401);
    expect((await api("GET", "/agent/desired_state", tokens.operator)).status).toBe(401);

    const rotated = await api("POST", `/system/node_instances/${enrolled.instance_id}/rotate_token`, tokens.operator);
    expect(rotated.status).toBe(200);
    expect((await api("GET", "/agent/desired_state", enrolled.agent_token)).status).toBe(401);
    const fresh = rotated.json.agent_token as string;
    expect((await api("GET", "/agent/desired_state", fresh)).status).toBe(200);

    expect((await api("POST", `/system/node_instances/${enrolled.instance_id}/decommission`, tokens.operator, { reason: "rack moved" })).status).toBe(200);
    expect((await api("GET", "/agent/desired_state", fresh)).status).toBe(401);
  });
});

describe("operator routes", () => {
  it("lists, filters and shows nodes; another account's node is 404", async () => {
    const registered = await api("POST", "/system/node_instances", tokens.operator, { name: uniqueName("reg"), template_id: templateId, arch: "amd64" });
    expect(registered.status).toBe(201);
    expect(registered.json.agent_token).toMatch(/^sna_/);
    const list = await api("GET", `/system/node_instances?template=${templateId}&stale=true&page_size=200`, tokens.viewer);
    expect(list.status).toBe(200);
    expect(list.json.instances.map((i: { id: string }) => i.id)).toContain(registered.json.id);
    expect(list.json.summary).toMatchObject({ total: expect.any(Number), never_reported: expect.any(Number) });
    const never = await api("GET", `/system/node_instances?template=${templateId}&never_reported=true&page_size=200`, tokens.viewer);
    expect(never.status).toBe(200);
    expect(never.json.instances.map((i: { id: string }) => i.id)).toContain(registered.json.id);
    expect(never.json.instances.every((i: { never_reported: boolean }) => i.never_reported)).toBe(true);
    const reported = await api("GET", `/system/node_instances?template=${templateId}&never_reported=false&page_size=200`, tokens.viewer);
    expect(reported.json.instances.map((i: { id: string }) => i.id)).not.toContain(registered.json.id);
    const one = await api("GET", `/system/node_instances/${registered.json.id}`, tokens.viewer);
    expect(one.json).toMatchObject({ name: registered.json.name, never_reported: true, modules: [{ name: moduleName, state: "missing" }] });
    const report = await api("GET", "/system/drift_report", tokens.viewer);
    expect(report.json.instances.map((i: { id: string }) => i.id)).toContain(registered.json.id);

    const theirs = await createTemplate(svcFor(tdb.db, other.users.operator.actor), { name: uniqueName("theirs"), description: "" });
    expect((await api("POST", "/system/node_instances", tokens.operator, { name: uniqueName("x"), template_id: theirs!.id })).status).toBe(404);
    expect((await api("GET", `/system/templates/${theirs!.id}/enrollment_tokens`, tokens.viewer)).status).toBe(404);
  });

  it("documents every fleet route in the OpenAPI document", async () => {
    const doc = (await api("GET", "/openapi.json", null)).json;
    for (const path of ["/agent/enroll", "/agent/desired_state", "/agent/heartbeat", "/system/node_instances", "/system/node_instances/{id}", "/system/drift_report"]) {
      expect(doc.paths[path], path).toBeDefined();
    }
    expect(doc.paths["/agent/desired_state"].get.security).toEqual([{ agentToken: [] }]);
  });
});
