/**
 * The authorization matrix: every tRPC procedure, every REST route and every MCP tool, asserted for
 *   unauthenticated → UNAUTHORIZED / 401,
 *   a role without the permission → FORBIDDEN / 403,
 *   another account's ids → NOT_FOUND / 404,
 *   an API token lacking the permission through its scopes, or through its creator's CURRENT role → FORBIDDEN / 403,
 *   an API token whose creator is no longer a member → UNAUTHORIZED / 401 (docs/security-auth.md);
 * and /metrics, which only the metrics token reads (docs/observability.md).
 * A procedure built without the approved factories has no `access` meta and fails here; so does a procedure
 * that takes ids but has no cross-account case below.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TRPCError } from "@trpc/server";
import { appRouter } from "../../server/api/root";
import type { ProcedureMeta } from "../../server/api/trpc";
import { restRoutes } from "../../server/api/rest/routes";
import type { Actor } from "../../server/auth/actor";
import { PERMISSIONS, ROLES, roleHas, type Permission, type Role } from "../../server/auth/permissions";
import { resolveApiToken, SESSION_COOKIE } from "../../server/auth/sessions";
import { createEnrollmentToken, createInstance } from "../../server/services/instances";
import { assignModule, createTemplate } from "../../server/services/templates";
import { createToken } from "../../server/services/tokens";
import { createFreezeWindow } from "../../server/services/promotion-policy";
import { requestLive } from "../../server/services/promotion";
import { createTestDatabase, type TestDatabase } from "./db";
import { addTestMember, callerFor, createTestAccount, svcFor, type TestAccount } from "./fixtures";
import { startMcpServer, startObservedServer, startRestServer } from "./http";
import { mcpTools } from "../../server/mcp/tools";
import { isPermission } from "../../server/auth/permissions";
import { moduleWithVersions } from "./promotion-fixtures";

let tdb: TestDatabase;
let mine: TestAccount;
let theirs: TestAccount;
/** Unscoped admin tokens minted by admins of `mine` who were then demoted to viewer, or left the account. */
let demotedCreatorToken: string;
let departedCreatorToken: string;
/** An agent token of an instance in `mine`: valid on the agent API, nowhere else. */
let mineAgentToken: string;
let theirIds: {
  rolloutId: string;
  tokenId: string;
  membershipId: string;
  moduleName: string;
  versionId: string;
  requestId: string;
  freezeWindowId: string;
  categoryId: string;
  templateId: string;
  assignmentId: string;
  instanceId: string;
  enrollmentTokenId: string;
};

beforeAll(async () => {
  tdb = await createTestDatabase();
  mine = await createTestAccount(tdb.db, "mine");
  theirs = await createTestAccount(tdb.db, "theirs");
  const demoted = await addTestMember(tdb.db, mine, "admin", "demoted");
  demotedCreatorToken = (await createToken(svcFor(tdb.db, demoted.actor), { name: "by-demoted", role: "admin", scopes: [], expiresInDays: 1 })).secret;
  await tdb.db.membership.update({ where: { id: demoted.membershipId }, data: { role: "viewer" } });
  const departed = await addTestMember(tdb.db, mine, "admin", "departed");
  departedCreatorToken = (await createToken(svcFor(tdb.db, departed.actor), { name: "by-departed", role: "admin", scopes: [], expiresInDays: 1 })).secret;
  // Deleted directly, as if the token had escaped revocation: resolution alone must make it worthless.
  await tdb.db.membership.delete({ where: { id: departed.membershipId } });
  const token = await createToken(svcFor(tdb.db, theirs.users.admin.actor), { name: "theirs", role: "viewer", scopes: [], expiresInDays: 1 });
  const membership = await tdb.db.membership.findFirstOrThrow({ where: { accountId: theirs.accountId, role: "viewer" } });
  // The other account's pipeline: a module with a live and a blessed version, a pending live request, a freeze window.
  const theirModule = await moduleWithVersions(tdb.db, theirs, [
    { version: "1.0.0", state: "live" },
    { version: "1.1.0", state: "blessed" },
  ]);
  const request = await requestLive(svcFor(tdb.db, theirs.users.operator.actor), { versionId: theirModule.ids["1.1.0"]!, reason: "cross-account fixture" });
  const window = await createFreezeWindow(svcFor(tdb.db, theirs.users.admin.actor), {
    startsAt: new Date(Date.now() + 86_400_000),
    endsAt: new Date(Date.now() + 2 * 86_400_000),
    reason: "their freeze",
  });
  const category = await tdb.db.category.findFirstOrThrow({ where: { accountId: theirs.accountId }, select: { id: true } });
  const theirOperator = svcFor(tdb.db, theirs.users.operator.actor);
  const template = await createTemplate(theirOperator, { name: "their-template" });
  const assignment = await assignModule(theirOperator, { templateId: template.id, moduleName: theirModule.name, enabled: true, metadata: {} });
  const instance = await createInstance(theirOperator, { name: "their-node", templateId: template.id, arch: "amd64" });
  mineAgentToken = (await createInstance(svcFor(tdb.db, mine.users.operator.actor), { name: "my-node", templateId: null, arch: "amd64" })).agentToken;
  const enrollmentToken = await createEnrollmentToken(theirOperator, { templateId: template.id, expiresInHours: 1, maxUses: 1 });
  // 1.0.0 went live before the template existed: its rollout completed at once, with no waves.
  const rollout = await tdb.db.rollout.findFirstOrThrow({ where: { accountId: theirs.accountId }, select: { id: true } });
  theirIds = {
    rolloutId: rollout.id,
    tokenId: token.token.id,
    membershipId: membership.id,
    moduleName: theirModule.name,
    versionId: theirModule.ids["1.1.0"]!,
    requestId: request.requestId,
    freezeWindowId: window.id,
    categoryId: category.id,
    templateId: template.id,
    assignmentId: assignment.id,
    instanceId: instance.id,
    enrollmentTokenId: enrollmentToken.id,
  };
});
afterAll(async () => {
  await tdb?.close();
});

type ProcedureRecord = Record<string, { _def: { meta?: ProcedureMeta; type: "query" | "mutation" | "subscription" } }>;
const procedures = appRouter._def.procedures as unknown as ProcedureRecord;
const procedurePaths = Object.keys(procedures).sort();

/** Calls a procedure by its dotted path through a real caller. */
async function call(path: string, actor: Parameters<typeof callerFor>[1], input: unknown): Promise<string> {
  const caller = callerFor(tdb.db, actor) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>;
  const [area, name] = path.split(".") as [string, string];
  try {
    await caller[area]![name]!(input);
    return "OK";
  } catch (error) {
    if (error instanceof TRPCError) return error.code;
    throw error;
  }
}

/** The actor a bearer token resolves to, as every HTTP request resolves it. */
async function tokenActor(secret: string): Promise<Actor> {
  const actor = await resolveApiToken(tdb.db, secret, new Date());
  if (!actor) throw new Error("token did not resolve");
  return actor;
}

/** An admin token of `mine`, scoped to every permission except `permission`. */
async function adminTokenWithout(permission: Permission): Promise<string> {
  const scopes = PERMISSIONS.filter((p) => p !== permission);
  return (await createToken(svcFor(tdb.db, mine.users.admin.actor), { name: "m-all-but", role: "admin", scopes, expiresInDays: 1 })).secret;
}

/** Inputs naming the OTHER account's objects, per procedure that takes ids or slugs. */
const crossAccountInputs: Record<string, () => unknown> = {
  "tokens.revoke": () => ({ id: theirIds.tokenId }),
  "members.updateRole": () => ({ membershipId: theirIds.membershipId, role: "viewer" }),
  "members.remove": () => ({ membershipId: theirIds.membershipId }),
  "auth.switchAccount": () => ({ accountSlug: theirs.slug }),
  "promotion.pipeline": () => ({ moduleName: theirIds.moduleName }),
  "promotion.compare": () => ({ moduleName: theirIds.moduleName, from: "1.0.0", to: "1.1.0" }),
  "promotion.promote": () => ({ versionId: theirIds.versionId, targetState: "blessed" }),
  "promotion.demote": () => ({ versionId: theirIds.versionId }),
  "promotion.retire": () => ({ versionId: theirIds.versionId, reason: "cross-account" }),
  "promotion.requestLive": () => ({ versionId: theirIds.versionId, reason: "cross-account" }),
  "promotion.rollback": () => ({ moduleName: theirIds.moduleName, reason: "cross-account" }),
  "approvals.get": () => ({ requestId: theirIds.requestId }),
  "approvals.blastRadius": () => ({ requestId: theirIds.requestId }),
  "approvals.approve": () => ({ requestId: theirIds.requestId }),
  "approvals.reject": () => ({ requestId: theirIds.requestId, comment: "cross-account" }),
  "approvals.cancel": () => ({ requestId: theirIds.requestId }),
  "policy.updateFreezeWindow": () => ({
    id: theirIds.freezeWindowId,
    startsAt: new Date(Date.now() + 3_600_000),
    endsAt: new Date(Date.now() + 7_200_000),
    reason: "cross-account",
  }),
  "policy.deleteFreezeWindow": () => ({ id: theirIds.freezeWindowId }),
  "policy.updateCategoryOverride": () => ({ categoryId: theirIds.categoryId, requireApprovalOverride: null, requiredApprovalsOverride: null }),
  "rollouts.updateCategoryPolicy": () => ({ categoryId: theirIds.categoryId, waves: null, soakMinutes: 5, deadlineMinutes: null, successPercent: null, autoRollback: null }),
  "modules.get": () => ({ name: theirIds.moduleName }),
  "modules.update": () => ({ name: theirIds.moduleName, patch: { priority: 1 } }),
  "modules.dependencies": () => ({ name: theirIds.moduleName }),
  "modules.activity": () => ({ name: theirIds.moduleName }),
  "manifests.get": () => ({ moduleName: theirIds.moduleName }),
  "manifests.validate": () => ({ moduleName: theirIds.moduleName, manifestYaml: "schema_version: 1\nname: their-module\n" }),
  "manifests.save": () => ({
    moduleName: theirIds.moduleName,
    manifestYaml: "schema_version: 1\nname: their-module\n",
    expectedHash: `sha256:${"0".repeat(64)}`,
  }),
  "templates.get": () => ({ templateId: theirIds.templateId }),
  "templates.update": () => ({ templateId: theirIds.templateId, name: "stolen" }),
  "templates.delete": () => ({ templateId: theirIds.templateId }),
  "templates.acceptErrors": () => ({ templateId: theirIds.templateId, reason: "not yours" }),
  "templates.assign": () => ({ templateId: theirIds.templateId, moduleName: theirIds.moduleName }),
  "templates.unassign": () => ({ assignmentId: theirIds.assignmentId }),
  "templates.updateAssignment": () => ({ assignmentId: theirIds.assignmentId, enabled: false }),
  "templates.preview": () => ({ templateId: theirIds.templateId }),
  "templates.overlay": () => ({ templateId: theirIds.templateId }),
  "templates.overlayPath": () => ({ templateId: theirIds.templateId, path: "/etc/hostname" }),
  "templates.catalog": () => ({ templateId: theirIds.templateId }),
  "instances.get": () => ({ instanceId: theirIds.instanceId }),
  "instances.events": () => ({ instanceId: theirIds.instanceId }),
  "instances.rotateToken": () => ({ instanceId: theirIds.instanceId }),
  "instances.revokeToken": () => ({ instanceId: theirIds.instanceId }),
  "instances.decommission": () => ({ instanceId: theirIds.instanceId, reason: "cross-account" }),
  "instances.updateMetadata": () => ({ instanceId: theirIds.instanceId, hostname: "stolen", site: null, labels: {} }),
  "modules.starterRepo": () => ({ name: theirIds.moduleName }),
  "instances.create": () => ({ name: "stolen-node", templateId: theirIds.templateId }),
  "instances.enrollmentTokens": () => ({ templateId: theirIds.templateId }),
  "instances.createEnrollmentToken": () => ({ templateId: theirIds.templateId }),
  "instances.revokeEnrollmentToken": () => ({ tokenId: theirIds.enrollmentTokenId }),
  "instances.rolloutProgress": () => ({ moduleName: theirIds.moduleName, version: "1.0.0" }),
  "ingest.attempts": () => ({ moduleName: theirIds.moduleName }),
  "ingest.poll": () => ({ name: theirIds.moduleName }),
  "ingest.packages": () => ({ versionId: theirIds.versionId }),
  "rollouts.get": () => ({ rolloutId: theirIds.rolloutId }),
  "rollouts.ofRequest": () => ({ requestId: theirIds.requestId }),
  "rollouts.plan": () => ({ requestId: theirIds.requestId }),
  "rollouts.pause": () => ({ rolloutId: theirIds.rolloutId, reason: "cross-account" }),
  "rollouts.resume": () => ({ rolloutId: theirIds.rolloutId, reason: "cross-account" }),
  "rollouts.promoteNow": () => ({ rolloutId: theirIds.rolloutId, reason: "cross-account" }),
  "rollouts.abort": () => ({ rolloutId: theirIds.rolloutId, reason: "cross-account" }),
  "rollouts.markBad": () => ({ versionId: theirIds.versionId, reason: "cross-account" }),
  "rollouts.clearBad": () => ({ versionId: theirIds.versionId, reason: "cross-account" }),
};
/** Procedures that take no ids: nothing of another account can be named through them. */
const takesNoIds = new Set([
  "auth.signIn",
  "auth.signOut",
  "auth.me",
  "audit.list",
  "audit.actions",
  "categories.list",
  "members.list",
  "members.add",
  "tokens.list",
  "tokens.create",
  "policy.get",
  "policy.update",
  // Filters by names inside the caller's own account; another account's names simply match nothing.
  "promotion.board",
  "approvals.list",
  "approvals.pendingCount",
  // Counts of the caller's own account only.
  "home.attention",
  "home.search",
  "policy.createFreezeWindow",
  "policy.categoryOverrides",
  // Lists and validates within the caller's account; register's parent-module name is resolved in the caller's
  // account too (a foreign name is an unknown parent: tests/integration/modules.test.ts).
  "modules.list",
  "modules.options",
  "modules.register",
  "modules.validate",
  // Checks the pattern it is given; nothing is looked up.
  "modules.checkCosignRegexp",
  "templates.list",
  "templates.create",
  // Fleet reads filter within the caller's account: another account's template id matches no instance.
  "instances.list",
  "instances.summary",
  "instances.driftReport",
  "instances.countsByTemplate",
  // The caller's own account's signing settings and overwrite alerts; nothing of another account can be named.
  "ingest.overwrites",
  "ingest.settings",
  "ingest.updateSettings",
  "ingest.setRegistryCredential",
  "ingest.rotateWebhookSecret",
  // Deployment-wide job runs; no ids.
  "system.status",
  // Lists rollouts of the caller's account; another account's module name matches nothing.
  "rollouts.list",
  // The caller's own account's rollout policy.
  "rollouts.policy",
  "rollouts.updatePolicy",
  "rollouts.categoryPolicies",
]);

describe("tRPC authorization matrix", () => {
  it("finds procedures to check", () => {
    expect(procedurePaths.length).toBeGreaterThan(10);
  });

  it.each(procedurePaths)("%s declares its access through the approved factories", (path) => {
    const meta = procedures[path]!._def.meta;
    expect(meta?.access, `${path} has no access meta: build it from publicProcedure or permissionProcedure`).toBeDefined();
    // Only these are open on purpose; anything else must name a permission.
    if (meta?.access === "public") expect(["auth.signIn"]).toContain(path);
  });

  it.each(procedurePaths)("%s: unauthenticated → UNAUTHORIZED", async (path) => {
    const access = procedures[path]!._def.meta?.access;
    if (access === "public") return;
    expect(await call(path, null, undefined)).toBe("UNAUTHORIZED");
  });

  it.each(procedurePaths)("%s: every role without the permission → FORBIDDEN", async (path) => {
    const access = procedures[path]!._def.meta?.access;
    if (!access || typeof access === "string") return;
    const lacking = ROLES.filter((role: Role) => !roleHas(role, access.permission));
    for (const role of lacking) {
      expect(await call(path, mine.users[role].actor, undefined), `${role} on ${path}`).toBe("FORBIDDEN");
    }
  });

  it.each(procedurePaths)("%s: a token lacking the permission by its scopes or its creator's current role → FORBIDDEN", async (path) => {
    const access = procedures[path]!._def.meta?.access;
    if (!access || typeof access === "string") return;
    const { permission } = access;
    expect(await call(path, await tokenActor(await adminTokenWithout(permission)), undefined), `scoped token on ${path}`).toBe("FORBIDDEN");
    if (!roleHas("viewer", permission)) {
      expect(await call(path, await tokenActor(demotedCreatorToken), undefined), `demoted creator's token on ${path}`).toBe("FORBIDDEN");
    }
  });

  it.each(procedurePaths)("%s: another account's ids → NOT_FOUND", async (path) => {
    if (takesNoIds.has(path)) return;
    const input = crossAccountInputs[path];
    expect(input, `${path} takes ids: add a cross-account case to the matrix`).toBeDefined();
    expect(await call(path, mine.users.admin.actor, input!())).toBe("NOT_FOUND");
  });
});

describe("API tokens never exceed their creator", () => {
  it("a token scoped to tokens.manage mints only tokens whose permissions are within tokens.manage", async () => {
    const { secret } = await createToken(svcFor(tdb.db, mine.users.admin.actor), { name: "minter", role: "admin", scopes: ["tokens.manage"], expiresInDays: 1 });
    const minter = await tokenActor(secret);
    const mint = (role: Role, scopes: Permission[]) => call("tokens.create", minter, { name: "minted", role, scopes, expiresInDays: 1 });
    expect(await mint("admin", []), "unscoped admin").toBe("FORBIDDEN");
    expect(await mint("viewer", []), "unscoped viewer").toBe("FORBIDDEN");
    expect(await mint("admin", ["tokens.manage", "members.manage"]), "a scope beyond its own").toBe("FORBIDDEN");
    expect(await mint("admin", ["audit.read"]), "a different scope").toBe("FORBIDDEN");
    expect(await mint("admin", ["tokens.manage"]), "its own scope").toBe("OK");
  });

  it("an unscoped token mints any token its creator's role allows, and nothing above it", async () => {
    const { secret } = await createToken(svcFor(tdb.db, mine.users.admin.actor), { name: "admin-minter", role: "admin", scopes: [], expiresInDays: 1 });
    const minter = await tokenActor(secret);
    expect(await call("tokens.create", minter, { name: "ci", role: "operator", scopes: [], expiresInDays: 1 })).toBe("OK");
    expect(await call("tokens.create", minter, { name: "ci-admin", role: "admin", scopes: [], expiresInDays: 1 })).toBe("OK");
  });

  it("a token acts with its creator's current role: an admin demoted to viewer leaves a viewer token", async () => {
    const actor = await tokenActor(demotedCreatorToken);
    expect(actor.role).toBe("viewer");
    expect(await call("tokens.create", actor, { name: "escalate", role: "admin", scopes: [], expiresInDays: 1 })).toBe("FORBIDDEN");
    expect(await call("auth.me", actor, undefined)).toBe("OK");
  });

  it("a token whose creator is no longer a member resolves to nothing", async () => {
    expect(await resolveApiToken(tdb.db, departedCreatorToken, new Date())).toBeNull();
  });
});

describe("REST authorization matrix", () => {
  const routes = restRoutes.map((route) => ({ route, label: `${route.method} ${route.path}` }));
  /** Concrete paths naming the other account's objects, per route with path parameters. */
  const crossAccountPaths: Record<string, () => string> = {
    "GET /system/modules/{name}/versions": () => `/system/modules/${theirIds.moduleName}/versions`,
    "POST /system/modules/{name}/versions": () => `/system/modules/${theirIds.moduleName}/versions`,
    "POST /system/node_module_versions/{id}/promote": () => `/system/node_module_versions/${theirIds.versionId}/promote`,
    "POST /system/promotion_requests/{id}/approve": () => `/system/promotion_requests/${theirIds.requestId}/approve`,
    "POST /system/promotion_requests/{id}/reject": () => `/system/promotion_requests/${theirIds.requestId}/reject`,
    "POST /system/promotion_requests/{id}/cancel": () => `/system/promotion_requests/${theirIds.requestId}/cancel`,
    "POST /system/modules/{name}/rollback": () => `/system/modules/${theirIds.moduleName}/rollback`,
    "GET /system/modules/{name}": () => `/system/modules/${theirIds.moduleName}`,
    "PATCH /system/modules/{name}": () => `/system/modules/${theirIds.moduleName}`,
    "GET /system/modules/{name}/manifest": () => `/system/modules/${theirIds.moduleName}/manifest`,
    "PUT /system/modules/{name}/manifest": () => `/system/modules/${theirIds.moduleName}/manifest`,
    "GET /system/templates/{id}": () => `/system/templates/${theirIds.templateId}`,
    "PATCH /system/templates/{id}": () => `/system/templates/${theirIds.templateId}`,
    "DELETE /system/templates/{id}": () => `/system/templates/${theirIds.templateId}`,
    "POST /system/templates/{id}/accept_errors": () => `/system/templates/${theirIds.templateId}/accept_errors`,
    "POST /system/templates/{id}/modules": () => `/system/templates/${theirIds.templateId}/modules`,
    "GET /system/templates/{id}/compose_preview": () => `/system/templates/${theirIds.templateId}/compose_preview`,
    "PATCH /system/node_module_assignments/{id}": () => `/system/node_module_assignments/${theirIds.assignmentId}`,
    "DELETE /system/node_module_assignments/{id}": () => `/system/node_module_assignments/${theirIds.assignmentId}`,
    "GET /system/node_instances/{id}": () => `/system/node_instances/${theirIds.instanceId}`,
    "POST /system/node_instances/{id}/rotate_token": () => `/system/node_instances/${theirIds.instanceId}/rotate_token`,
    "POST /system/node_instances/{id}/revoke_token": () => `/system/node_instances/${theirIds.instanceId}/revoke_token`,
    "POST /system/node_instances/{id}/decommission": () => `/system/node_instances/${theirIds.instanceId}/decommission`,
    "PUT /system/node_instances/{id}/metadata": () => `/system/node_instances/${theirIds.instanceId}/metadata`,
    "POST /system/templates/{id}/enrollment_tokens": () => `/system/templates/${theirIds.templateId}/enrollment_tokens`,
    "GET /system/templates/{id}/enrollment_tokens": () => `/system/templates/${theirIds.templateId}/enrollment_tokens`,
    "DELETE /system/enrollment_tokens/{id}": () => `/system/enrollment_tokens/${theirIds.enrollmentTokenId}`,
    "POST /system/modules/{name}/ingest/poll": () => `/system/modules/${theirIds.moduleName}/ingest/poll`,
    "GET /system/modules/{name}/ingest_attempts": () => `/system/modules/${theirIds.moduleName}/ingest_attempts`,
    "GET /system/rollouts/{id}": () => `/system/rollouts/${theirIds.rolloutId}`,
    "PUT /system/categories/{id}/rollout_policy": () => `/system/categories/${theirIds.categoryId}/rollout_policy`,
    "POST /system/rollouts/{id}/pause": () => `/system/rollouts/${theirIds.rolloutId}/pause`,
    "POST /system/rollouts/{id}/resume": () => `/system/rollouts/${theirIds.rolloutId}/resume`,
    "POST /system/rollouts/{id}/promote_now": () => `/system/rollouts/${theirIds.rolloutId}/promote_now`,
    "POST /system/rollouts/{id}/abort": () => `/system/rollouts/${theirIds.rolloutId}/abort`,
    "GET /system/promotion_requests/{id}/rollout_plan": () => `/system/promotion_requests/${theirIds.requestId}/rollout_plan`,
    "POST /system/node_module_versions/{id}/mark_bad": () => `/system/node_module_versions/${theirIds.versionId}/mark_bad`,
    "POST /system/node_module_versions/{id}/clear_bad": () => `/system/node_module_versions/${theirIds.versionId}/clear_bad`,
  };
  /** A valid body for routes whose body has required fields, so the cross-account case reaches the service (404). */
  const validBodies: Record<string, () => unknown> = {
    "POST /system/modules/{name}/versions": () => ({
      version: "9.9.9",
      oci_ref: "registry.example/x:9.9.9",
      oci_digest: `sha256:${"a".repeat(64)}`,
      manifest_yaml: `schema_version: 1\nname: ${theirIds.moduleName}\n`,
    }),
    "POST /system/node_module_versions/{id}/promote": () => ({ target_state: "blessed" }),
    "POST /system/promotion_requests/{id}/reject": () => ({ comment: "cross-account" }),
    "POST /system/modules/{name}/rollback": () => ({ reason: "cross-account" }),
    "PUT /system/modules/{name}/manifest": () => ({ manifest_yaml: `schema_version: 1\nname: ${theirIds.moduleName}\n` }),
    "PATCH /system/templates/{id}": () => ({ name: "stolen" }),
    "POST /system/templates/{id}/accept_errors": () => ({ reason: "not yours" }),
    "POST /system/templates/{id}/modules": () => ({ module_name: theirIds.moduleName }),
    "PATCH /system/node_module_assignments/{id}": () => ({ enabled: false }),
    "POST /system/node_instances": () => ({ name: "matrix-node", template_id: theirIds.templateId }),
    "POST /system/node_instances/{id}/decommission": () => ({ reason: "cross-account" }),
    "PUT /system/node_instances/{id}/metadata": () => ({ hostname: "stolen", site: null, labels: {} }),
    "POST /agent/enroll": () => ({ name: "matrix-agent" }),
    "POST /agent/heartbeat": () => ({ status: "running", modules: {} }),
    "PUT /system/settings/signing/registries": () => ({ registry_host: "registry.example.com", username: "ci", password: "pw" }),
    "POST /system/ingest/webhook": () => ({ repository: "registry.example.com/acme/modules/x" }),
    "PUT /system/settings/rollout_policy": () => ({ waves: [{ percent: 100 }], soak_minutes: 10, deadline_minutes: 30, success_percent: 100, auto_rollback: true }),
    "PUT /system/categories/{id}/rollout_policy": () => ({ waves: null, soak_minutes: 5, deadline_minutes: null, success_percent: null, auto_rollback: null }),
    "POST /system/rollouts/{id}/pause": () => ({ reason: "cross-account" }),
    "POST /system/rollouts/{id}/resume": () => ({ reason: "cross-account" }),
    "POST /system/rollouts/{id}/promote_now": () => ({ reason: "cross-account" }),
    "POST /system/rollouts/{id}/abort": () => ({ reason: "cross-account" }),
    "POST /system/node_module_versions/{id}/mark_bad": () => ({ reason: "cross-account" }),
    "POST /system/node_module_versions/{id}/clear_bad": () => ({ reason: "cross-account" }),
  };

  it.each(routes)("$label declares access and enforces it over HTTP", async ({ route, label }) => {
    expect(route.access).toBeDefined();
    if (route.access === "public") {
      // Open on purpose: the document, enrollment (its enrollment token authenticates it, below) and the ingest
      // webhook (its HMAC signature authenticates it: tests/integration/ingest-rest.test.ts).
      expect(["GET /openapi.json", "POST /agent/enroll", "POST /system/ingest/webhook"]).toContain(label);
      if (label === "GET /openapi.json") return;
    }
    const server = await startRestServer(tdb.db);
    try {
      const hasParams = /\{\w+\}/.test(route.path);
      const concretePath = hasParams ? crossAccountPaths[label]?.() : route.path;
      expect(concretePath, `${label} has path parameters: add a cross-account case`).toBeDefined();
      const url = `${server.baseUrl}${concretePath}`;
      const body = JSON.stringify(validBodies[label]?.() ?? {});
      const init = (token?: string): RequestInit => ({
        method: route.method,
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "content-type": "application/json" },
        ...(route.method === "GET" ? {} : { body }),
      });
      expect((await fetch(url, init())).status).toBe(401);
      if (typeof route.access === "string") {
        // The agent API (and enrollment) take their own tokens only: an admin API token is not one.
        const { secret } = await createToken(svcFor(tdb.db, mine.users.admin.actor), { name: "m-admin-agent", role: "admin", scopes: [], expiresInDays: 1 });
        expect((await fetch(url, init(secret))).status, `API token on ${label}`).toBe(401);
        expect((await fetch(url, init(mineAgentToken))).status, `agent token on ${label}`).toBe(route.access === "agent" ? 200 : 401);
        return;
      }
      // Agent tokens work on the agent API only.
      expect((await fetch(url, init(mineAgentToken))).status, `agent token on ${label}`).toBe(401);
      if (typeof route.access === "object") {
        const permission = route.access.permission;
        for (const role of ROLES.filter((r) => !roleHas(r, permission))) {
          const { secret } = await createToken(svcFor(tdb.db, mine.users.admin.actor), { name: `m-${role}`, role, scopes: [], expiresInDays: 1 });
          expect((await fetch(url, init(secret))).status, `${role} token on ${label}`).toBe(403);
        }
        expect((await fetch(url, init(await adminTokenWithout(permission)))).status, `scoped admin token on ${label}`).toBe(403);
        if (!roleHas("viewer", permission)) {
          expect((await fetch(url, init(demotedCreatorToken))).status, `demoted creator's token on ${label}`).toBe(403);
        }
      }
      expect((await fetch(url, init(departedCreatorToken))).status, `departed creator's token on ${label}`).toBe(401);
      if (hasParams) {
        const { secret } = await createToken(svcFor(tdb.db, mine.users.admin.actor), { name: "m-admin", role: "admin", scopes: [], expiresInDays: 1 });
        expect((await fetch(url, init(secret))).status).toBe(404);
      }
    } finally {
      await server.close();
    }
  });
});

describe("/metrics in the authorization matrix", () => {
  // Only STRATA_METRICS_TOKEN reads /metrics (docs/observability.md): no role, session or agent grants it.
  it("answers 404 without STRATA_METRICS_TOKEN, 401 to every credential but the metrics token, 200 to it", async () => {
    const metricsToken = "matrix-metrics-token-0123456789";
    const { secret: adminSecret } = await createToken(svcFor(tdb.db, mine.users.admin.actor), { name: "m-metrics", role: "admin", scopes: [], expiresInDays: 1 });
    const unset = await startObservedServer(tdb.db);
    const server = await startObservedServer(tdb.db, { metricsToken });
    try {
      expect((await fetch(`${unset.origin}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).status).toBe(404);
      const refused: Record<string, Record<string, string>> = {
        "no credentials": {},
        "an admin API token": { authorization: `Bearer ${adminSecret}` },
        "an agent token": { authorization: `Bearer ${mineAgentToken}` },
        "an admin's session cookie": { cookie: `${SESSION_COOKIE}=${mine.users.admin.sessionToken}` },
        "a departed creator's token": { authorization: `Bearer ${departedCreatorToken}` },
      };
      for (const [label, headers] of Object.entries(refused)) {
        expect((await fetch(`${server.origin}/metrics`, { headers })).status, label).toBe(401);
      }
      expect((await fetch(`${server.origin}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).status).toBe(200);
    } finally {
      await unset.close();
      await server.close();
    }
  });
});

describe("MCP authorization matrix", () => {
  /** Arguments naming the other account's objects, per tool that takes ids or names (fleet changes confirmed). */
  const crossAccountArgs: Record<string, () => Record<string, unknown>> = {
    system_get_module: () => ({ module_name: theirIds.moduleName }),
    system_list_module_versions: () => ({ module_name: theirIds.moduleName }),
    system_promote_module_version: () => ({ id: theirIds.versionId, to: "blessed", confirm: true }),
    system_rollback_module: () => ({ module_name: theirIds.moduleName, reason: "cross-account", confirm: true }),
    system_assign_module_to_template: () => ({ template_id: theirIds.templateId, module_name: theirIds.moduleName, confirm: true }),
    system_update_module_assignment: () => ({ id: theirIds.assignmentId, enabled: false, confirm: true }),
    system_compose_preview: () => ({ template_id: theirIds.templateId }),
    system_overlay_paths: () => ({ template_id: theirIds.templateId }),
    system_drift_report: () => ({ template_id: theirIds.templateId }),
    system_update_instance_metadata: () => ({ instance_id: theirIds.instanceId, hostname: "stolen", site: null, labels: {}, confirm: true }),
    system_get_rollout: () => ({ rollout_id: theirIds.rolloutId }),
    system_pause_rollout: () => ({ rollout_id: theirIds.rolloutId, reason: "cross-account", confirm: true }),
    system_resume_rollout: () => ({ rollout_id: theirIds.rolloutId, reason: "cross-account", confirm: true }),
    system_promote_rollout_now: () => ({ rollout_id: theirIds.rolloutId, reason: "cross-account", confirm: true }),
    system_abort_rollout: () => ({ rollout_id: theirIds.rolloutId, reason: "cross-account", confirm: true }),
    system_mark_version_bad: () => ({ version_id: theirIds.versionId, reason: "cross-account" }),
    system_clear_version_bad: () => ({ version_id: theirIds.versionId, reason: "cross-account" }),
  };
  /** Tools that take no ids: lists and validation within the caller's account (as their REST twins). */
  const toolsTakingNoIds = new Set(["system_validate_module_manifest", "system_list_modules", "system_list_templates", "system_list_promotion_requests", "system_list_rollouts"]);
  const fleetChanges = new Set([
    "system_promote_module_version",
    "system_rollback_module",
    "system_assign_module_to_template",
    "system_update_module_assignment",
    "system_update_instance_metadata",
    "system_pause_rollout",
    "system_resume_rollout",
    "system_promote_rollout_now",
    "system_abort_rollout",
  ]);

  /** One tools/call over HTTP (stateless: no session to open first): "OK", the tool error's code, or the HTTP status. */
  async function mcpCall(url: string, token: string | undefined, name: string, args: Record<string, unknown>): Promise<string> {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json, text/event-stream", ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name, arguments: args } }),
    });
    if (response.status !== 200) return `HTTP ${response.status}`;
    const { result } = (await response.json()) as { result: { isError?: boolean; content: Array<{ text: string }> } };
    if (!result.isError) return "OK";
    return (JSON.parse(result.content[1]!.text) as { error: { code: string } }).error.code;
  }

  it.each(mcpTools.map((tool) => ({ tool, name: tool.name })))("$name declares a permission and enforces it as REST does", async ({ tool, name }) => {
    expect(isPermission(tool.permission), `${name} has no permission`).toBe(true);
    expect(fleetChanges.has(name), `${name}: fleet changes ask for confirmation`).toBe(tool.impact !== undefined);
    const server = await startMcpServer(tdb.db);
    try {
      const args = crossAccountArgs[name]?.();
      expect(args !== undefined || toolsTakingNoIds.has(name), `${name}: add a cross-account case or list it as taking no ids`).toBe(true);
      const callArgs = args ?? {};
      expect(await mcpCall(server.url, undefined, name, callArgs)).toBe("HTTP 401");
      expect(await mcpCall(server.url, mineAgentToken, name, callArgs), `agent token on ${name}`).toBe("HTTP 401");
      for (const role of ROLES.filter((r) => !roleHas(r, tool.permission))) {
        const { secret } = await createToken(svcFor(tdb.db, mine.users.admin.actor), { name: `m-mcp-${role}`, role, scopes: [], expiresInDays: 1 });
        expect(await mcpCall(server.url, secret, name, callArgs), `${role} token on ${name}`).toBe("FORBIDDEN");
      }
      expect(await mcpCall(server.url, await adminTokenWithout(tool.permission), name, callArgs), `scoped admin token on ${name}`).toBe("FORBIDDEN");
      if (!roleHas("viewer", tool.permission)) {
        expect(await mcpCall(server.url, demotedCreatorToken, name, callArgs), `demoted creator's token on ${name}`).toBe("FORBIDDEN");
      }
      expect(await mcpCall(server.url, departedCreatorToken, name, callArgs), `departed creator's token on ${name}`).toBe("HTTP 401");
      if (args) {
        const { secret } = await createToken(svcFor(tdb.db, mine.users.admin.actor), { name: "m-mcp-admin", role: "admin", scopes: [], expiresInDays: 1 });
        expect(await mcpCall(server.url, secret, name, args), `other account's ids on ${name}`).toBe("NOT_FOUND");
      }
    } finally {
      await server.close();
    }
  });
});
