/**
 * Hostile input (SPEC §2): each must come back as one specific error issue, quickly, without throwing. Timings
 * are measured after a warm-up so module loading and JIT do not count against the budget.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_GLOB_LENGTH, MAX_GLOB_WILDCARDS } from "../glob";
import type { AccountContext, AccountModule } from "./account-checks";
import { MANIFEST_LIMITS } from "./guards";
import { parseManifestYaml } from "./parse";
import { rangeText } from "./test-support";
import { validateManifest, type ValidationResult } from "./validate";

// A hang guard, not a speed measurement (tests stay deterministic under CI load): the real figures are in
// `npm run bench`. Catastrophic inputs take seconds to minutes, so a generous bound still catches them.
const BUDGET_MS = 2000;

function timed(input: string | Uint8Array, context?: AccountContext): { result: ValidationResult; ms: number } {
  const t0 = performance.now();
  const result = validateManifest({ manifestYaml: input }, context);
  return { result, ms: performance.now() - t0 };
}

function expectSingleError(result: ValidationResult, code: string) {
  expect(result.valid).toBe(false);
  expect(result.errors.map((e) => e.code)).toEqual([code]);
  const issue = result.errors[0];
  if (!issue) throw new Error("no issue");
  return issue;
}

beforeAll(() => {
  validateManifest({ manifestYaml: "schema_version: 1\nname: warm-up\nfile_spec: [/a/**]\n" });
});

function billionLaughs(levels: number, fanout: number): string {
  const lines = [`a0: &a0 [${Array(fanout).fill('"lol"').join(", ")}]`];
  for (let i = 1; i < levels; i++) lines.push(`a${i}: &a${i} [${Array(fanout).fill(`*a${i - 1}`).join(", ")}]`);
  return lines.join("\n") + "\n";
}

describe("hostile input", () => {
  it("billion laughs → yaml.alias_limit", () => {
    const { result, ms } = timed(billionLaughs(10, 10));
    const issue = expectSingleError(result, "yaml.alias_limit");
    expect(issue.range.startLine).toBeGreaterThan(1);
    expect(ms).toBeLessThan(BUDGET_MS);
  });

  it("a shallow alias flood is stopped by the yaml maxAliasCount bound", () => {
    const text = "base: &b x\nlist: [" + Array(MANIFEST_LIMITS.maxAliasCount + 5).fill("*b").join(", ") + "]\n";
    const { result, ms } = timed(text);
    const issue = expectSingleError(result, "yaml.alias_limit");
    expect(rangeText(issue.range)).toBe("2:8-2:10");
    expect(ms).toBeLessThan(BUDGET_MS);
  });

  it("300 KiB → input.too_large (string and bytes)", () => {
    const big = "description: " + "x".repeat(300 * 1024) + "\n";
    const s = timed(big);
    expect(expectSingleError(s.result, "input.too_large").message).toContain("256 KiB");
    expect(s.ms).toBeLessThan(BUDGET_MS);
    const b = timed(new TextEncoder().encode(big));
    expect(expectSingleError(b.result, "input.too_large").message).toContain("300.0 KiB");
    expect(b.ms).toBeLessThan(BUDGET_MS);
  });

  it("counts UTF-8 bytes, not characters", () => {
    // 100,000 three-byte characters: 100k UTF-16 units, 300k bytes.
    const text = "description: " + "€".repeat(100_000) + "\n";
    expectSingleError(timed(text).result, "input.too_large");
    expect(timed("schema_version: 1\nname: ok\ndescription: " + "€".repeat(80_000) + "\n").result.valid).toBe(true);
  });

  it("10,000-deep [[[[ → yaml.too_deep", () => {
    const { result, ms } = timed("[".repeat(10_000));
    const issue = expectSingleError(result, "yaml.too_deep");
    expect(rangeText(issue.range)).toBe("1:65-1:66");
    expect(ms).toBeLessThan(BUDGET_MS);
  });

  it("deep block nesting → yaml.too_deep", () => {
    const text = Array.from({ length: 100 }, (_, i) => " ".repeat(i) + "k:").join("\n");
    const { result, ms } = timed(text);
    expect(rangeText(expectSingleError(result, "yaml.too_deep").range)).toBe("65:65-65:66");
    expect(ms).toBeLessThan(BUDGET_MS);
  });

  it("depth 64 is still accepted as YAML", () => {
    const p = parseManifestYaml("[".repeat(63) + "]".repeat(63));
    expect(p.issues).toEqual([]);
  });

  it("nesting through aliases → yaml.too_deep", () => {
    const lines = ["a0: &a0 " + "[".repeat(40) + "]".repeat(40)];
    lines.push("a1: &a1 " + "[".repeat(40) + "*a0" + "]".repeat(40));
    const { result } = timed(lines.join("\n") + "\n");
    const issue = expectSingleError(result, "yaml.too_deep");
    expect(rangeText(issue.range)).toBe("2:49-2:52");
  });

  it("a 20,000-item list → yaml.too_many_entries (block and flow)", () => {
    const block = timed("file_spec:\n" + "  - /a\n".repeat(20_000));
    expect(rangeText(expectSingleError(block.result, "yaml.too_many_entries").range)).toBe("10002:3-10002:4");
    expect(block.ms).toBeLessThan(BUDGET_MS);
    const flow = timed("file_spec: [" + "/a, ".repeat(20_000) + "/a]\n");
    expectSingleError(flow.result, "yaml.too_many_entries");
    expect(flow.ms).toBeLessThan(BUDGET_MS);
  });

  it("exactly 10,000 entries are allowed", () => {
    const text = "schema_version: 1\nname: big\npackage_spec:\n" + Array.from({ length: 10_000 }, (_, i) => `  - pkg${i}\n`).join("");
    expect(validateManifest({ manifestYaml: text }).valid).toBe(true);
  });

  it("a 20,000-key mapping → yaml.too_many_entries", () => {
    const text = Array.from({ length: 20_000 }, (_, i) => `k${i}: v`).join("\n");
    const { result, ms } = timed(text);
    expect(expectSingleError(result, "yaml.too_many_entries").message).toContain("keys");
    expect(ms).toBeLessThan(BUDGET_MS);
  });

  it("invalid UTF-8 bytes → input.invalid_utf8 at the offending byte", () => {
    const bytes = new Uint8Array([...new TextEncoder().encode("schema_version: 1\nname: caf"), 0xe9, ...new TextEncoder().encode("\n")]);
    const { result, ms } = timed(bytes);
    const issue = expectSingleError(result, "input.invalid_utf8");
    expect(rangeText(issue.range)).toBe("2:10-2:11");
    expect(issue.message).toContain("0xe9");
    expect(ms).toBeLessThan(BUDGET_MS);
  });

  it.each([
    ["overlong encoding", [0xc0, 0xaf]],
    ["UTF-16 surrogate encoded in UTF-8", [0xed, 0xa0, 0x80]],
    ["above U+10FFFF", [0xf4, 0x90, 0x80, 0x80]],
    ["truncated sequence", [0xe2, 0x82]],
    ["stray continuation byte", [0x80]],
  ])("%s → input.invalid_utf8", (_name, tail) => {
    const bytes = new Uint8Array([0x61, 0x3a, 0x20, ...tail]);
    expect(rangeText(expectSingleError(timed(bytes).result, "input.invalid_utf8").range)).toBe("1:4-1:5");
  });

  it("U+FFFD left by a lossy decode → input.invalid_utf8; a lone surrogate → input.invalid_unicode", () => {
    expect(rangeText(expectSingleError(timed("name: caf\uFFFD\n").result, "input.invalid_utf8").range)).toBe("1:10-1:11");
    expect(rangeText(expectSingleError(timed("name: a\uD800b\n").result, "input.invalid_unicode").range)).toBe("1:8-1:9");
  });

  it("valid multi-byte UTF-8 bytes decode (a BOM is dropped)", () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode("schema_version: 1\nname: cafe\ndescription: café ☕ 😀\n")]);
    expect(validateManifest({ manifestYaml: bytes }).valid).toBe(true);
  });

  it("a recursive alias → yaml.recursive_alias, an undefined one → yaml.unresolved_alias", () => {
    expect(rangeText(expectSingleError(timed("a: &x [1, *x]\n").result, "yaml.recursive_alias").range)).toBe("1:11-1:13");
    expect(rangeText(expectSingleError(timed("a: *nope\n").result, "yaml.unresolved_alias").range)).toBe("1:4-1:9");
  });

  it("floods of YAML punctuation → yaml.too_many_nodes before the composer runs", () => {
    for (const flood of ["& ".repeat(100_000), "[}".repeat(100_000), "'a' ".repeat(60_000), "}".repeat(200_000), "a: b: ".repeat(40_000)]) {
      const { result, ms } = timed(flood);
      expectSingleError(result, "yaml.too_many_nodes");
      expect(ms).toBeLessThan(BUDGET_MS);
    }
  });

  it("the exact lexer-token budget catches what the pre-scan estimate lets through", () => {
    const list = (key: string) => `${key}:\n` + Array.from({ length: 7_000 }, (_, i) => `  - v${i}\n`).join("");
    const { result, ms } = timed("schema_version: 1\nname: a\n" + list("package_spec") + list("skills"));
    expect(rangeText(expectSingleError(result, "yaml.too_many_nodes").range)).toBe("13334:5-13334:6");
    expect(ms).toBeLessThan(BUDGET_MS);
  });

  it("more than 30,000 lines → yaml.too_many_lines", () => {
    const { result, ms } = timed("\n".repeat(40_000) + "schema_version: 1\n");
    expect(rangeText(expectSingleError(result, "yaml.too_many_lines").range)).toBe("30001:1-30001:1");
    expect(ms).toBeLessThan(BUDGET_MS);
  });

  it("adversarial glob lists hit the overlap budget → validation.incomplete, quickly", () => {
    const globs = (key: string, p: string) => `${key}:\n` + Array.from({ length: 600 }, (_, i) => `  - /*/${p}${i}\n`).join("");
    const { result, ms } = timed("schema_version: 1\nname: a\n" + globs("file_spec", "f") + globs("mask", "m"));
    expect(result.valid).toBe(true);
    expect(result.warnings.filter((w) => w.code === "validation.incomplete")).toHaveLength(1);
    expect(ms).toBeLessThan(5000);
  });

  it("a long single line of dashes or anchors stays linear", () => {
    const { ms } = timed("& ".repeat(100_000));
    expect(ms).toBeLessThan(BUDGET_MS);
    const dashes = timed("- ".repeat(100_000));
    expectSingleError(dashes.result, "yaml.too_deep");
    expect(dashes.ms).toBeLessThan(BUDGET_MS);
  });

  it("a worst-case legitimate 256 KiB manifest validates in reasonable time", () => {
    const entries = Array.from({ length: 9_000 }, (_, i) => `  - /usr/share/doc/pkg-${i}/copyright\n`);
    const text = "schema_version: 1\nname: docs\nfile_spec:\n" + entries.join("");
    const { result, ms } = timed(text.slice(0, MANIFEST_LIMITS.maxBytes - 100).replace(/\n[^\n]*$/, "\n"));
    expect(result.valid).toBe(true);
    expect(ms).toBeLessThan(5000);
  });
});

/**
 * Globs built to make the overlap checks slow (docs/globs.md, "Bounds and budgets"). Each manifest is what anyone
 * allowed to post one can send; before the glob bounds and the step budget, the first took over 5 s of
 * event-loop time and the account variant minutes.
 */
describe("hostile globs", () => {
  const list = (key: string, globs: readonly string[]) => `${key}:\n` + globs.map((g) => `  - "${g}"\n`).join("");
  const manifestWith = (...sections: string[]) => "schema_version: 1\nname: hostile\n" + sections.join("");
  const codes = (r: ValidationResult) => [...r.errors, ...r.warnings, ...r.conflicts].map((i) => i.code);
  const starQuestion = (pairs: number, tail: string) => "/" + "*?".repeat(pairs) + tail;

  it("long runs of *? in file_spec, mask and protected_spec → glob.too_long, at once", () => {
    const { result, ms } = timed(
      manifestWith(list("file_spec", [starQuestion(800, "x")]), list("mask", [starQuestion(800, "y")]), list("protected_spec", [starQuestion(800, "z")])),
    );
    expect(result.errors.map((e) => [e.code, e.path])).toEqual([
      ["glob.too_long", "/file_spec/0"],
      ["glob.too_long", "/mask/0"],
      ["glob.too_long", "/protected_spec/0"],
    ]);
    expect(ms).toBeLessThan(BUDGET_MS);
  });

  it("a 2 KB manifest of *? runs under the length bound → glob.too_many_wildcards, at once", () => {
    const text = manifestWith(list("file_spec", [starQuestion(330, "a")]), list("mask", [starQuestion(330, "b")]), list("protected_spec", [starQuestion(330, "c")]));
    const { result, ms } = timed(text);
    expect(result.errors.map((e) => e.code)).toEqual(["glob.too_many_wildcards", "glob.too_many_wildcards", "glob.too_many_wildcards"]);
    expect(ms).toBeLessThan(BUDGET_MS);
  });

  // Every glob at the bounds: as many wildcards as allowed, padded with literal characters to the length bound,
  // all starting with a wildcard so no literal prefix separates them.
  const atBounds = (i: number, filler: string) =>
    starQuestion(MAX_GLOB_WILDCARDS / 2, filler.repeat(MAX_GLOB_LENGTH - 3 - MAX_GLOB_WILDCARDS - String(i).length) + i);

  it("many globs at the bounds → each pair undecided at once (glob.overlap_undecided), never a hang", () => {
    const text = manifestWith(
      list("file_spec", Array.from({ length: 60 }, (_, i) => atBounds(i, "a"))),
      list("mask", Array.from({ length: 60 }, (_, i) => atBounds(i, "b"))),
    );
    expect(text.length).toBeLessThan(MANIFEST_LIMITS.maxBytes);
    const { result, ms } = timed(text);
    expect(result.valid).toBe(true);
    expect(new Set(codes(result))).toEqual(new Set(["glob.overlap_undecided"]));
    expect(ms).toBeLessThan(BUDGET_MS);
  });

  it("globs just small enough to decide → the validation's step budget runs out (validation.incomplete)", () => {
    // One segment of 32 wildcards and ~100 characters: each pair is a grid of ~17,000 steps.
    const decidable = (i: number, filler: string) => starQuestion(MAX_GLOB_WILDCARDS / 2, filler.repeat(95) + i);
    const text = manifestWith(
      list("file_spec", Array.from({ length: 200 }, (_, i) => decidable(i, "a"))),
      list("mask", Array.from({ length: 200 }, (_, i) => decidable(i, "b"))),
    );
    const { result, ms } = timed(text);
    expect(codes(result)).toContain("validation.incomplete");
    expect(codes(result).filter((c) => c === "validation.incomplete")).toHaveLength(1);
    expect(ms).toBeLessThan(BUDGET_MS);
  });

  it("nested ** segments → decided or budgeted, quickly", () => {
    const nested = (i: number, last: string) => "/**/a*" + "/**/*a*".repeat(9) + `/**/${last}${i}`;
    const text = manifestWith(
      list("file_spec", Array.from({ length: 150 }, (_, i) => nested(i, "x"))),
      list("mask", Array.from({ length: 150 }, (_, i) => nested(i, "y"))),
      list("protected_spec", Array.from({ length: 150 }, (_, i) => nested(i, "z"))),
    );
    const { result, ms } = timed(text);
    expect(result.valid).toBe(true);
    expect(ms).toBeLessThan(BUDGET_MS);
  });

  it("bracket classes → decided or budgeted, quickly", () => {
    const classes = (i: number, last: string) => "/" + "[a-z]*".repeat(MAX_GLOB_WILDCARDS / 2) + last.repeat(200) + i;
    const text = manifestWith(
      list("file_spec", Array.from({ length: 150 }, (_, i) => classes(i, "x"))),
      list("mask", Array.from({ length: 150 }, (_, i) => "/" + "*[!b]".repeat(MAX_GLOB_WILDCARDS / 2) + "y".repeat(200) + i)),
    );
    const { result, ms } = timed(text);
    expect(result.valid).toBe(true);
    expect(ms).toBeLessThan(BUDGET_MS);
  });

  it("account checks across many modules share the validation's budget", () => {
    const other = (m: number): AccountModule => ({
      name: `m${m}`,
      protectedSpec: Array.from({ length: 25 }, (_, i) => atBounds(i, "c")),
      fileSpec: [],
      provides: [],
      requires: [],
      versions: [],
    });
    const context: AccountContext = { owner: "acme", modules: Array.from({ length: 40 }, (_, m) => other(m)) };
    const text = manifestWith(
      list("file_spec", Array.from({ length: 60 }, (_, i) => atBounds(i, "a"))),
      list("protected_spec", Array.from({ length: 60 }, (_, i) => atBounds(i, "b"))),
    );
    const { result, ms } = timed(text, context);
    expect(result.valid).toBe(true);
    expect(result.conflicts).toEqual([]);
    expect(new Set(codes(result))).toEqual(new Set(["glob.overlap_undecided", "validation.incomplete"]));
    expect(ms).toBeLessThan(BUDGET_MS);
  });
});
