/**
 * REST /api/v1/system/templates and /node_module_assignments over real HTTP: snake_case in and out, clear 400s,
 * 404 for other accounts, 409/422 from the services, the compose preview with a candidate and paths.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createToken } from "../../server/services/tokens";
import { createTestDatabase, type TestDatabase } from "./db";
import { createTestAccount, svcFor, type TestAccount } from "./fixtures";
import { startRestServer } from "./http";
import { addModule, addWebStack } from "./template-fixtures";

let tdb: TestDatabase;
let acct: TestAccount;
let server: Awaited<ReturnType<typeof startRestServer>>;
let operatorToken: string;
let viewerToken: string;
let otherToken: string;

beforeAll(async () => {
  tdb = await createTestDatabase();
  acct = await createTestAccount(tdb.db, "rest");
  const other = await createTestAccount(tdb.db, "rest-o");
  await addWebStack(tdb.db, acct);
  await addModule(tdb.db, other, { name: "nginx", category: "userland", fileSpec: ["/x/**"] });
  const admin = svcFor(tdb.db, acct.users.admin.actor);
  operatorToken = (await createToken(admin, { name: "ci", role: "operator", scopes: [], expiresInDays: 1 })).secret;
  viewerToken = (await createToken(admin, { name: "ro", role: "viewer", scopes: [], expiresInDays: 1 })).secret;
  otherToken = (await createToken(svcFor(tdb.db, other.users.admin.actor), { name: "o", role: "admin", scopes: [], expiresInDays: 1 })).secret;
  server = await startRestServer(tdb.db);
}, 120_000);
afterAll(async () => {
  await server?.close();
  await tdb?.close();
});

async function api(method: string, path: string, token: string, body?: unknown) {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, any>) : null };
}

describe("REST templates", () => {
  let templateId: string;

  it("POST creates (201) and GET lists with snake_case counts and health", async () => {
    const created = await api("POST", "/system/templates", operatorToken, { name: "edge", description: "Edge nodes" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "edge", description: "Edge nodes", instance_count: 0, assignments: [], health: { status: "clean" } });
    templateId = created.body!.id;
    const duplicate = await api("POST", "/system/templates", operatorToken, { name: "edge" });
    expect(duplicate.status).toBe(409);
    const list = await api("GET", "/system/templates?sort=name", viewerToken);
    expect(list.status).toBe(200);
    expect(list.body!.templates).toEqual([expect.objectContaining({ id: templateId, module_count: 0, enabled_module_count: 0, instance_count: 0, override: null })]);
    const bad = await api("POST", "/system/templates", operatorToken, { name: "Bad Name!" });
    expect(bad.status).toBe(400);
    expect(bad.body!.error.details.issues[0]).toMatchObject({ path: "name" });
    expect((await api("POST", "/system/templates", viewerToken, { name: "nope" })).status).toBe(403);
  });

  it("POST /{id}/modules assigns with metadata and effective_priority; 422 for a clash without override_reason", async () => {
    const base = await api("POST", `/system/templates/${templateId}/modules`, operatorToken, { module_name: "base" });
    expect(base.status).toBe(201);
    const nginx = await api("POST", `/system/templates/${templateId}/modules`, operatorToken, {
      module_name: "nginx",
      metadata: { site: "ams" },
      effective_priority: 90500,
    });
    expect(nginx.status).toBe(201);
    expect(nginx.body).toMatchObject({ module: "nginx", revision: 0, composition: { errors: 0, new_errors: [] } });
    const clash = await api("POST", `/system/templates/${templateId}/modules`, operatorToken, { module_name: "apache" });
    expect(clash.status).toBe(422);
    expect(clash.body!.error).toMatchObject({ code: "UNPROCESSABLE", details: { reason: "COMPOSITION_ERRORS", errors: [expect.objectContaining({ code: "capability.exclusive_clash", related_module: expect.any(String) })] } });
    const unknown = await api("POST", `/system/templates/${templateId}/modules`, operatorToken, { module_name: "nope" });
    expect(unknown.status).toBe(404);
    const detail = await api("GET", `/system/templates/${templateId}`, viewerToken);
    expect(detail.body!.assignments.map((a: { module: string }) => a.module)).toEqual(["base", "nginx"]);
    expect(detail.body!.assignments[1]).toMatchObject({ module: "nginx", effective_priority: 90500, effective_priority_override: 90500, metadata: { site: "ams" }, live_version: "1.1.0", pinned_version: null });
  });

  it("PATCH /node_module_assignments/{id}: fields, pins (blessed/live only), metadata limit, revision CAS", async () => {
    const detail = await api("GET", `/system/templates/${templateId}`, viewerToken);
    const nginx = detail.body!.assignments.find((a: { module: string }) => a.module === "nginx");
    const path = `/system/node_module_assignments/${nginx.id}`;
    const cleared = await api("PATCH", path, operatorToken, { effective_priority: null, pinned_version: "1.0.0", expected_revision: nginx.revision });
    expect(cleared.status).toBe(200);
    expect(cleared.body).toMatchObject({ revision: nginx.revision + 1 });
    const stale = await api("PATCH", path, operatorToken, { enabled: false, expected_revision: nginx.revision });
    expect(stale.status).toBe(409);
    expect(stale.body!.error.details).toMatchObject({ reason: "STALE_REVISION", currentRevision: nginx.revision + 1 });
    const built = await api("PATCH", path, operatorToken, { pinned_version: "1.2.0" });
    expect(built.status).toBe(422);
    expect(built.body!.error.message).toMatch(/blessed or live/);
    const tooLarge = await api("PATCH", path, operatorToken, { metadata: { blob: "x".repeat(20_000) } });
    expect(tooLarge.status).toBe(400);
    expect(tooLarge.body!.error.details.issues[0]).toMatchObject({ path: "metadata", message: expect.stringMatching(/limited to 16 KiB of JSON; this is 19\.\d KiB/) });
    const notObject = await api("PATCH", path, operatorToken, { metadata: [1, 2] });
    expect(notObject.status).toBe(400);
    const empty = await api("PATCH", path, operatorToken, {});
    expect(empty.status).toBe(400);
    expect(empty.body!.error.details.issues[0].message).toMatch(/Nothing to change/);
    const malformed = await api("PATCH", path, operatorToken, "{not json");
    expect(malformed.status).toBe(400);
    const after = await api("GET", `/system/templates/${templateId}`, viewerToken);
    expect(after.body!.assignments.find((a: { module: string }) => a.module === "nginx")).toMatchObject({ pinned_version: "1.0.0", effective_priority_override: null, enabled: true, metadata: { site: "ams" } });
  });

  it("GET /{id}/compose_preview: snake_case result, candidate what-if, include_paths", async () => {
    const plain = await api("GET", `/system/templates/${templateId}/compose_preview`, viewerToken);
    expect(plain.status).toBe(200);
    expect(plain.body).toMatchObject({
      template: { id: templateId, name: "edge", health: "clean" },
      summary: { error_count: 0, can_save: true },
      candidate: null,
    });
    expect(plain.body!.overlay.paths).toBeUndefined();
    expect(plain.body!.layers.map((l: { module: string }) => l.module)).toEqual(["base", "nginx"]);
    expect(plain.body!.layers[1]).toMatchObject({ version: "1.0.0", version_source: "pinned", derivation: { kind: "derived", category: "userland", category_position: 90 } });

    const what = await api("GET", `/system/templates/${templateId}/compose_preview?candidate_module=apache&candidate_version=1.0.0&candidate_assign=true&include_paths=all`, viewerToken);
    expect(what.status).toBe(200);
    expect(what.body!.candidate).toEqual({ module: "apache", version: "1.0.0", placement: "added" });
    expect(what.body!.summary).toMatchObject({ can_save: false });
    expect(what.body!.errors[0]).toMatchObject({ code: "capability.exclusive_clash", severity: "error" });
    expect(what.body!.overlay.paths.find((p: { path: string }) => p.path === "/usr/sbin/apache2")).toEqual({ path: "/usr/sbin/apache2", winner: "apache", shadowed: [], dropped: [], protectors: null });

    const contested = await api("GET", `/system/templates/${templateId}/compose_preview?include_paths=contested`, viewerToken);
    expect(contested.body!.overlay.paths).toEqual([]);
    expect((await api("GET", `/system/templates/${templateId}/compose_preview?candidate_module=apache`, viewerToken)).status).toBe(400);
    expect((await api("GET", `/system/templates/${templateId}/compose_preview?candidate_module=apache&candidate_version=9.0.0`, viewerToken)).status).toBe(404);
  });

  it("another account's template and assignment ids answer 404 and change nothing", async () => {
    const detail = await api("GET", `/system/templates/${templateId}`, viewerToken);
    const assignment = detail.body!.assignments[0];
    expect((await api("GET", `/system/templates/${templateId}`, otherToken)).status).toBe(404);
    expect((await api("PATCH", `/system/templates/${templateId}`, otherToken, { name: "stolen" })).status).toBe(404);
    expect((await api("POST", `/system/templates/${templateId}/modules`, otherToken, { module_name: "nginx" })).status).toBe(404);
    expect((await api("PATCH", `/system/node_module_assignments/${assignment.id}`, otherToken, { enabled: false })).status).toBe(404);
    expect((await api("DELETE", `/system/node_module_assignments/${assignment.id}`, otherToken)).status).toBe(404);
    expect((await api("GET", `/system/templates/${templateId}/compose_preview`, otherToken)).status).toBe(404);
    expect((await api("DELETE", `/system/templates/${templateId}`, otherToken)).status).toBe(404);
    expect((await api("GET", `/system/templates/not-a-uuid`, viewerToken)).status).toBe(400);
    const unchanged = await api("GET", `/system/templates/${templateId}`, viewerToken);
    expect(unchanged.body!.assignments).toEqual(detail.body!.assignments);
  });

  it("override_reason accepts errors (audited); DELETE removes an assignment; PATCH renames; DELETE the template", async () => {
    const accepted = await api("POST", `/system/templates/${templateId}/modules`, operatorToken, { module_name: "apache", override_reason: "Cutover on Friday" });
    expect(accepted.status).toBe(201);
    expect(accepted.body!.composition).toMatchObject({ errors: 1, errors_accepted: true });
    const list = await api("GET", "/system/templates", viewerToken);
    expect(list.body!.templates[0]).toMatchObject({ health: { status: "errors", accepted: true }, override: { reason: "Cutover on Friday", by: "token:ci", accepted_errors: 1 } });
    const event = await tdb.db.auditEvent.findFirstOrThrow({ where: { accountId: acct.accountId, action: "template.module_assigned", reason: "Cutover on Friday" } });
    expect(event.actorLabel).toBe("token:ci");

    const removed = await api("DELETE", `/system/node_module_assignments/${accepted.body!.id}`, operatorToken);
    expect(removed.status).toBe(200);
    expect(removed.body).toMatchObject({ module: "apache", composition: { errors: 0 } });
    const renamed = await api("PATCH", `/system/templates/${templateId}`, operatorToken, { name: "edge-2" });
    expect(renamed.body).toMatchObject({ name: "edge-2", override: null });
    expect((await api("PATCH", `/system/templates/${templateId}`, operatorToken, {})).status).toBe(400);
    const deleted = await api("DELETE", `/system/templates/${templateId}?reason=done`, operatorToken);
    expect(deleted.status).toBe(204);
    expect((await api("GET", `/system/templates/${templateId}`, viewerToken)).status).toBe(404);
  });
});
