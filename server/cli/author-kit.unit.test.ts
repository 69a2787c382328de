/** `strata init` → a file under rootfs/ → `strata dry-run`, against the real launcher (bin/strata.mjs). */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { tempTree } from "./test-support";

const root = fileURLToPath(new URL("../../", import.meta.url));
const { dir } = tempTree("strata-author-kit-");

function strata(args: string[], cwd = dir) {
  const r = spawnSync(process.execPath, [join(root, "bin/strata.mjs"), ...args], { cwd, encoding: "utf8", timeout: 60_000, env: { ...process.env, STRATA_URL: "", STRATA_TOKEN: "" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("strata init → dry-run (spawned)", () => {
  it("writes a repository whose dry run lists the example file and a file added under rootfs/", () => {
    const init = strata(["init", "edge-web", "--category", "userland", "--variety", "instance"]);
    expect(init.stderr).toBe("");
    expect(init.code).toBe(0);
    const repo = join(dir, "edge-web");
    for (const f of ["manifest.yaml", "README.md", "Containerfile", ".gitea/workflows/build.yaml", ".github/workflows/build.yaml", "rootfs/etc/edge-web/edge-web.conf"]) {
      expect(existsSync(join(repo, f)), f).toBe(true);
    }

    // Covered by file_spec (/etc/edge-web/**) and not: the second must be reported, not shipped.
    writeFileSync(join(repo, "rootfs/etc/edge-web/extra.conf"), "port = 8080\n");
    writeFileSync(join(repo, "rootfs/README.txt"), "not for the node\n");
    writeFileSync(join(repo, "meta.json"), JSON.stringify({ hostname: "edge-1", labels: { rack: "r4" } }));

    const run = strata(["dry-run", "--instance-metadata", "meta.json"], repo);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(readFileSync(join(repo, "dist/file-list.txt"), "utf8")).toBe("/etc/edge-web/edge-web.conf\n/etc/edge-web/extra.conf\n");
    expect(readFileSync(join(repo, "dist/package-list.txt"), "utf8")).toBe("");
    expect(JSON.parse(readFileSync(join(repo, "dist/manifest.json"), "utf8"))).toMatchObject({ schema_version: 1, name: "edge-web" });
    expect(run.stdout).toContain("manifest.yaml: valid (0 errors, 0 warnings, 0 conflicts)");
    expect(run.stdout).toContain("warning: /README.txt is in rootfs/ but no file_spec glob covers it: it will not ship.");
    expect(run.stdout).toContain("no value for ${instance.site}");
    const rendered = readFileSync(join(repo, "dist/instance/etc/edge-web/edge-web.conf"), "utf8");
    expect(rendered).toContain("hostname = edge-1\n");
    expect(rendered).toContain("rack = r4\n");
    expect(rendered).toContain("site = ${instance.site}\n");
  }, 60_000);

  it("every workflow step's shell script parses (bash -n)", () => {
    expect(strata(["init", "shellcheck-me", "--repository", "https://git.example.com/acme/shellcheck-me"]).code).toBe(0);
    for (const workflow of [".gitea/workflows/build.yaml", ".github/workflows/build.yaml"]) {
      const doc = parse(readFileSync(join(dir, "shellcheck-me", workflow), "utf8")) as { jobs: { build: { steps: { name?: string; run?: string }[] } } };
      const scripts = doc.jobs.build.steps.filter((s) => s.run !== undefined);
      expect(scripts.length).toBeGreaterThan(5);
      for (const step of scripts) {
        // GitHub expressions are substituted before the shell sees the script; any value will do here.
        const script = step.run!.replace(/\$\{\{[^}]*\}\}/g, "x");
        const r = spawnSync("bash", ["-n"], { input: script, encoding: "utf8" });
        expect(r.stderr, `${workflow}: ${step.name ?? "step"}`).toBe("");
        expect(r.status).toBe(0);
      }
    }
  }, 60_000);

  it("refuses an existing directory without --force", () => {
    expect(strata(["init", "twice"]).code).toBe(0);
    const again = strata(["init", "twice"]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("already exists");
    expect(strata(["init", "twice", "--force"]).code).toBe(0);
  }, 60_000);

  it("exit 1 for an invalid manifest, 2 for a missing one, as validate", () => {
    expect(strata(["init", "broken"]).code).toBe(0);
    const repo = join(dir, "broken");
    writeFileSync(join(repo, "manifest.yaml"), "schema_version: 1\nname: broken\nfile_spec: [etc/x]\n");
    const invalid = strata(["dry-run", repo]);
    expect(invalid.code).toBe(1);
    expect(invalid.stdout).toContain("error glob.not_absolute");
    const missing = strata(["dry-run", join(dir, "nowhere")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("cannot read");
  }, 60_000);

  it("usage errors: no name, a config module without --parent", () => {
    expect(strata(["init"]).code).toBe(2);
    const r = strata(["init", "x-conf", "--variety", "config"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--parent");
  }, 60_000);
});

describe("strata dry-run (in-process)", () => {
  it("--json prints snake_case facts; --token without --remote is a usage error", async () => {
    const { runCli } = await import("./test-support");
    const repo = join(dir, "json-repo");
    expect((await runCli(["init", "json-mod", "--dir", repo])).code).toBe(0);
    writeFileSync(join(repo, "rootfs/stray.txt"), "x\n");
    const r = await runCli(["dry-run", repo, "--json"]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(json).toMatchObject({ valid: true, file_list: ["/etc/json-mod/json-mod.conf"], package_list: [], not_covered: ["/stray.txt"], unmatched_globs: [], protected_elsewhere: [] });
    const usage = await runCli(["dry-run", repo, "--token", "stk_x"]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain("--token and --timeout need --remote");
  });
});
