/**
 * Observability over real HTTP (docs/observability.md): /metrics behind its bearer token, counters that move with
 * REST, tRPC, MCP and agent calls, route labels without ids, and the request id from the X-Request-Id header to
 * the response and into the audit events of the change.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { createInstance } from "../../server/services/instances";
import { createToken } from "../../server/services/tokens";
import { createTestDatabase, type TestDatabase } from "./db";
import { createTestAccount, svcFor, type TestAccount } from "./fixtures";
import { startObservedServer } from "./http";
import { moduleWithVersions } from "./promotion-fixtures";

const METRICS_TOKEN = "metrics-token-for-tests-0123456789";

let tdb: TestDatabase;
let acct: TestAccount;
let server: Awaited<ReturnType<typeof startObservedServer>>;
let adminToken: string;
let agentToken: string;
let moduleName: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  acct = await createTestAccount(tdb.db, "obs");
  server = await startObservedServer(tdb.db, { metricsToken: METRICS_TOKEN });
  adminToken = (await createToken(svcFor(tdb.db, acct.users.admin.actor), { name: "obs-admin", role: "admin", scopes: [], expiresInDays: 1 })).secret;
  agentToken = (await createInstance(svcFor(tdb.db, acct.users.operator.actor), { name: "obs-node", templateId: null, arch: "amd64" })).agentToken;
  moduleName = (await moduleWithVersions(tdb.db, acct, [{ version: "1.0.0", state: "live" }])).name;
});
afterAll(async () => {
  await server?.close();
  await tdb?.close();
});

async function scrape(): Promise<string> {
  const response = await fetch(`${server.origin}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
  return await response.text();
}

/** The value of one series (labels given in exposition order), 0 when it does not exist yet. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const labelPart = line.slice(name.length).match(/^\{(.*)\}/)?.[1] ?? "";
    if (wanted.every((pair) => labelPart.split(",").includes(pair))) return Number(line.split(" ").at(-1));
  }
  return 0;
}

function patchModule(description: string, headers: Record<string, string> = {}) {
  return fetch(`${server.origin}/api/v1/system/modules/${moduleName}`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json", ...headers },
    body: JSON.stringify({ description }),
  });
}

describe("/metrics", () => {
  it("does not exist without STRATA_METRICS_TOKEN", async () => {
    const bare = await startObservedServer(tdb.db);
    try {
      expect((await fetch(`${bare.origin}/metrics`)).status).toBe(404);
      expect((await fetch(`${bare.origin}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).status).toBe(404);
    } finally {
      await bare.close();
    }
  });

  it("refuses a missing or wrong token, and API or agent tokens, with 401", async () => {
    for (const authorization of [undefined, "Bearer wrong-token", `Bearer ${METRICS_TOKEN}x`, `Basic ${METRICS_TOKEN}`, `Bearer ${adminToken}`, `Bearer ${agentToken}`]) {
      const response = await fetch(`${server.origin}/metrics`, { headers: authorization ? { authorization } : {} });
      expect(response.status, authorization ?? "no header").toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(await response.text()).not.toContain("strata_");
    }
  });

  it("counts REST, tRPC, MCP and agent calls, labelled by route pattern and never by id", async () => {
    const before = await scrape();
    expect((await patchModule("counted")).status).toBe(200);
    const me = await fetch(`${server.origin}/api/trpc/auth.me`, { headers: { authorization: `Bearer ${adminToken}` } });
    expect(me.status).toBe(200);
    const beat = await fetch(`${server.origin}/api/v1/agent/heartbeat`, {
      method: "POST",
      headers: { authorization: `Bearer ${agentToken}`, "content-type": "application/json" },
      body: JSON.stringify({ status: "running", agent_version: "obs/1.0", modules: {} }),
    });
    expect(beat.status).toBe(200);
    const mcp = new Client({ name: "obs-test", version: "1.0.0" });
    await mcp.connect(new StreamableHTTPClientTransport(new URL(`${server.origin}/api/mcp`), { requestInit: { headers: { authorization: `Bearer ${adminToken}` } } }));
    await mcp.callTool({ name: "system_list_modules", arguments: {} });
    await mcp.close();
    // Unknown procedures and paths land in fixed buckets, whatever a client invents.
    await fetch(`${server.origin}/api/trpc/no.such.procedure${Date.now()}`);
    await fetch(`${server.origin}/api/v1/system/nowhere/${Date.now()}`, { headers: { authorization: `Bearer ${adminToken}` } });

    const after = await scrape();
    const moved = (name: string, labels: Record<string, string>) => sample(after, name, labels) - sample(before, name, labels);
    const patchRoute = "/api/v1/system/modules/{name}";
    expect(moved("strata_http_requests_total", { method: "PATCH", route: patchRoute, status: "200" })).toBe(1);
    expect(moved("strata_http_request_duration_seconds_count", { method: "PATCH", route: patchRoute })).toBe(1);
    expect(moved("strata_api_calls_total", { surface: "rest", name: `PATCH ${patchRoute}`, outcome: "ok" })).toBe(1);
    expect(moved("strata_http_requests_total", { method: "GET", route: "/api/trpc/auth.me", status: "200" })).toBe(1);
    expect(moved("strata_api_calls_total", { surface: "trpc", name: "auth.me", outcome: "ok" })).toBe(1);
    expect(moved("strata_http_requests_total", { method: "POST", route: "/api/v1/agent/heartbeat", status: "200" })).toBe(1);
    expect(moved("strata_agent_heartbeats_total", {})).toBe(1);
    expect(moved("strata_api_calls_total", { surface: "mcp", name: "system_list_modules", outcome: "ok" })).toBe(1);
    expect(moved("strata_http_requests_total", { method: "GET", route: "/api/trpc/unmatched", status: "404" })).toBe(1);
    expect(moved("strata_http_requests_total", { method: "GET", route: "/api/v1/unmatched", status: "404" })).toBe(1);
    expect(sample(after, "strata_db_query_duration_seconds_count", { kind: "query" })).toBeGreaterThan(0);
    expect(after).toContain("process_cpu_user_seconds_total");
    expect(after).toContain("strata_db_pool_connections_total");
    // PostgreSQL runs through a pg Pool the gauges read; the embedded database has none.
    if (tdb.engine === "postgresql") expect(sample(after, "strata_db_pool_connections_total")).toBeGreaterThan(0);

    // No series names an object or carries a raw URL: ids, module names and query strings stay out of labels.
    const routes = [...after.matchAll(/route="([^"]*)"/g)].map((m) => m[1]!);
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) {
      expect(route).not.toContain(moduleName);
      expect(route).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-|\?|no\.such|nowhere/);
    }
  });
});

describe("request ids", () => {
  it("echoes a generated id and records it on the audit event of a REST mutation", async () => {
    const response = await patchModule("audited");
    expect(response.status).toBe(200);
    const requestId = response.headers.get("x-request-id");
    expect(requestId).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
    const event = await tdb.db.auditEvent.findFirst({ where: { accountId: acct.accountId, requestId }, select: { action: true, targetLabel: true } });
    expect(event).toEqual({ action: "module.updated", targetLabel: moduleName });
  });

  it("records it on the audit event of a tRPC mutation too", async () => {
    const requestId = `trpc-${Date.now()}`;
    const response = await fetch(`${server.origin}/api/trpc/modules.update`, {
      method: "POST",
      headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json", "x-request-id": requestId },
      body: JSON.stringify({ json: { name: moduleName, patch: { description: "via trpc" } } }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("x-request-id")).toBe(requestId);
    expect(await tdb.db.auditEvent.count({ where: { accountId: acct.accountId, requestId, action: "module.updated" } })).toBe(1);
  });

  it("records it on the audit event of an MCP tool call, and counts the promotion transition", async () => {
    const built = await moduleWithVersions(tdb.db, acct, [{ version: "2.0.0", state: "built" }]);
    const transition = { from: "built", to: "staging" };
    const before = sample(await scrape(), "strata_promotion_transitions_total", transition);
    const requestId = `mcp-${Date.now()}`;
    const response = await fetch(`${server.origin}/api/mcp`, {
      method: "POST",
      headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json", accept: "application/json, text/event-stream", "x-request-id": requestId },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "tools/call",
        params: { name: "system_promote_module_version", arguments: { id: built.ids["2.0.0"], to: "staging", confirm: true } },
      }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { result: { isError?: boolean } }).result.isError).toBeFalsy();
    const events = await tdb.db.auditEvent.findMany({ where: { accountId: acct.accountId, requestId }, select: { targetId: true } });
    expect(events).toEqual([{ targetId: built.ids["2.0.0"] }]);
    expect(sample(await scrape(), "strata_promotion_transitions_total", transition) - before).toBe(1);
  });

  it("honours a sane incoming X-Request-Id", async () => {
    const sane = `haproxy-${Date.now()}.a_b-C`;
    const response = await patchModule("sane id", { "x-request-id": sane });
    expect(response.headers.get("x-request-id")).toBe(sane);
    expect(await tdb.db.auditEvent.count({ where: { requestId: sane } })).toBe(1);
  });

  it("replaces an insane one: too long, or with characters outside [A-Za-z0-9._-]", async () => {
    for (const insane of ["x".repeat(65), "a b", "id;drop", "%C3%BC", "<script>"]) {
      const response = await patchModule(`insane id ${insane.length} ${insane.charCodeAt(0)}`, { "x-request-id": insane });
      const echoed = response.headers.get("x-request-id");
      expect(echoed, insane).not.toBe(insane);
      expect(echoed).toMatch(/^[A-Za-z0-9._-]{1,64}$/);
      expect(await tdb.db.auditEvent.count({ where: { requestId: echoed } })).toBe(1);
    }
  });
});
