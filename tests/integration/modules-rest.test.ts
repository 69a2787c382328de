/**
 * The modules REST endpoints over real HTTP: status codes, snake_case bodies that match the documented response
 * schemas, field errors in `error.details.fields`, body limits, and the validate endpoint's result being exactly
 * what `strata validate --json` prints for the same file.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  getModuleRoute,
  listModulesRoute,
  registerModuleRoute,
  updateModuleRoute,
  validateModuleManifestRoute,
} from "../../server/api/rest/routes-modules";
import { createToken } from "../../server/services/tokens";
import { createTestDatabase, type TestDatabase } from "./db";
import { createTestAccount, svcFor, type TestAccount } from "./fixtures";
import { startRestServer } from "./http";

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, "..", "..");

let tdb: TestDatabase;
let account: TestAccount;
let server: Awaited<ReturnType<typeof startRestServer>>;
const tokens: Record<"author" | "viewer", string> = { author: "", viewer: "" };

beforeAll(async () => {
  tdb = await createTestDatabase();
  account = await createTestAccount(tdb.db, "rest");
  for (const role of ["author", "viewer"] as const) {
    const created = await createToken(svcFor(tdb.db, account.users.admin.actor), { name: `rest-${role}`, role, scopes: [], expiresInDays: 1 });
    tokens[role] = created.secret;
  }
  server = await startRestServer(tdb.db);
});
afterAll(async () => {
  await server?.close();
  await tdb?.close();
});

async function api(method: string, url: string, body?: unknown, role: keyof typeof tokens = "author", rawBody?: string) {
  const response = await fetch(`${server.baseUrl}${url}`, {
    method,
    headers: { authorization: `Bearer ${tokens[role]}`, "content-type": "application/json" },
    ...(rawBody !== undefined ? { body: rawBody } : body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Record<string, any>) : null };
}

describe("POST /system/modules", () => {
  it("registers with the issue's snake_case body → 201 and the module", async () => {
    const { status, json } = await api("POST", "/system/modules", {
      name: "rest-nginx",
      display_name: "NGINX",
      description: "web",
      category_slug: "userland",
      variety: "subscription",
      priority: 100,
      visibility: "public",
      repository_url: "https://git.example.com/modules/nginx",
      cosign_identity_regexp: "^https://git\\.example\\.com/modules/nginx/\\.forgejo/workflows/release\\.yaml@refs/tags/v.*$",
      cosign_issuer_regexp: "^https://git\\.example\\.com$",
      manifest_yaml: "schema_version: 1\nname: rest-nginx\ndependencies:\n  provides:\n    - http.port:80\n",
    });
    expect(status).toBe(201);
    expect(registerModuleRoute.response.parse(json)).toBeTruthy();
    expect(json).toMatchObject({
      name: "rest-nginx",
      display_name: "NGINX",
      category: { slug: "userland", position: 90 },
      effective_priority: 90_100,
      priority_derivation: "(userland 90 + subscription 0) × 1000 + 100 = 90100",
      parent_module: null,
      repository_url: "https://git.example.com/modules/nginx",
      validation: { valid: true, errors: [], warnings: [], conflicts: [] },
      versions: { total: 0, latest: null, stale: null, ready_to_bless: null },
    });
  });

  it("a duplicate name → 409 with the field", async () => {
    const { status, json } = await api("POST", "/system/modules", { name: "rest-nginx", display_name: "again", category_slug: "userland" });
    expect(status).toBe(409);
    expect(json?.error).toMatchObject({ code: "CONFLICT", details: { fields: { name: "This name is taken" } } });
  });

  it("bad fields → 400 with snake_case field errors", async () => {
    const missing = await api("POST", "/system/modules", { name: "x-1", category_slug: "userland" });
    expect(missing.status).toBe(400);
    expect(missing.json?.error.details.issues.map((i: { path: string }) => i.path)).toEqual(["display_name"]);

    const unknown = await api("POST", "/system/modules", { name: "x-2", display_name: "x", category_slug: "nope", parent_module: "ghost", variety: "config" });
    expect(unknown.status).toBe(400);
    expect(unknown.json?.error.details.fields).toEqual({ category_slug: "Unknown category nope", parent_module: "No module named ghost in this account" });

    const noParent = await api("POST", "/system/modules", { name: "x-3", display_name: "x", category_slug: "userland", variety: "config" });
    expect(noParent.status).toBe(400);
    expect(Object.keys(noParent.json?.error.details.fields)).toEqual(["parent_module"]);

    const unanchored = await api("POST", "/system/modules", { name: "x-4", display_name: "x", category_slug: "userland", cosign_issuer_regexp: "example\\.com" });
    expect(unanchored.status).toBe(400);
    expect(unanchored.json?.error.details.fields.cosign_issuer_regexp).toContain("Anchor it");

    const unsafe = await api("POST", "/system/modules", { name: "x-5", display_name: "x", category_slug: "userland", cosign_identity_regexp: "^(\\w+\\s?)*$" });
    expect(unsafe.status).toBe(400);
    expect(unsafe.json?.error.details.fields).toEqual({ cosign_identity_regexp: expect.stringContaining("backtrack") });

    const badName = await api("POST", "/system/modules", { name: "Bad_Name", display_name: "x", category_slug: "userland" });
    expect(badName.status).toBe(400);
    expect(Object.keys(badName.json?.error.details.fields)).toEqual(["name"]);
    expect(await tdb.db.module.count({ where: { name: { startsWith: "x-" } } })).toBe(0);
  });

  it("a manifest with errors → 422 with the snake_case validation result; nothing saved", async () => {
    const { status, json } = await api("POST", "/system/modules", {
      name: "rest-broken",
      display_name: "x",
      category_slug: "userland",
      manifest_yaml: "schema_version: 2\nname: rest-broken\n",
    });
    expect(status).toBe(422);
    expect(json?.error.code).toBe("UNPROCESSABLE");
    expect(Object.keys(json?.error.details.fields)).toEqual(["manifest_yaml"]);
    expect(json?.error.details.validation).toMatchObject({
      valid: false,
      errors: [{ code: "schema.invalid_value", path: "/schema_version", range: { start_line: 1, start_column: 17, end_line: 1, end_column: 18 } }],
    });
    expect(await tdb.db.module.count({ where: { name: "rest-broken" } })).toBe(0);
  });

  it("a body over the route's limit → 413; a manifest over 256 KiB inside it → 400", async () => {
    const huge = await api("POST", "/system/modules", undefined, "author", JSON.stringify({ name: "big", display_name: "x", category_slug: "userland", manifest_yaml: "#".repeat(1_100_000) }));
    expect(huge.status).toBe(413);
    const big = await api("POST", "/system/modules", { name: "big", display_name: "x", category_slug: "userland", manifest_yaml: "#".repeat(300_000) });
    expect(big.status).toBe(400);
    expect(big.json?.error.details.fields).toEqual({ manifest_yaml: "Manifests are limited to 256 KiB" });
  });

  it("a body nested deeper than the input screen allows → 400 before any conversion or schema recurses into it", async () => {
    const deep = `{"name":"deep","display_name":"x","category_slug":"userland","labels":${"[".repeat(100_000)}${"]".repeat(100_000)}}`;
    const nested = await api("POST", "/system/modules", undefined, "author", deep);
    expect(nested.status).toBe(400);
    expect(nested.json?.error.code).toBe("BAD_REQUEST");
    expect(nested.json?.error.message).toMatch(/nests deeper than 64 levels/);
    expect(await tdb.db.module.count({ where: { name: "deep" } })).toBe(0);
  });

  it("a viewer token → 403", async () => {
    expect((await api("POST", "/system/modules", { name: "v", display_name: "v", category_slug: "userland" }, "viewer")).status).toBe(403);
  });
});

describe("GET /system/modules and /system/modules/{name}", () => {
  beforeAll(async () => {
    for (const [name, category] of [["rest-alpha", "system-base"], ["rest-beta", "userland"]] as const) {
      await api("POST", "/system/modules", { name, display_name: name, category_slug: category });
    }
  });

  it("lists with filters, sort and paging in snake_case", async () => {
    const { status, json } = await api("GET", "/system/modules?search=rest-&sort=effective_priority&direction=desc&page_size=2", undefined, "viewer");
    expect(status).toBe(200);
    expect(listModulesRoute.response.parse(json)).toBeTruthy();
    expect(json?.modules.map((m: { name: string }) => m.name)).toEqual(["rest-nginx", "rest-beta"]);
    expect(json).toMatchObject({ total: 3, page: 1, page_size: 2 });
    expect(json?.categories.find((c: { slug: string }) => c.slug === "system-base")).toEqual({ slug: "system-base", name: "System base", position: 10, count: 1 });
    const filtered = await api("GET", "/system/modules?category=system-base&state=none", undefined, "viewer");
    expect(filtered.json?.modules.map((m: { name: string }) => m.name)).toEqual(["rest-alpha"]);
  });

  it("rejects bad query parameters → 400", async () => {
    expect((await api("GET", "/system/modules?page_size=500", undefined, "viewer")).status).toBe(400);
    expect((await api("GET", "/system/modules?sort=effectivePriority", undefined, "viewer")).status).toBe(400);
  });

  it("gets one module; an unknown name → 404", async () => {
    const { status, json } = await api("GET", "/system/modules/rest-alpha", undefined, "viewer");
    expect(status).toBe(200);
    expect(getModuleRoute.response.parse(json)).toBeTruthy();
    expect(json).toMatchObject({ name: "rest-alpha", effective_priority: 10_000, priority_derivation: "(system-base 10 + subscription 0) × 1000 + 0 = 10000" });
    expect((await api("GET", "/system/modules/no-such-module", undefined, "viewer")).status).toBe(404);
  });
});

describe("PATCH /system/modules/{name}", () => {
  it("edits, clears, refuses the name and unknown keys, and answers 409 on a stale expected_updated_at", async () => {
    const before = await api("GET", "/system/modules/rest-alpha");
    const edited = await api("PATCH", "/system/modules/rest-alpha", { display_name: "Alpha", priority: 12, repository_url: "https://x.example/a", expected_updated_at: before.json?.updated_at });
    expect(edited.status).toBe(200);
    expect(updateModuleRoute.response.parse(edited.json)).toBeTruthy();
    expect(edited.json).toMatchObject({ display_name: "Alpha", priority: 12, effective_priority: 10_012, repository_url: "https://x.example/a" });

    const cleared = await api("PATCH", "/system/modules/rest-alpha", { repository_url: null });
    expect(cleared.json?.repository_url).toBeNull();

    const stale = await api("PATCH", "/system/modules/rest-alpha", { priority: 13, expected_updated_at: before.json?.updated_at });
    expect(stale.status).toBe(409);

    const rename = await api("PATCH", "/system/modules/rest-alpha", { name: "renamed" });
    expect(rename.status).toBe(400);
    expect(rename.json?.error.details.fields).toEqual({ name: "A module's name cannot be changed: register a new module instead" });

    const unknownKey = await api("PATCH", "/system/modules/rest-alpha", { colour: "red" });
    expect(unknownKey.status).toBe(400);

    const badRegexp = await api("PATCH", "/system/modules/rest-alpha", { cosign_issuer_regexp: "^(a+)+$" });
    expect(badRegexp.status).toBe(400);
    expect(badRegexp.json?.error.details.fields).toEqual({ cosign_issuer_regexp: expect.stringContaining("exponential") });

    expect((await api("PATCH", "/system/modules/no-such-module", { priority: 1 })).status).toBe(404);
    expect((await api("PATCH", "/system/modules/rest-alpha", { priority: 1 }, "viewer")).status).toBe(403);
    const events = await tdb.db.auditEvent.findMany({ where: { action: "module.updated", targetLabel: "rest-alpha" } });
    expect(events).toHaveLength(2);
  });
});

describe("POST /system/validate_module_manifest", () => {
  const file = `# A manifest with an error, warnings and quick fixes
schema_version: 1
name: rest-validate
category: userland
display_nme: Typo here
file_spec:
  - /opt/rest/**
  - /opt/rest/**
mask:
  - /var/nothing/**
`;

  it("returns {valid, errors, warnings, conflicts} exactly as `strata validate --json` prints it", async () => {
    const { status, json } = await api("POST", "/system/validate_module_manifest", { manifest_yaml: file, category_slug: "userland", module_name: "rest-validate" }, "viewer");
    expect(status).toBe(200);
    expect(Object.keys(json ?? {})).toEqual(["valid", "errors", "warnings", "conflicts"]);
    expect(validateModuleManifestRoute.response.parse(json)).toEqual(json);
    expect(json?.valid).toBe(false);
    expect(json?.errors.map((e: { code: string }) => e.code)).toEqual(["legacy.registration_field", "schema.unknown_key"]);
    expect(json?.warnings.map((e: { code: string }) => e.code)).toEqual(["list.duplicate", "mask.matches_nothing"]);
    expect(json?.errors[1]).toMatchObject({ range: { start_line: 5, start_column: 1, end_line: 5, end_column: 12 }, fix: { title: expect.any(String) } });

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "strata-rest-"));
    try {
      const manifestPath = path.join(dir, "manifest.yaml");
      fs.writeFileSync(manifestPath, file);
      const cli = await run(process.execPath, [path.join(repoRoot, "bin", "strata.mjs"), "validate", manifestPath, "--category", "userland", "--name", "rest-validate", "--json"], {
        cwd: repoRoot,
      }).catch((error: { stdout: string; code: number }) => ({ stdout: error.stdout, code: error.code }));
      expect(JSON.parse(cli.stdout)).toEqual(json);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("adds the account's conflicts and dependency warnings, which the CLI cannot know", async () => {
    const { json } = await api("POST", "/system/validate_module_manifest", {
      manifest_yaml: `schema_version: 1\nname: rest-apache\ndependencies:\n  requires:\n    - ${account.slug}/rest-missing@^1\n  provides:\n    - http.port:80\n`,
    });
    expect(json?.warnings.map((w: { code: string }) => w.code)).toEqual(["requires.unknown_module"]);
    expect(json?.conflicts).toEqual([
      expect.objectContaining({ code: "capability.exclusive_clash", related_module: "rest-nginx", range: { start_line: 7, start_column: 7, end_line: 7, end_column: 19 } }),
    ]);
  });

  it("lets the validator answer a manifest over 256 KiB; 413 above the route's body limit; 400 without manifest_yaml", async () => {
    const big = await api("POST", "/system/validate_module_manifest", { manifest_yaml: `# ${"x".repeat(300_000)}\n` });
    expect(big.status).toBe(200);
    expect(big.json?.errors.map((e: { code: string }) => e.code)).toEqual(["input.too_large"]);
    const huge = await api("POST", "/system/validate_module_manifest", { manifest_yaml: "x".repeat(1_100_000) });
    expect(huge.status).toBe(413);
    expect((await api("POST", "/system/validate_module_manifest", {})).status).toBe(400);
  });
});
