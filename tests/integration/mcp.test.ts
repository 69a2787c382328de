/**
 * The MCP endpoint over real HTTP with the SDK's own client (docs/mcp.md): tools with input and output schemas,
 * every tool on the demo data, resources and the prompt, permissions as REST, other accounts' ids, CONFLICT as a
 * tool error, the confirmation flow both ways (confirm: true, and elicitation for clients that declare it, with its
 * relay's bounds), audit events that say "mcp", and hostile requests.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ElicitRequestSchema, type CallToolResult, type ElicitResult, type JSONRPCResultResponse } from "@modelcontextprotocol/sdk/types.js";
import { seedDemoIfEmpty } from "../../server/seed/demo";
import { PERMISSIONS, type Role } from "../../server/auth/permissions";
import type { Actor } from "../../server/auth/actor";
import { serviceContext } from "../../server/services/context";
import { createToken } from "../../server/services/tokens";
import { createTemplate } from "../../server/services/templates";
import { ElicitationRelay } from "../../server/mcp/relay";
import { mcpTools } from "../../server/mcp/tools";
import { createTestDatabase, type TestDatabase } from "./db";
import { createTestAccount, svcFor } from "./fixtures";
import { startMcpServer } from "./http";
import { moduleWithVersions, uniqueName } from "./promotion-fixtures";

let tdb: TestDatabase;
let server: Awaited<ReturnType<typeof startMcpServer>>;
const tokens = {} as Record<Role | "noPromote", string>;
let theirs: { moduleName: string; versionId: string; templateId: string };
const clients: Client[] = [];

async function connect(token: string): Promise<Client> {
  const client = new Client({ name: "strata-test", version: "1.0.0" });
  await client.connect(new StreamableHTTPClientTransport(new URL(server.url), { requestInit: { headers: { Authorization: `Bearer ${token}` } } }));
  clients.push(client);
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}) {
  return (await client.callTool({ name, arguments: args })) as CallToolResult;
}

/** A tool error's REST-shaped body (the second text block). */
function errorOf(result: CallToolResult): { code: string; message: string; details?: Record<string, unknown> } {
  expect(result.isError, JSON.stringify(result.content).slice(0, 500)).toBe(true);
  const block = result.content[1];
  if (block?.type !== "text") throw new Error("no error body");
  return (JSON.parse(block.text) as { error: { code: string; message: string; details?: Record<string, unknown> } }).error;
}

function ok(result: CallToolResult): Record<string, unknown> {
  expect(result.isError ?? false, JSON.stringify(result.content).slice(0, 500)).toBe(false);
  expect(result.content[0]?.type).toBe("text");
  return result.structuredContent as Record<string, unknown>;
}

function post(body: unknown, headers: Record<string, string> = {}) {
  return fetch(server.url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
}

const rpcCall = (name: string, args: unknown) => ({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name, arguments: args } });

beforeAll(async () => {
  tdb = await createTestDatabase();
  await seedDemoIfEmpty(tdb.db, { enabled: true, demoPassword: "mcp-demo-password", now: new Date() });
  const membership = await tdb.db.membership.findFirstOrThrow({ where: { role: "admin" }, select: { user: true, account: true } });
  const admin: Actor = {
    kind: "user",
    userId: membership.user.id,
    email: membership.user.email,
    name: membership.user.name,
    accountId: membership.account.id,
    accountSlug: membership.account.slug,
    role: "admin",
    sessionId: "test",
  };
  const svc = serviceContext(tdb.db, admin);
  for (const role of ["viewer", "operator", "approver", "admin"] as const) {
    tokens[role] = (await createToken(svc, { name: `mcp-${role}`, role, scopes: [], expiresInDays: 1 })).secret;
  }
  tokens.noPromote = (await createToken(svc, { name: "mcp-no-promote", role: "admin", scopes: PERMISSIONS.filter((p) => p !== "versions.promote"), expiresInDays: 1 })).secret;
  const other = await createTestAccount(tdb.db, "mcp-other");
  const module = await moduleWithVersions(tdb.db, other, [{ version: "1.0.0", state: "staging" }]);
  const template = await createTemplate(svcFor(tdb.db, other.users.operator.actor), { name: uniqueName("their") });
  theirs = { moduleName: module.name, versionId: module.ids["1.0.0"]!, templateId: template.id };
  server = await startMcpServer(tdb.db);
}, 180_000);

afterAll(async () => {
  for (const client of clients) await client.close().catch(() => undefined);
  await server?.close();
  await tdb?.close();
});

describe("the endpoint", () => {
  it("answers 401 with WWW-Authenticate without a valid bearer token, and the SDK client cannot connect", async () => {
    const none = await post({ jsonrpc: "2.0", id: 1, method: "tools/list" });
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toBe('Bearer realm="strata"');
    const wrong = await post({ jsonrpc: "2.0", id: 1, method: "tools/list" }, { authorization: "Bearer sk_nope" });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get("www-authenticate")).toContain('error="invalid_token"');
    // A session cookie is not a credential here.
    const cookie = await post({ jsonrpc: "2.0", id: 1, method: "tools/list" }, { cookie: "strata_session=whatever" });
    expect(cookie.status).toBe(401);
    await expect(connect("sk_nope")).rejects.toThrow();
  });

  it("is stateless: GET and DELETE are 405", async () => {
    for (const method of ["GET", "DELETE"]) {
      const response = await fetch(server.url, { method, headers: { authorization: `Bearer ${tokens.viewer}`, accept: "text/event-stream" } });
      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe("POST");
    }
  });

  it("refuses oversized bodies (413), non-JSON (415), NUL characters (400) and large batches before any tool runs", async () => {
    const auth = { authorization: `Bearer ${tokens.viewer}` };
    const huge = await post(rpcCall("system_validate_module_manifest", { manifest_yaml: "a".repeat(1_100_000) }), auth);
    expect(huge.status).toBe(413);
    const text = await fetch(server.url, { method: "POST", headers: { ...auth, "content-type": "text/plain" }, body: "{}" });
    expect(text.status).toBe(415);
    const nul = await post(rpcCall("system_get_module", { module_name: "a\u0000b" }), auth);
    expect(nul.status).toBe(400);
    const batch = await post(Array.from({ length: 11 }, (_, i) => ({ jsonrpc: "2.0", id: i, method: "tools/list" })), auth);
    expect(batch.status).toBe(400);
    const garbage = await post("{not json", auth);
    expect(garbage.status).toBe(400);
    // Arguments nested 200,000 deep (under the body cap): refused before any schema recurses, and the server answers on.
    const deep = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"system_update_module_assignment","arguments":{"id":"00000000-0000-4000-8000-000000000000","metadata":{"a":${"[".repeat(200_000)}${"]".repeat(200_000)}}}}}`;
    const nested = await post(deep, { authorization: `Bearer ${tokens.operator}` });
    expect(nested.status).toBe(400);
    expect((await post({ jsonrpc: "2.0", id: 2, method: "tools/list" }, auth)).status).toBe(200);
  });
});

describe("tools", () => {
  it("lists every tool with an input schema, an output schema and annotations", async () => {
    const client = await connect(tokens.viewer);
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(mcpTools.map((t) => t.name).sort());
    for (const tool of tools) {
      expect(tool.inputSchema.type, tool.name).toBe("object");
      expect(tool.outputSchema?.type, tool.name).toBe("object");
      expect(typeof tool.annotations?.readOnlyHint, tool.name).toBe("boolean");
      expect(typeof tool.annotations?.destructiveHint, tool.name).toBe("boolean");
      expect(typeof tool.annotations?.idempotentHint, tool.name).toBe("boolean");
      expect(tool.description, tool.name).toBeTruthy();
    }
    const promote = tools.find((t) => t.name === "system_promote_module_version")!;
    expect(Object.keys(promote.inputSchema.properties ?? {})).toEqual(expect.arrayContaining(["id", "to", "reason", "confirm"]));
    expect(promote.inputSchema.required).toEqual(expect.arrayContaining(["id", "to"]));
  });

  it("answers every read tool on the demo data, with structured content that matches its output schema", async () => {
    const client = await connect(tokens.viewer);
    const templates = ok(await call(client, "system_list_templates")).templates as Array<{ id: string; name: string }>;
    expect(templates.length).toBeGreaterThan(0);
    const modules = ok(await call(client, "system_list_modules", { q: "chrony" })).modules as Array<{ name: string }>;
    expect(modules.map((m) => m.name)).toContain("chrony");
    expect((ok(await call(client, "system_list_modules", { variety: "config", page_size: 5 })).modules as unknown[]).length).toBeLessThanOrEqual(5);
    expect(ok(await call(client, "system_get_module", { module_name: "chrony" })).name).toBe("chrony");
    const versions = ok(await call(client, "system_list_module_versions", { module_name: "chrony" })).versions as Array<{ id: string; version: string }>;
    expect(versions.length).toBeGreaterThan(0);
    const validation = ok(await call(client, "system_validate_module_manifest", { manifest_yaml: "schema_version: 1\nname: x\n" }));
    expect(validation).toMatchObject({ valid: expect.any(Boolean), errors: expect.any(Array), warnings: expect.any(Array), conflicts: expect.any(Array) });
    ok(await call(client, "system_list_promotion_requests", { status: "all" }));
    for (const template of templates.slice(0, 3)) {
      const preview = ok(await call(client, "system_compose_preview", { template_id: template.id }));
      expect((preview.template as { id: string }).id).toBe(template.id);
      expect(preview.overlay).toMatchObject({ contested_paths: expect.any(Array), contested_paths_truncated: expect.any(Boolean) });
      const page = ok(await call(client, "system_overlay_paths", { template_id: template.id }));
      expect(page.total).toBe((preview.overlay as { path_count: number }).path_count);
      expect((page.paths as unknown[]).length).toBeLessThanOrEqual(200);
      if (page.next_cursor !== null) {
        const next = ok(await call(client, "system_overlay_paths", { template_id: template.id, cursor: page.next_cursor }));
        expect((next.paths as Array<{ path: string }>)[0]!.path > (page.paths as Array<{ path: string }>).at(-1)!.path).toBe(true);
      }
      ok(await call(client, "system_overlay_paths", { template_id: template.id, q: "/etc/*", filter: "contested" }));
    }
    const withCandidate = ok(await call(client, "system_compose_preview", { template_id: templates[0]!.id, candidate_version_id: versions[0]!.id }));
    expect(withCandidate.candidate).toMatchObject({ module: "chrony", version: versions[0]!.version });
    const drift = ok(await call(client, "system_drift_report", {}));
    expect(drift.summary).toBeDefined();
    const high = ok(await call(client, "system_drift_report", { severity: "high" }));
    const drifted = (high.summary as { drifted: { high: number; critical: number } }).drifted;
    expect((high.instances as Array<{ drift_severity: string }>).map((n) => n.drift_severity).sort()).toEqual([
      ...Array<string>(drifted.critical).fill("critical"),
      ...Array<string>(drifted.high).fill("high"),
    ]);
    const critical = ok(await call(client, "system_drift_report", { template_id: templates[0]!.id, severity: "critical" }));
    for (const node of critical.instances as Array<{ drift_severity: string; template: { id: string } | null }>) {
      expect(node.drift_severity).toBe("critical");
      expect(node.template?.id).toBe(templates[0]!.id);
    }
  });

  it("validates hostile YAML as a result, not a failure", async () => {
    const client = await connect(tokens.viewer);
    const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]", ...Array.from({ length: 12 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`)].join("\n");
    const result = ok(await call(client, "system_validate_module_manifest", { manifest_yaml: bomb }));
    expect(result.valid).toBe(false);
    const deep = ok(await call(client, "system_validate_module_manifest", { manifest_yaml: "[".repeat(5000) + "]".repeat(5000) }));
    expect(deep.valid).toBe(false);
    const tooBig = ok(await call(client, "system_validate_module_manifest", { manifest_yaml: "# x\n".repeat(70_000) }));
    expect(tooBig.valid).toBe(false);
  });

  it("refuses bad arguments as tool errors naming the argument", async () => {
    const client = await connect(tokens.viewer);
    const unknown = errorOf(await call(client, "system_get_module", { module_name: "chrony", nmae: "x" }));
    expect(unknown.code).toBe("BAD_REQUEST");
    expect(unknown.message).toContain("nmae");
    const badId = errorOf(await call(client, "system_compose_preview", { template_id: "not-a-uuid" }));
    expect(badId.code).toBe("BAD_REQUEST");
    expect(JSON.stringify(badId.details)).toContain("template_id");
    expect(errorOf(await call(client, "system_no_such_tool")).code).toBe("NOT_FOUND");
  });
});

describe("permissions and accounts, as REST", () => {
  it("a viewer cannot promote, nor a token scoped without versions.promote, nor an operator roll back", async () => {
    const versions = ok(await call(await connect(tokens.viewer), "system_list_module_versions", { module_name: "chrony" })).versions as Array<{ id: string }>;
    const args = { id: versions[0]!.id, to: "retired", reason: "test", confirm: true };
    expect(errorOf(await call(await connect(tokens.viewer), "system_promote_module_version", args)).code).toBe("FORBIDDEN");
    expect(errorOf(await call(await connect(tokens.noPromote), "system_promote_module_version", args)).code).toBe("FORBIDDEN");
    expect(errorOf(await call(await connect(tokens.operator), "system_rollback_module", { module_name: "chrony", reason: "x", confirm: true })).code).toBe("FORBIDDEN");
    // Nothing moved.
    const after = ok(await call(await connect(tokens.viewer), "system_list_module_versions", { module_name: "chrony" })).versions as Array<{ id: string; promotion_state: string }>;
    expect(after[0]!.promotion_state).not.toBe("retired");
  });

  it("another account's modules, versions and templates are not found", async () => {
    const client = await connect(tokens.admin);
    expect(errorOf(await call(client, "system_get_module", { module_name: theirs.moduleName })).code).toBe("NOT_FOUND");
    expect(errorOf(await call(client, "system_list_module_versions", { module_name: theirs.moduleName })).code).toBe("NOT_FOUND");
    expect(errorOf(await call(client, "system_compose_preview", { template_id: theirs.templateId })).code).toBe("NOT_FOUND");
    expect(errorOf(await call(client, "system_overlay_paths", { template_id: theirs.templateId })).code).toBe("NOT_FOUND");
    expect(errorOf(await call(client, "system_drift_report", { template_id: theirs.templateId })).code).toBe("NOT_FOUND");
    const templates = ok(await call(client, "system_list_templates")).templates as Array<{ id: string }>;
    expect(errorOf(await call(client, "system_compose_preview", { template_id: templates[0]!.id, candidate_version_id: theirs.versionId })).code).toBe("NOT_FOUND");
    // Unconfirmed and confirmed alike: the blast radius does not reveal their objects either.
    expect(errorOf(await call(client, "system_promote_module_version", { id: theirs.versionId, to: "blessed" })).code).toBe("NOT_FOUND");
    expect(errorOf(await call(client, "system_promote_module_version", { id: theirs.versionId, to: "blessed", confirm: true })).code).toBe("NOT_FOUND");
    expect(errorOf(await call(client, "system_assign_module_to_template", { template_id: theirs.templateId, module_name: "chrony", confirm: true })).code).toBe("NOT_FOUND");
    const state = await tdb.db.moduleVersion.findUniqueOrThrow({ where: { id: theirs.versionId }, select: { promotionState: true } });
    expect(state.promotionState).toBe("staging");
  });
});

describe("changes to the fleet", () => {
  it("asks for confirmation with the blast radius, changes nothing, then applies with confirm: true and audits via mcp", async () => {
    const client = await connect(tokens.operator);
    const templates = ok(await call(client, "system_list_templates")).templates as Array<{ id: string; name: string; instance_count: number }>;
    const template = templates[0]!;
    const modules = ok(await call(client, "system_list_modules", { page_size: 100 })).modules as Array<{ name: string }>;
    const assigned = new Set(
      (ok(await call(client, "system_compose_preview", { template_id: template.id })).layers as Array<{ module: string }>).map((l) => l.module),
    );
    const candidate = modules.find((m) => !assigned.has(m.name))!;
    const args = { template_id: template.id, module_name: candidate.name, override_reason: "mcp integration test" };

    const first = errorOf(await call(client, "system_assign_module_to_template", args));
    expect(first.code).toBe("CONFIRMATION_REQUIRED");
    expect(first.message).toContain("confirm: true");
    const radius = first.details!.blast_radius as { templates: Array<{ template_id: string; instance_count: number; affected: boolean }>; affected_instances: number };
    expect(radius.templates).toEqual([expect.objectContaining({ template_id: template.id, affected: true, instance_count: expect.any(Number) })]);
    expect(await tdb.db.templateModule.count({ where: { templateId: template.id, module: { name: candidate.name } } })).toBe(0);

    const done = ok(await call(client, "system_assign_module_to_template", { ...args, confirm: true }));
    expect(done.module).toBe(candidate.name);
    const event = await tdb.db.auditEvent.findFirstOrThrow({ where: { actorLabel: "token:mcp-operator" }, orderBy: { createdAt: "desc" } });
    expect((event.after as { via?: string }).via).toBe("mcp");
    expect(event.actorLabel).toBe("token:mcp-operator");

    // The same assignment again: CONFLICT comes back as a tool error with the service's message.
    const again = errorOf(await call(client, "system_assign_module_to_template", { ...args, confirm: true }));
    expect(again.code).toBe("CONFLICT");

    // Update it with a stale revision: CONFLICT; with the current one: applied.
    const stale = errorOf(await call(client, "system_update_module_assignment", { id: done.id, enabled: false, expected_revision: (done.revision as number) + 5, confirm: true }));
    expect(stale.code).toBe("CONFLICT");
    const updated = ok(await call(client, "system_update_module_assignment", { id: done.id, enabled: false, expected_revision: done.revision, confirm: true }));
    expect(updated.revision).toBe((done.revision as number) + 1);
  });

  it("promotes through the pipeline; going live under the approval policy answers with a promotion request and never approves", async () => {
    const client = await connect(tokens.approver);
    const versions = ok(await call(client, "system_list_module_versions", { module_name: "chrony" })).versions as Array<{ id: string; version: string; promotion_state: string }>;
    const staging = versions.find((v) => v.promotion_state === "staging")!;
    const unconfirmed = errorOf(await call(client, "system_promote_module_version", { id: staging.id, to: "blessed" }));
    expect(unconfirmed.code).toBe("CONFIRMATION_REQUIRED");
    expect((unconfirmed.details!.blast_radius as { summary: string }).summary).toContain(`chrony@${staging.version}`);
    const blessed = ok(await call(client, "system_promote_module_version", { id: staging.id, to: "blessed", confirm: true }));
    expect(blessed).toMatchObject({ applied: true, promotion_state: "blessed" });
    const live = ok(await call(client, "system_promote_module_version", { id: staging.id, to: "live", reason: "mcp test", confirm: true }));
    if (live.applied) {
      expect(live.promotion_state).toBe("live");
    } else {
      expect(live.promotion_request_id).toEqual(expect.any(String));
      const request = await tdb.db.promotionRequest.findUniqueOrThrow({ where: { id: live.promotion_request_id as string }, select: { status: true } });
      expect(request.status).toBe("pending");
    }
    // Moving it again from a state it left: the service's refusal, as a tool error.
    const refused = errorOf(await call(client, "system_promote_module_version", { id: staging.id, to: "staging", expected_state: "built", confirm: true }));
    expect(["CONFLICT", "UNPROCESSABLE"]).toContain(refused.code);
  });

  it("rolls back with confirmation", async () => {
    const client = await connect(tokens.approver);
    const unconfirmed = errorOf(await call(client, "system_rollback_module", { module_name: "chrony", reason: "mcp test" }));
    expect(unconfirmed.code).toBe("CONFIRMATION_REQUIRED");
    const result = await call(client, "system_rollback_module", { module_name: "chrony", reason: "mcp test", confirm: true });
    // chrony may have nothing to roll back to in the demo story: then the service's refusal is the answer.
    if (result.isError) expect(["UNPROCESSABLE", "CONFLICT"]).toContain(errorOf(result).code);
    else expect(ok(result).module).toBe("chrony");
  });
});

describe("confirmation by elicitation", () => {
  let relay: ElicitationRelay;
  let asking: Awaited<ReturnType<typeof startMcpServer>>;
  const extraServers: Array<Awaited<ReturnType<typeof startMcpServer>>> = [];

  beforeAll(async () => {
    relay = new ElicitationRelay({ timeoutMs: 60_000, maxPending: 4 });
    asking = await startMcpServer(tdb.db, undefined, relay);
  });
  afterAll(async () => {
    for (const extra of extraServers) await extra.close();
    await asking?.close();
  });

  async function serverWith(bounds: { timeoutMs: number; maxPending: number }) {
    const own = new ElicitationRelay(bounds);
    const started = await startMcpServer(tdb.db, undefined, own);
    extraServers.push(started);
    return { relay: own, url: started.url };
  }

  /** A client that declares form-mode elicitation and answers every question with `answer`. */
  async function connectAsking(answer: () => ElicitResult | Promise<ElicitResult>, url = asking.url) {
    const client = new Client({ name: "strata-test", version: "1.0.0" }, { capabilities: { elicitation: { form: {} } } });
    const asked: Array<{ message: string; requestedSchema?: unknown }> = [];
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      asked.push(request.params as { message: string; requestedSchema?: unknown });
      return answer();
    });
    const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: { Authorization: `Bearer ${tokens.operator}` } } });
    await client.connect(transport);
    clients.push(client);
    return { client, asked, transport };
  }

  /** The second demo template and a module not assigned to it. */
  async function assignment(client: Client) {
    const templates = ok(await call(client, "system_list_templates")).templates as Array<{ id: string; name: string }>;
    const template = templates[1]!;
    const rows = await tdb.db.templateModule.findMany({ where: { templateId: template.id }, select: { module: { select: { name: true } } } });
    const assigned = new Set(rows.map((row) => row.module.name));
    const modules = ok(await call(client, "system_list_modules", { page_size: 100 })).modules as Array<{ name: string }>;
    const candidate = modules.find((m) => !assigned.has(m.name))!.name;
    const count = () => tdb.db.templateModule.count({ where: { templateId: template.id, module: { name: candidate } } });
    return { template, candidate, count, args: { template_id: template.id, module_name: candidate, override_reason: "mcp elicitation test" } };
  }

  it("records in the session id whether the client declared elicitation", async () => {
    const plain = new StreamableHTTPClientTransport(new URL(asking.url), { requestInit: { headers: { Authorization: `Bearer ${tokens.operator}` } } });
    const client = new Client({ name: "strata-test", version: "1.0.0" });
    await client.connect(plain);
    clients.push(client);
    expect(plain.sessionId).toMatch(/^[A-Za-z0-9_-]+\.plain$/);
    const { transport } = await connectAsking(() => ({ action: "cancel" }));
    expect(transport.sessionId).toMatch(/^[A-Za-z0-9_-]+\.ask$/);
    // A client without elicitation keeps the confirm: true flow.
    const { args, count } = await assignment(client);
    expect(errorOf(await call(client, "system_assign_module_to_template", args)).code).toBe("CONFIRMATION_REQUIRED");
    expect(await count()).toBe(0);
  });

  it("asks the user with the blast radius and applies the change when they accept, audited via mcp", async () => {
    const { client, asked } = await connectAsking(() => ({ action: "accept", content: { confirm: true } }));
    const { template, candidate, count, args } = await assignment(client);
    const done = ok(await call(client, "system_assign_module_to_template", args));
    expect(done.module).toBe(candidate);
    expect(asked).toHaveLength(1);
    expect(asked[0]!.message).toContain(`Assigning ${candidate} to ${template.name}`);
    expect(asked[0]!.message).toMatch(/\d+ nodes? in all|no node/);
    expect(asked[0]!.requestedSchema).toMatchObject({ type: "object", properties: { confirm: { type: "boolean" } }, required: ["confirm"] });
    expect(await count()).toBe(1);
    const event = await tdb.db.auditEvent.findFirstOrThrow({ where: { actorLabel: "token:mcp-operator" }, orderBy: { createdAt: "desc" } });
    expect((event.after as { via?: string }).via).toBe("mcp");
    expect(relay.size).toBe(0);
    // confirm: true still applies without asking.
    ok(await call(client, "system_update_module_assignment", { id: done.id, metadata: { asked: "no" }, expected_revision: done.revision, confirm: true }));
    expect(asked).toHaveLength(1);
  });

  it.each([
    { answer: { action: "decline" } as ElicitResult, outcome: "declined" },
    { answer: { action: "cancel" } as ElicitResult, outcome: "cancelled" },
    { answer: { action: "accept", content: { confirm: false } } as ElicitResult, outcome: "declined" },
  ])("changes nothing when the user answers $answer.action ($outcome)", async ({ answer, outcome }) => {
    const { client, asked } = await connectAsking(() => answer);
    const { count, args } = await assignment(client);
    const refused = errorOf(await call(client, "system_assign_module_to_template", args));
    expect(refused.code).toBe("NOT_CONFIRMED");
    expect(refused.message).toContain("Nothing was changed");
    expect(refused.details).toMatchObject({ outcome, blast_radius: { affected_instances: expect.any(Number) } });
    expect(asked).toHaveLength(1);
    expect(await count()).toBe(0);
    expect(relay.size).toBe(0);
  });

  it("ignores answers nobody waits for, and stops waiting when no answer comes or the client goes away", async () => {
    const { transport } = await connectAsking(() => ({ action: "cancel" }));
    const stray = await fetch(asking.url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream", authorization: `Bearer ${tokens.operator}`, "mcp-session-id": transport.sessionId! },
      body: JSON.stringify({ jsonrpc: "2.0", id: "strata-confirm-nobody", result: { action: "accept", content: { confirm: true } } }),
    });
    expect(stray.status).toBe(202);
    expect(relay.size).toBe(0);

    // No answer within the relay's timeout: nothing changes, and the late answer finds nobody.
    const quick = await serverWith({ timeoutMs: 300, maxPending: 4 });
    let release = () => {};
    const late = new Promise<ElicitResult>((resolve) => (release = () => resolve({ action: "accept", content: { confirm: true } })));
    const slow = await connectAsking(() => late, quick.url);
    const { count, args } = await assignment(slow.client);
    const timedOut = errorOf(await call(slow.client, "system_assign_module_to_template", args));
    expect(timedOut).toMatchObject({ code: "NOT_CONFIRMED", details: { outcome: "timeout" } });
    expect(quick.relay.size).toBe(0);
    release();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await count()).toBe(0);

    // The client leaves while the question is open: the wait ends and nothing is left behind.
    const silent = await connectAsking(() => new Promise<ElicitResult>(() => {}));
    const pending = call(silent.client, "system_assign_module_to_template", args).catch((error: unknown) => error);
    await expect.poll(() => relay.size, { timeout: 5_000 }).toBe(1);
    await silent.client.close();
    await pending;
    await expect.poll(() => relay.size, { timeout: 5_000 }).toBe(0);
    expect(await count()).toBe(0);

    // A full relay does not ask: the call falls back to confirm: true.
    const full = await serverWith({ timeoutMs: 60_000, maxPending: 0 });
    const unasked = await connectAsking(() => ({ action: "accept", content: { confirm: true } }), full.url);
    expect(errorOf(await call(unasked.client, "system_assign_module_to_template", args)).code).toBe("CONFIRMATION_REQUIRED");
    expect(unasked.asked).toHaveLength(0);
    expect(await count()).toBe(0);
  });

  it("a call the client cancels asks no more: the user's late acceptance changes nothing", async () => {
    let release = () => {};
    const late = new Promise<ElicitResult>((resolve) => (release = () => resolve({ action: "accept", content: { confirm: true } })));
    const { client, asked } = await connectAsking(() => late);
    const { count, args } = await assignment(client);
    // The SDK client gives up after its request timeout and sends notifications/cancelled.
    await expect(client.callTool({ name: "system_assign_module_to_template", arguments: args }, undefined, { timeout: 500 })).rejects.toThrow(/timed out/i);
    await expect.poll(() => relay.size, { timeout: 5_000 }).toBe(0);
    expect(asked).toHaveLength(1);
    release();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await count()).toBe(0);
  });

  it("the relay hands an answer only to its own session and actor, once, and forgets expired, aborted and cancelled waits", async () => {
    const own = new ElicitationRelay({ timeoutMs: 50, maxPending: 2 });
    const answer = (id: string): JSONRPCResultResponse => ({ jsonrpc: "2.0", id, result: { action: "accept", content: { confirm: true } } });
    const first = own.wait("s1", "q1", "me")!;
    expect(own.wait("s1", "q1", "me")).toBeUndefined();
    const second = own.wait("s1", "q2", "me")!;
    expect(own.wait("s1", "q3", "me")).toBeUndefined();
    expect(own.answer("s2", "me", answer("q1"))).toBe(false);
    expect(own.answer("s1", "someone else", answer("q1"))).toBe(false);
    expect(own.answer("s1", "me", answer("q1"))).toBe(true);
    expect(await first).toMatchObject({ kind: "answered", response: { id: "q1" } });
    expect(own.answer("s1", "me", answer("q1"))).toBe(false);
    expect(await second).toEqual({ kind: "timeout" });
    expect(own.answer("s1", "me", answer("q2"))).toBe(false);
    const abort = new AbortController();
    const third = own.wait("s1", "q3", "me", abort.signal)!;
    abort.abort();
    expect(await third).toEqual({ kind: "aborted" });
    const cancelled = own.wait("s1", "q4", "me", undefined, 7)!;
    expect(own.cancel("s1", "someone else", 7)).toBe(0);
    expect(own.cancel("s1", "me", 7)).toBe(1);
    expect(await cancelled).toEqual({ kind: "aborted" });
    expect(own.size).toBe(0);
  });
});

describe("resources and the prompt", () => {
  it("lists and reads module manifests and template compositions", async () => {
    const client = await connect(tokens.viewer);
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate).sort()).toEqual(["strata://modules/{name}/manifest", "strata://templates/{id}/composition"]);
    const { resources } = await client.listResources();
    expect(resources.some((r) => r.uri === "strata://modules/chrony/manifest")).toBe(true);
    const manifest = await client.readResource({ uri: "strata://modules/chrony/manifest" });
    expect(manifest.contents[0]).toMatchObject({ uri: "strata://modules/chrony/manifest", mimeType: "application/yaml" });
    expect((manifest.contents[0] as { text: string }).text).toContain("chrony");
    const composition = resources.find((r) => r.uri.endsWith("/composition"))!;
    const read = await client.readResource({ uri: composition.uri });
    expect(JSON.parse((read.contents[0] as { text: string }).text)).toHaveProperty("layers");
    await expect(client.readResource({ uri: `strata://modules/${theirs.moduleName}/manifest` })).rejects.toThrow(/not found/i);
    await expect(client.readResource({ uri: `strata://templates/${theirs.templateId}/composition` })).rejects.toThrow(/not found/i);
    await expect(client.readResource({ uri: "strata://nothing" })).rejects.toThrow();
  });

  it("offers compose_template", async () => {
    const client = await connect(tokens.viewer);
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name)).toEqual(["compose_template"]);
    const prompt = await client.getPrompt({ name: "compose_template", arguments: { goal: "nginx + TLS" } });
    const text = (prompt.messages[0]!.content as { text: string }).text;
    expect(text).toContain("nginx + TLS");
    for (const tool of ["system_list_modules", "system_compose_preview", "system_assign_module_to_template", "confirm: true"]) expect(text).toContain(tool);
    await expect(client.getPrompt({ name: "compose_template", arguments: {} })).rejects.toThrow();
  });
});

describe("concurrent writes", () => {
  it("two confirmed updates with the same expected revision: one applies, the other is CONFLICT", async () => {
    const client = await connect(tokens.operator);
    const templates = ok(await call(client, "system_list_templates")).templates as Array<{ id: string }>;
    const assignment = await tdb.db.templateModule.findFirstOrThrow({ where: { templateId: templates[0]!.id }, select: { id: true, revision: true } });
    // Metadata changes no composition, so neither update needs an override reason.
    const args = (value: string) => ({ id: assignment.id, metadata: { race: value }, expected_revision: assignment.revision, confirm: true });
    const results = await Promise.all([call(client, "system_update_module_assignment", args("a")), call(await connect(tokens.admin), "system_update_module_assignment", args("b"))]);
    const codes = results.map((r) => (r.isError ? errorOf(r).code : "OK")).sort();
    expect(codes).toEqual(["CONFLICT", "OK"]);
  });
});
