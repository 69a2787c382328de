/**
 * The author kit on a real database (docs/authoring.md): instance metadata (edit, audit, what the agent's desired
 * state binds, the ETag of that one node), the starter zip of a registered module, and `strata dry-run --remote`
 * against the real REST handler over HTTP (GET /system/protected_paths).
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditListInput } from "../../server/contracts/audit";
import { registerModuleInput } from "../../server/contracts/modules";
import { updateInstanceMetadataInput } from "../../server/contracts/instances";
import { listAuditEvents } from "../../server/services/audit";
import { agentDesiredState, authenticateAgent } from "../../server/services/fleet-agent";
import { createInstance, getInstance, updateInstanceMetadata } from "../../server/services/instances";
import { registerModule } from "../../server/services/modules";
import { assignModule, createTemplate } from "../../server/services/templates";
import { createToken } from "../../server/services/tokens";
import { createTestDatabase, type TestDatabase } from "./db";
import { callerFor, createTestAccount, svcFor, type TestAccount } from "./fixtures";
import { startRestServer } from "./http";
import { at, clock, moduleWithVersions, uniqueName } from "./promotion-fixtures";

const execFileAsync = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, "..", "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "strata-author-kit-"));

let tdb: TestDatabase;
let acct: TestAccount;
const time = clock(new Date("2026-12-03T07:00:00Z"));
const operator = () => at(tdb.db, acct.users.operator.actor, time.now);
const bearer = (token: string) => `Bearer ${token}`;

beforeAll(async () => {
  tdb = await createTestDatabase();
  acct = await createTestAccount(tdb.db, "authorkit");
});
afterAll(async () => {
  await tdb?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A template with one instance-variety module whose live manifest uses ${instance.hostname} and ${instance.site}. */
async function instanceTemplate() {
  const extra = 'services:\n  - name: web\n    start_command: /usr/bin/web --host ${instance.hostname}\n    env:\n      SITE: "${instance.site}"\n';
  const mod = await moduleWithVersions(tdb.db, acct, [{ version: "1.0.0", state: "live", manifestExtra: extra }], { now: time.now });
  await tdb.db.module.update({ where: { accountId_name: { accountId: acct.accountId, name: mod.name } }, data: { variety: "instance" } });
  const plain = await moduleWithVersions(tdb.db, acct, [{ version: "1.0.0", state: "live" }], { now: time.now });
  const template = await createTemplate(operator(), { name: uniqueName("tpl"), description: "" });
  await assignModule(operator(), { templateId: template.id, moduleName: mod.name, enabled: true, metadata: {}, overrideReason: "test" });
  await assignModule(operator(), { templateId: template.id, moduleName: plain.name, enabled: true, metadata: {}, overrideReason: "test" });
  return { template, mod, plain };
}

describe("instance metadata", () => {
  it("binds ${instance.*} for instance modules only, reports unbound placeholders, and changes only that node's ETag", async () => {
    const { template, mod, plain } = await instanceTemplate();
    const node = await createInstance(operator(), { name: uniqueName("edge"), templateId: template.id, arch: "arm64" });
    const other = await createInstance(operator(), { name: uniqueName("edge"), templateId: template.id, arch: "amd64" });
    const first = await agentDesiredState(tdb.db, await authenticateAgent(tdb.db, bearer(node.agentToken)));
    const otherFirst = await agentDesiredState(tdb.db, await authenticateAgent(tdb.db, bearer(other.agentToken)));
    const instanceModule = first.body.modules.find((m) => m.name === mod.name)!;
    expect(instanceModule.bindings).toEqual({ "instance.name": expect.stringMatching(/^edge-/), "instance.arch": "arm64" });
    expect(instanceModule.unbound_placeholders).toEqual(["instance.hostname", "instance.site"]);
    expect(first.body.modules.find((m) => m.name === plain.name)!.bindings).toBeUndefined();

    const updated = await updateInstanceMetadata(operator(), updateInstanceMetadataInput.parse({ instanceId: node.id, hostname: "edge-1.fra1.example", site: null, labels: { rack: "r4" } }));
    expect(updated.changed).toBe(true);

    const after = await agentDesiredState(tdb.db, await authenticateAgent(tdb.db, bearer(node.agentToken)));
    expect(after.etag).not.toBe(first.etag);
    expect(after.body.revision).toBe(first.body.revision);
    const bound = after.body.modules.find((m) => m.name === mod.name)!;
    expect(bound.bindings).toMatchObject({ "instance.hostname": "edge-1.fra1.example", "instance.labels.rack": "r4" });
    expect(bound.unbound_placeholders).toEqual(["instance.site"]);
    // The other node of the same template gets exactly what it got before.
    expect((await agentDesiredState(tdb.db, await authenticateAgent(tdb.db, bearer(other.agentToken)))).etag).toBe(otherFirst.etag);

    // The instance page's view: the same bindings, the gap named; an audit event with before and after.
    const page = await getInstance(operator(), node.id);
    expect(page.hostname).toBe("edge-1.fra1.example");
    expect(page.labels).toEqual({ rack: "r4" });
    expect(page.instanceModules).toEqual([{ name: mod.name, version: "1.0.0", bindings: bound.bindings, unboundPlaceholders: ["instance.site"] }]);
    expect(page.events.map((e) => e.kind)).toContain("metadata_updated");
    const audit = await listAuditEvents(svcFor(tdb.db, acct.users.admin.actor), auditListInput.parse({ action: "instance.metadata_updated" }));
    expect(JSON.stringify(audit)).toContain("edge-1.fra1.example");

    // The same metadata again is not a change: no event, same ETag.
    const again = await updateInstanceMetadata(operator(), updateInstanceMetadataInput.parse({ instanceId: node.id, hostname: "edge-1.fra1.example", site: null, labels: { rack: "r4" } }));
    expect(again.changed).toBe(false);
    expect((await agentDesiredState(tdb.db, await authenticateAgent(tdb.db, bearer(node.agentToken)))).etag).toBe(after.etag);
  });

  it("refuses malformed metadata at the contract (bounded: 64 labels, DNS hostnames, label keys)", () => {
    const id = "00000000-0000-4000-8000-000000000000";
    expect(updateInstanceMetadataInput.safeParse({ instanceId: id, hostname: "bad host", site: null, labels: {} }).success).toBe(false);
    expect(updateInstanceMetadataInput.safeParse({ instanceId: id, hostname: null, site: null, labels: { "Bad Key": "x" } }).success).toBe(false);
    const many = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`k${i}`, "v"]));
    expect(updateInstanceMetadataInput.safeParse({ instanceId: id, hostname: null, site: null, labels: many }).success).toBe(false);
    expect(updateInstanceMetadataInput.safeParse({ instanceId: id, hostname: null, site: null, labels: { rack: "a\u0000b" } }).success).toBe(false);
  });

  it("over REST: PUT /system/node_instances/{id}/metadata, then GET shows it (snake_case)", async () => {
    const { template } = await instanceTemplate();
    const node = await createInstance(operator(), { name: uniqueName("edge"), templateId: template.id, arch: "amd64" });
    const { secret } = await createToken(svcFor(tdb.db, acct.users.admin.actor), { name: uniqueName("op"), role: "operator", scopes: [], expiresInDays: 1 });
    const server = await startRestServer(tdb.db);
    try {
      const headers = { authorization: `Bearer ${secret}`, "content-type": "application/json" };
      const put = await fetch(`${server.baseUrl}/system/node_instances/${node.id}/metadata`, {
        method: "PUT",
        headers,
        body: JSON.stringify({ hostname: "edge-9", site: "fra1", labels: { rack: "r9" } }),
      });
      expect(put.status).toBe(200);
      expect(await put.json()).toEqual({ id: node.id, changed: true, hostname: "edge-9", site: "fra1", labels: { rack: "r9" } });
      const bad = await fetch(`${server.baseUrl}/system/node_instances/${node.id}/metadata`, { method: "PUT", headers, body: JSON.stringify({ hostname: "x y", site: null, labels: {} }) });
      expect(bad.status).toBe(400);
      // The agent's conditional poll: 304 while nothing changed, 200 with the new bindings after a metadata edit.
      const agentHeaders = { authorization: `Bearer ${node.agentToken}` };
      const first = await fetch(`${server.baseUrl}/agent/desired_state`, { headers: agentHeaders });
      const etag = first.headers.get("etag")!;
      expect((await fetch(`${server.baseUrl}/agent/desired_state`, { headers: { ...agentHeaders, "if-none-match": etag } })).status).toBe(304);
      await fetch(`${server.baseUrl}/system/node_instances/${node.id}/metadata`, { method: "PUT", headers, body: JSON.stringify({ hostname: "edge-10", site: "fra1", labels: { rack: "r9" } }) });
      const changed = await fetch(`${server.baseUrl}/agent/desired_state`, { headers: { ...agentHeaders, "if-none-match": etag } });
      expect(changed.status).toBe(200);
      const body = (await changed.json()) as { modules: Array<{ bindings?: Record<string, string> }> };
      expect(body.modules.find((m) => m.bindings)?.bindings?.["instance.hostname"]).toBe("edge-10");
      const got = (await (await fetch(`${server.baseUrl}/system/node_instances/${node.id}`, { headers })).json()) as Record<string, unknown>;
      expect(got).toMatchObject({ hostname: "edge-10", site: "fra1", labels: { rack: "r9" } });
      expect((got.instance_modules as Array<{ unbound_placeholders: string[] }>)[0]!.unbound_placeholders).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe("starter repo of a registered module", () => {
  it("zips the generator's files with the module's registration filled in", async () => {
    const name = uniqueName("kit");
    await registerModule(svcFor(tdb.db, acct.users.admin.actor), registerModuleInput.parse({
      name,
      displayName: "Kit",
      categorySlug: "userland",
      variety: "subscription",
      repositoryUrl: `https://git.example.com/acme/${name}`,
      ociRepository: `registry.example.com/acme/modules/${name}`,
    }));
    const result = await callerFor(tdb.db, acct.users.viewer.actor).modules.starterRepo({ name, strataUrl: "https://strata.example.com" });
    expect(result.fileName).toBe(`${name}-starter.zip`);
    expect(result.files).toEqual(expect.arrayContaining(["manifest.yaml", ".gitea/workflows/build.yaml", ".github/workflows/build.yaml"]));
    const text = Buffer.from(result.zipBase64, "base64").toString("latin1");
    expect(text).toContain(`${name}/manifest.yaml`);
    expect(text).toContain(`REPO: registry.example.com/acme/modules/${name}`);
    // No identity regexp registered yet: the one this repository's workflow will sign with is suggested.
    expect(text).toContain(`cosign_identity_regexp: ^https://git\\.example\\.com/acme/${name}/\\.gitea/workflows/build\\.yaml@refs/(heads/main|tags/v.*)$`);
    expect(text).toContain("STRATA_ACCOUNT: " + acct.slug);
  });
});

describe("strata dry-run --remote (real REST over HTTP)", () => {
  it("names the files another module of the account protects", async () => {
    const admin = svcFor(tdb.db, acct.users.admin.actor);
    await registerModule(admin, registerModuleInput.parse({
      name: "kit-base",
      displayName: "Base",
      categorySlug: "userland",
      manifestYaml: "schema_version: 1\nname: kit-base\nfile_spec:\n  - /etc/shared/**\nprotected_spec:\n  - /etc/shared/owned.conf\n",
    }));
    const { secret } = await createToken(admin, { name: uniqueName("viewer"), role: "viewer", scopes: [], expiresInDays: 1 });
    const server = await startRestServer(tdb.db);
    try {
      const run = async (args: string[]) => {
        try {
          const r = await execFileAsync(process.execPath, [path.join(repoRoot, "bin", "strata.mjs"), ...args], { cwd: dir, env: { ...process.env, STRATA_URL: "", STRATA_TOKEN: secret }, timeout: 60_000 });
          return { code: 0, stdout: r.stdout, stderr: r.stderr };
        } catch (error) {
          const e = error as { code: number; stdout: string; stderr: string };
          return { code: e.code, stdout: e.stdout, stderr: e.stderr };
        }
      };
      expect((await run(["init", "kit-web"])).code).toBe(0);
      const repo = path.join(dir, "kit-web");
      fs.writeFileSync(path.join(repo, "manifest.yaml"), "schema_version: 1\nname: kit-web\nfile_spec:\n  - /etc/shared/**\n");
      fs.mkdirSync(path.join(repo, "rootfs", "etc", "shared"), { recursive: true });
      fs.writeFileSync(path.join(repo, "rootfs", "etc", "shared", "owned.conf"), "mine\n");
      fs.writeFileSync(path.join(repo, "rootfs", "etc", "shared", "free.conf"), "mine\n");
      const r = await run(["dry-run", repo, "--remote", server.baseUrl]);
      expect(r.stderr).toBe("");
      expect(r.code).toBe(0);
      expect(r.stdout).toContain("conflict: /etc/shared/owned.conf is protected by module kit-base (`/etc/shared/owned.conf`): dropped whenever both are composed.");
      expect(r.stdout).not.toContain("free.conf is protected");
      const denied = await run(["dry-run", repo, "--remote", server.baseUrl, "--token", "stk_nope"]);
      expect(denied.code).toBe(2);
      expect(denied.stderr).toContain("401");
    } finally {
      await server.close();
    }
  }, 120_000);
});
