/**
 * `strata validate --remote` end to end: the real launcher (bin/strata.mjs, as `npx strata` runs it) against the
 * real REST handler over HTTP on 127.0.0.1, with real API tokens. The server adds what only the account knows — a
 * conflict with a registered module — and a token it refuses ends the run with exit 2 and a clear message.
 */
import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerModule } from "../../server/services/modules";
import { createToken } from "../../server/services/tokens";
import { createTestDatabase, type TestDatabase } from "./db";
import { createTestAccount, svcFor, type TestAccount } from "./fixtures";
import { startRestServer } from "./http";
import { registerModuleInput } from "../../server/contracts/modules";

const execFileAsync = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, "..", "..");

let tdb: TestDatabase;
let account: TestAccount;
let server: Awaited<ReturnType<typeof startRestServer>>;
let authorToken = "";
let modulesBlindToken = "";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "strata-cli-remote-"));

/** The second web server of the account: it claims the port the registered nginx already provides. */
const APACHE = "schema_version: 1\nname: cli-apache\ndependencies:\n  provides:\n    - http.port:80\n";

beforeAll(async () => {
  tdb = await createTestDatabase();
  account = await createTestAccount(tdb.db, "cli");
  const admin = svcFor(tdb.db, account.users.admin.actor);
  await registerModule(admin, registerModuleInput.parse({
    name: "cli-nginx",
    displayName: "NGINX",
    categorySlug: "userland",
    variety: "subscription",
    manifestYaml: "schema_version: 1\nname: cli-nginx\ndependencies:\n  provides:\n    - http.port:80\n",
  }));
  authorToken = (await createToken(admin, { name: "cli-author", role: "author", scopes: [], expiresInDays: 1 })).secret;
  // A real token whose scopes leave out modules.read: the endpoint must answer 403.
  modulesBlindToken = (await createToken(admin, { name: "cli-templates-only", role: "viewer", scopes: ["templates.read"], expiresInDays: 1 })).secret;
  server = await startRestServer(tdb.db);
  fs.mkdirSync(path.join(dir, "modules", "apache"), { recursive: true });
  fs.mkdirSync(path.join(dir, "modules", "broken"), { recursive: true });
  fs.writeFileSync(path.join(dir, "modules", "apache", "manifest.yaml"), APACHE);
  fs.writeFileSync(path.join(dir, "modules", "broken", "manifest.yaml"), "schema_version: 1\nname: cli-broken\nfile_spec:\n  - etc/broken/**\n");
});
afterAll(async () => {
  await server?.close();
  await tdb?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Spawns the CLI without blocking: the REST server answering it runs in this process. */
async function strata(args: string[], env: Record<string, string> = {}) {
  try {
    const r = await execFileAsync(process.execPath, [path.join(repoRoot, "bin", "strata.mjs"), ...args], {
      cwd: dir,
      env: { ...process.env, STRATA_URL: "", STRATA_TOKEN: "", ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe("strata validate --remote (real REST over HTTP)", () => {
  it("reports the account's conflict that a local run cannot know; exit 0 (conflicts do not fail)", async () => {
    const local = await strata(["validate", "modules/apache/manifest.yaml"]);
    expect(local.code).toBe(0);
    expect(local.stdout).toBe("modules/apache/manifest.yaml: valid (0 errors, 0 warnings, 0 conflicts)\n");

    const remote = await strata(["validate", "--remote", server.baseUrl, "modules/apache/manifest.yaml", "--category", "userland"], { STRATA_TOKEN: authorToken });
    expect(remote.stderr).toBe("");
    expect(remote.code).toBe(0);
    expect(remote.stdout).toMatch(/^modules\/apache\/manifest\.yaml:5:7: conflict capability\.exclusive_clash .*\n {4}related module: cli-nginx\n/);
    expect(remote.stdout).toContain("modules/apache/manifest.yaml: valid (0 errors, 0 warnings, 1 conflict)\n");
  });

  it("--json prints exactly what the endpoint answers; a directory over STRATA_URL/STRATA_TOKEN gives the several-files shape", async () => {
    const response = await fetch(`${server.baseUrl}/system/validate_module_manifest`, {
      method: "POST",
      headers: { authorization: `Bearer ${authorToken}`, "content-type": "application/json" },
      body: JSON.stringify({ manifest_yaml: APACHE }),
    });
    const single = await strata(["validate", "--remote", server.baseUrl, "--token", authorToken, "modules/apache/manifest.yaml", "--json"]);
    expect(single.code).toBe(0);
    expect(JSON.parse(single.stdout)).toEqual(await response.json());

    const origin = new URL(server.baseUrl).origin; // the console's address works as well as the API base
    const several = await strata(["validate", "--remote", "modules", "--format", "json"], { STRATA_URL: origin, STRATA_TOKEN: authorToken });
    expect(several.code).toBe(1);
    const json = JSON.parse(several.stdout) as { valid: boolean; files: Array<{ file: string; valid: boolean; conflicts: unknown[] }> };
    expect(json.valid).toBe(false);
    expect(json.files.map((f) => [f.file, f.valid, f.conflicts.length])).toEqual([
      ["modules/apache/manifest.yaml", true, 1],
      ["modules/broken/manifest.yaml", false, 0],
    ]);
  });

  it("--format github annotates the remote result", async () => {
    const r = await strata(["validate", "--remote", server.baseUrl, "modules", "--format", "github"], { STRATA_TOKEN: authorToken });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("::warning file=modules/apache/manifest.yaml,line=5,col=7,title=capability.exclusive_clash::");
    expect(r.stdout).toContain("::error file=modules/broken/manifest.yaml,line=4,col=5,title=glob.not_absolute::");
  });

  it("401 for an unknown token and 403 for a token without modules.read: exit 2, nothing on stdout", async () => {
    const unknown = await strata(["validate", "--remote", server.baseUrl, "modules"], { STRATA_TOKEN: "stk_not_a_real_token" });
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe("");
    expect(unknown.stderr).toContain("did not accept the API token (401 Unauthorized)");

    const blind = await strata(["validate", "--remote", server.baseUrl, "modules"], { STRATA_TOKEN: modulesBlindToken });
    expect(blind.code).toBe(2);
    expect(blind.stdout).toBe("");
    expect(blind.stderr).toContain("may not validate manifests (403 Forbidden)");
    expect(blind.stderr).toContain("modules.read");
  });
});
