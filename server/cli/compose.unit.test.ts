import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli, tempTree } from "./test-support";

const root = fileURLToPath(new URL("../../", import.meta.url));
const examples = "examples/composition";
const { file } = tempTree("strata-compose-");

/** The real launcher, as `npx strata` runs it. */
function strata(args: string[], cwd = root) {
  const r = spawnSync(process.execPath, [join(root, "bin/strata.mjs"), ...args], { cwd, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function run(args: string[]) {
  return runCli(args);
}

describe("strata compose (spawned)", () => {
  it("exit 0 for a composition without errors; --contested prints who wins each contested path", () => {
    const r = strata(["compose", `${examples}/edge-web.yaml`, "--contested"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("    91100  nginx-tls-config 1.1.0");
    expect(r.stdout).toContain("(userland 90 + config 1) × 1000 + 100 = 91100");
    expect(r.stdout).toContain("  nginx-tls-config → powernode/nginx@^1.0.0: nginx 1.1.0");
    expect(r.stdout).toContain("  /etc/nginx/nginx.conf  nginx-tls-config; shadows nginx\n");
    expect(r.stdout).toContain("  /etc/issue  security-hardening; dropped system-base (protected by security-hardening: /etc/issue)\n");
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe(`${examples}/edge-web.yaml: composes (0 errors, 0 warnings, 1 conflict)`);
  }, 60_000);

  it("exit 1 when the composition has errors (the http.port:80 clash)", () => {
    const r = strata(["compose", `${examples}/port-clash.yaml`]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("error capability.exclusive_clash: http.port:80 is an exclusive capability but 2 modules of this composition provide it: apache, nginx.");
  }, 60_000);

  it("--json prints the compose preview's snake_case object; paths resolve relative to the file, not the cwd", () => {
    const r = strata(["compose", join(root, examples, "override.yaml"), "--json", "--paths"], tmpdir());
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as {
      layers: Array<{ module: string; effective_priority: number; derivation: { kind: string; text: string } }>;
      overlay: { paths: Array<{ path: string; winner: string; shadowed: string[] }>; path_count: number };
      summary: { can_save: boolean; error_count: number };
    };
    expect(json.summary).toMatchObject({ can_save: true, error_count: 0 });
    expect(json.layers.at(-1)).toMatchObject({ module: "nginx", effective_priority: 95000, derivation: { kind: "override", text: "override 95000 (derived would be 90100)" } });
    expect(json.overlay.paths.find((p) => p.path === "/etc/nginx/nginx.conf")).toMatchObject({ winner: "nginx", shadowed: ["nginx-tls-config"] });
    expect(json.overlay.paths).toHaveLength(json.overlay.path_count);
  }, 60_000);
});

describe("strata compose (in-process)", () => {
  it("usage errors exit 2", async () => {
    expect((await run(["compose"])).code).toBe(2);
    expect((await run(["compose", "a.yaml", "b.yaml"])).stderr).toContain("expected one composition file, got 2");
    expect((await run(["compose", `${examples}/edge-web.yaml`, "--paths", "--contested"])).code).toBe(2);
    expect((await run(["compose", `${examples}/edge-web.yaml`, "--bogus"])).code).toBe(2);
    expect((await run(["compose", "--help"])).stdout).toContain("Usage: strata compose <composition.yaml>");
  });

  it("explains an invalid composition file field by field (exit 2)", async () => {
    const path = file("bad.yaml", "owner: Power Node\nmodules:\n  - manifest: m.yaml\n    category: userland\n    priority: 1000\n    colour: red\n");
    const r = await run(["compose", path]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`strata compose: ${path} is not a valid composition file:`);
    expect(r.stderr).toContain("  owner: lowercase letters, digits and dashes");
    expect(r.stderr).toContain("  modules.0: unknown key colour");
    expect(r.stderr).toContain("  modules.0.priority: 0 to 999");
  });

  it("reports unreadable files and manifests it cannot compose (exit 2)", async () => {
    const missing = file("missing.yaml", "owner: acme\nmodules:\n  - manifest: nowhere/manifest.yaml\n    category: userland\n");
    const r = await run(["compose", missing]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read .*nowhere\/manifest\.yaml: no such file/);

    file("wrong/manifest.yaml", "schema_version: 1\nname: wrong\nfile_spec: /etc/**\n");
    const wrong = file("wrong.yaml", "owner: acme\nmodules:\n  - manifest: wrong/manifest.yaml\n    category: userland\n");
    const w = await run(["compose", wrong]);
    expect(w.code).toBe(2);
    expect(w.stderr).toContain("file_spec: expected a list of strings");

    file("broken/manifest.yaml", "name: [unclosed\n");
    const broken = file("broken.yaml", "owner: acme\nmodules:\n  - manifest: broken/manifest.yaml\n    category: userland\n");
    expect((await run(["compose", broken])).code).toBe(2);
    expect((await run(["compose", file("notyaml.yaml", "owner: [")])).stderr).toContain("is not valid YAML");
  });

  it("composes glob-only modules (no file lists) into glob-level overlaps, and merges categories", async () => {
    file("g/a.yaml", "schema_version: 1\nname: a\nfile_spec: ['/etc/**']\n");
    file("g/b.yaml", "schema_version: 1\nname: b\nfile_spec: ['/etc/b/**']\nprotected_spec: ['/etc/b/secret']\n");
    const path = file("g.yaml", "owner: acme\ncategories: {apps: 95}\nmodules:\n  - manifest: g/a.yaml\n    category: userland\n  - manifest: g/b.yaml\n    category: apps\n");
    const r = await run(["compose", path]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("0 paths (globs)");
    expect(r.stdout).toContain("(apps 95 + subscription 0) × 1000 + 0 = 95000");
    expect(r.stdout).toContain("Glob-level overlaps (2; file lists unknown):");
    expect(r.stdout).toContain("shadow: a /etc/** ↔ b /etc/b/** (both match /etc/b)");
    expect(r.stdout).toContain("files: unknown (globs only)");
  });

  it("unknown categories and bad requirements are composition errors (exit 1)", async () => {
    file("u/m.yaml", "schema_version: 1\nname: m\nfile_spec: ['/m/**']\ndependencies:\n  requires: ['acme/missing@^1']\n");
    const path = file("u.yaml", "owner: acme\nmodules:\n  - manifest: u/m.yaml\n    category: nowhere\n");
    const r = await run(["compose", path]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("error composition.unknown_category");
    expect(r.stdout).toContain("error dependency.missing");
  });
});
