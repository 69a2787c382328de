/**
 * `strata validate` with several files and directories, and its three output formats (docs/cli.md), run in-process
 * through main() on real files in a temp directory.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempTree } from "./test-support";

const { dir, file } = tempTree("strata-validate-");

function run(args: string[], stdin = "") {
  return runCli(args, { stdin });
}

const WARNS = "schema_version: 1\nname: a\nlicense: Apache 2.0\n";
const FAILS = "schema_version: 1\nname: b\nfile_spec:\n  - etc/b/**\n";
const CLEAN = "schema_version: 1\nname: c\n";

const tree = join(dir, "modules");
const a = file("modules/a/manifest.yaml", WARNS);
const b = file("modules/b/manifest.yaml", FAILS);
const c = file("modules/c,d/manifest.yaml", CLEAN);
// Never checked: dependencies, git's store, other file names.
file("modules/node_modules/x/manifest.yaml", FAILS);
file("modules/a/.git/manifest.yaml", FAILS);
file("modules/e/other.yaml", FAILS);

const WARNING_LINE = `3:10: warning license.unknown_spdx \`Apache 2.0\` is not an SPDX license identifier.`;
const ERROR_LINE = "4:5: error glob.not_absolute `etc/b/**` is not absolute; file_spec globs name paths from the root of the node's filesystem.";

describe("strata validate <directory>", () => {
  it("finds manifest.yaml files recursively, skipping node_modules and .git, in name order; exit 1 when one is invalid", async () => {
    const r = await run(["validate", tree]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
    expect(r.stdout).toBe(
      [
        `${a}:${WARNING_LINE}`,
        "    hint: Did you mean `Apache-2.0`?",
        `${a}: valid (0 errors, 1 warning, 0 conflicts)`,
        `${b}:${ERROR_LINE}`,
        "    hint: Start it with /, e.g. /etc/b/**; write /**/etc/b/** to ship matches at any depth.",
        `${b}: invalid (1 error, 0 warnings, 0 conflicts)`,
        `${c}: valid (0 errors, 0 warnings, 0 conflicts)`,
        "3 manifests: 2 valid, 1 invalid (1 error, 1 warning, 0 conflicts)",
        "",
      ].join("\n"),
    );
  });

  it("exit 0 when every manifest is valid, warnings allowed; a file named twice is checked once", async () => {
    const r = await run(["validate", a, c, a]);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/: valid \(/g)).toHaveLength(2);
    expect(r.stdout).toContain("2 manifests: 2 valid, 0 invalid (0 errors, 1 warning, 0 conflicts)");
  });

  it("exit 2 for a directory without manifests, after checking the other arguments", async () => {
    mkdirSync(join(dir, "empty"), { recursive: true });
    const r = await run(["validate", join(dir, "empty"), b]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`strata validate: no manifest.yaml under ${join(dir, "empty")}\n`);
    expect(r.stdout).toContain(`${b}: invalid`);
  });

  it("exit 2 for an unreadable file even when the others are invalid (the highest status wins)", async () => {
    const missing = join(dir, "missing.yaml");
    const r = await run(["validate", b, missing]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`strata validate: cannot read ${missing}: no such file\n`);
    expect(r.stdout).toContain(`${b}: invalid`);
  });
});

describe("--json", () => {
  it("one file argument: the single result object, unchanged", async () => {
    const r = await run(["validate", a, "--json"]);
    expect(Object.keys(JSON.parse(r.stdout) as object)).toEqual(["valid", "errors", "warnings", "conflicts"]);
  });

  it("several files or a directory: {valid, files: [{file, …result}], read_errors}", async () => {
    const missing = join(dir, "missing.yaml");
    const r = await run(["validate", tree, missing, "--format", "json"]);
    expect(r.code).toBe(2);
    const json = JSON.parse(r.stdout) as { valid: boolean; files: Array<Record<string, unknown>>; read_errors: unknown[] };
    expect(Object.keys(json)).toEqual(["valid", "files", "read_errors"]);
    expect(json.valid).toBe(false);
    expect(json.files.map((f) => [f.file, f.valid])).toEqual([
      [a, true],
      [b, false],
      [c, true],
    ]);
    expect(Object.keys(json.files[0] ?? {})).toEqual(["file", "valid", "errors", "warnings", "conflicts"]);
    expect(json.read_errors).toEqual([{ file: missing, message: `cannot read ${missing}: no such file` }]);
  });

  it("a directory holding one manifest still prints the several-files shape (it follows the arguments)", async () => {
    const r = await run(["validate", join(tree, "b"), "--json"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ valid: false, files: [{ file: b, valid: false }], read_errors: [] });
  });
});

describe("--format github", () => {
  it("prints one workflow command per issue (warnings as ::warning), then the summary lines", async () => {
    const r = await run(["validate", tree, "--format", "github"]);
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n")).toEqual([
      `::warning file=${a},line=3,col=10,title=license.unknown_spdx::\`Apache 2.0\` is not an SPDX license identifier.%0Ahint: Did you mean \`Apache-2.0\`?`,
      `::error file=${b},line=4,col=5,title=glob.not_absolute::\`etc/b/**\` is not absolute; file_spec globs name paths from the root of the node's filesystem.%0Ahint: Start it with /, e.g. /etc/b/**; write /**/etc/b/** to ship matches at any depth.`,
      `${a}: valid (0 errors, 1 warning, 0 conflicts)`,
      `${b}: invalid (1 error, 0 warnings, 0 conflicts)`,
      `${c}: valid (0 errors, 0 warnings, 0 conflicts)`,
      "3 manifests: 2 valid, 1 invalid (1 error, 1 warning, 0 conflicts)",
      "",
    ]);
  });

  it("escapes ',' and ':' in the file property and line breaks and '%' in the message; stdin has no file", async () => {
    const odd = file("odd,name:1/manifest.yaml", "schema_version: 1\nname: x\nlicense: 100% mine\n");
    const r = await run(["validate", odd, "--format", "github"]);
    const escapedPath = odd.replace(/,/g, "%2C").replace(/:/g, "%3A");
    expect(r.stdout.split("\n")[0]).toMatch(new RegExp(`^::warning file=${escapedPath.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")},line=3,col=10,title=license\\.unknown_spdx::\`100%25`));
    const stdin = await run(["validate", "-", "--format", "github"], FAILS);
    expect(stdin.stdout.split("\n")[0]).toMatch(/^::error line=4,col=5,title=glob\.not_absolute::/);
  });
});
