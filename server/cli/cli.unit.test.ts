import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli, tempTree } from "./test-support";

const root = fileURLToPath(new URL("../../", import.meta.url));
const fixture = "server/domain/manifest/fixtures/nginx.manifest.yaml";
const { dir, file } = tempTree("strata-cli-");

/** Runs the real launcher (`node bin/strata.mjs`) the way `npx strata` does. */
function strata(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ["bin/strata.mjs", ...args], { cwd: root, encoding: "utf8", input, timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs main() in-process with captured output. */
function run(args: string[], stdin = "") {
  return runCli(args, { stdin });
}

const INVALID = "schema_version: 1\nname: nginx\nfile_spec:\n  - etc/nginx/**\ndisplay_nme: NGINX\n";

describe("bin/strata.mjs (spawned)", () => {
  it("exit 0 for a valid manifest", () => {
    const r = strata(["validate", fixture, "--category", "userland", "--name", "nginx"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${fixture}: valid (0 errors, 0 warnings, 0 conflicts)\n`);
  }, 30_000);

  it("exit 1 and one line per issue for an invalid manifest", () => {
    const path = file("invalid.yaml", INVALID);
    const r = strata(["validate", path]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toBe(`${path}:4:5: error glob.not_absolute \`etc/nginx/**\` is not absolute; file_spec globs name paths from the root of the node's filesystem.`);
    expect(lines[1]).toBe("    hint: Start it with /, e.g. /etc/nginx/**; write /**/etc/nginx/** to ship matches at any depth.");
    expect(lines[2]).toBe(`${path}:5:1: error schema.unknown_key Unknown key \`display_nme\` at the top level.`);
    expect(lines[3]).toBe("    hint: Did you mean `display_name`?");
    expect(lines[4]).toBe("    quick fix: Rename to `display_name`");
    expect(lines[5]).toBe(`${path}: invalid (2 errors, 0 warnings, 0 conflicts)`);
  }, 30_000);

  it("--json prints the snake_case result", () => {
    const r = strata(["validate", file("invalid2.yaml", INVALID), "--json"]);
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout) as { valid: boolean; errors: Array<Record<string, unknown>>; warnings: unknown[]; conflicts: unknown[] };
    expect(json.valid).toBe(false);
    expect(json.warnings).toEqual([]);
    expect(json.conflicts).toEqual([]);
    expect(json.errors[0]).toEqual({
      code: "glob.not_absolute",
      severity: "error",
      message: "`etc/nginx/**` is not absolute; file_spec globs name paths from the root of the node's filesystem.",
      path: "/file_spec/0",
      range: { start_line: 4, start_column: 5, end_line: 4, end_column: 17 },
      hint: "Start it with /, e.g. /etc/nginx/**; write /**/etc/nginx/** to ship matches at any depth.",
    });
    expect(r.stdout).not.toMatch(/"[a-z]+[A-Z]\w*":/);
  }, 30_000);

  it("exit 2 with a message on stderr for a missing file", () => {
    const r = strata(["validate", join(dir, "nope.yaml")]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain("cannot read");
    expect(r.stderr).toContain("no such file");
  }, 30_000);

  it("schema prints the JSON Schema", () => {
    const r = strata(["schema"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).$schema).toBe("http://json-schema.org/draft-07/schema#");
  }, 30_000);
});

describe("strata main()", () => {
  it("reads bytes, so invalid UTF-8 is reported", async () => {
    const path = file("latin1.yaml", new Uint8Array([...new TextEncoder().encode("schema_version: 1\nname: caf"), 0xe9, 0x0a]));
    const r = await run(["validate", path]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${path}:2:10: error input.invalid_utf8`);
  });

  it("reads standard input with -", async () => {
    const r = await run(["validate", "-", "--name", "other"], "schema_version: 1\nname: nginx\n");
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("<stdin>:2:7: error manifest.name_mismatch");
  });

  it("warnings alone exit 0", async () => {
    const r = await run(["validate", file("warn.yaml", "schema_version: 1\nname: a\nlicense: Apache 2.0\n")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("warning license.unknown_spdx");
    expect(r.stdout).toContain(": valid (0 errors, 1 warning, 0 conflicts)");
  });

  it.each([
    [[], /Usage: strata <command>/],
    [["valdate", "x"], /unknown command 'valdate'\. Did you mean 'validate'\?/],
    [["validate"], /missing the manifest file/],
    [["validate", "a.yaml", "b.yaml", "--name", "x"], /--name is the registered name of one module; give one manifest, not 2/],
    [["validate", "-", "-"], /- \(standard input\) can be given once/],
    [["validate", "a.yaml", "--format", "xml"], /--format must be one of text, json, github, not 'xml'/],
    [["validate", "a.yaml", "--json", "--format", "github"], /--json contradicts --format github/],
    [["validate", "a.yaml", "--token", "stk_x"], /--token is only used with --remote/],
    [["validate", "a.yaml", "--timeout", "5"], /--timeout is only used with --remote/],
    [["validate", "--remote", "a.yaml"], /--remote needs the server's address/],
    [["validate", "--remote", "https://strata.example.com", "a.yaml"], /--remote needs an API token/],
    [["validate", "--remote=ftp://strata.example.com", "--token", "t", "a.yaml"], /--remote must be an http:\/\/ or https:\/\/ URL/],
    [["validate", "--remote", "https://strata.example.com", "--token", "t", "--timeout", "0", "a.yaml"], /--timeout must be a number of seconds above 0 and at most 3600, not '0'/],
    [["validate", "--remote", "https://strata.example.com", "--token", "t", "--timeout", "soon", "a.yaml"], /--timeout must be a number of seconds/],
    [["validate", "a.yaml", "--bogus"], /Unknown option '--bogus'/],
    [["validate", "a.yaml", "--category"], /argument missing/],
    [["schema", "extra"], /unexpected argument: extra/],
  ])("usage errors exit 2: %j", async (args, message) => {
    const r = await run(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe("");
  });

  it("--help prints usage and exits 0", async () => {
    expect((await run(["--help"])).stdout).toContain("validate");
    const r = await run(["validate", "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("--category <slug>");
  });
});
