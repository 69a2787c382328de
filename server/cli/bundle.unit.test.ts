/**
 * The CLI bundle's build and freshness check (scripts/build-cli.mjs), on a tiny stand-in project in a temp
 * directory so sources can be edited freely: a fresh bundle is found with stats alone, a touched but identical
 * file keeps it, changed or missing inputs make it stale, and a rebuild publishes a new build directory.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildCliBundle, freshCliBundle } from "../../scripts/build-cli.mjs";

const root = mkdtempSync(join(tmpdir(), "strata-bundle-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(relative: string, content: string): void {
  mkdirSync(dirname(join(root, relative)), { recursive: true });
  writeFileSync(join(root, relative), content);
}

function runEntry(entry: string): string {
  const script = `const { main } = await import(${JSON.stringify(entry)}); process.exitCode = await main([]);`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 30_000 });
  expect(r.stderr).toBe("");
  return r.stdout;
}

interface Stamp {
  inputs: Array<{ path: string; mtimeMs: number }>;
}
const stamp = (): Stamp => JSON.parse(readFileSync(join(root, "dist/cli/current.json"), "utf8")) as Stamp;

beforeAll(() => {
  write("tsconfig.json", "{}\n");
  write("server/cli/greeting.ts", 'export const greeting: string = "hello";\n');
  write(
    "server/cli/main.ts",
    'import { greeting } from "./greeting";\nexport async function main(_argv: readonly string[]): Promise<number> {\n  console.log(greeting);\n  return 0;\n}\n',
  );
});

describe("scripts/build-cli.mjs", () => {
  it("builds an entry that exports main(), and finds it fresh afterwards", async () => {
    expect(freshCliBundle(root)).toBeNull();
    const entry = await buildCliBundle(root);
    expect(freshCliBundle(root)).toBe(entry);
    expect(runEntry(entry)).toBe("hello\n");
    expect(stamp().inputs.map((i) => i.path)).toEqual(expect.arrayContaining(["server/cli/greeting.ts", "server/cli/main.ts", "tsconfig.json"]));
  }, 30_000);

  it("stays fresh when a file is touched without changing, and remembers the new mtime", () => {
    const entry = freshCliBundle(root);
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(root, "server/cli/greeting.ts"), later, later);
    expect(freshCliBundle(root)).toBe(entry);
    expect(stamp().inputs.find((i) => i.path === "server/cli/greeting.ts")?.mtimeMs).toBe(statSync(join(root, "server/cli/greeting.ts")).mtimeMs);
  });

  it("is stale when an input's content changes, and a rebuild publishes a new build", async () => {
    const before = freshCliBundle(root);
    write("server/cli/greeting.ts", 'export const greeting: string = "hello again";\n');
    expect(freshCliBundle(root)).toBeNull();
    const entry = await buildCliBundle(root);
    expect(entry).not.toBe(before);
    expect(existsSync(before ?? "")).toBe(true); // a process that is still loading the old build keeps its files
    expect(runEntry(entry)).toBe("hello again\n");
  }, 30_000);

  it("is stale when an input disappears or the current build's files are gone", async () => {
    const entry = await buildCliBundle(root);
    rmSync(dirname(entry), { recursive: true });
    expect(freshCliBundle(root)).toBeNull();
    await buildCliBundle(root);
    unlinkSync(join(root, "tsconfig.json"));
    expect(freshCliBundle(root)).toBeNull();
    write("tsconfig.json", "{}\n");
  }, 30_000);
});
