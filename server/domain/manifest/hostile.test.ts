/**
 * Hostile input (docs/manifest-validation.md, Limits): each must come back as one specific error issue, quickly,
 * without throwing. Timings are measured after a warm-up so module loading and JIT do not count against the budget.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { MANIFEST_LIMITS } from "./guards";
import { parseManifestYaml } from "./parse";
import { rangeText } from "./test-support";
import { validateManifest, type ValidationResult } from "./validate";

// A hang guard, not a speed measurement (tests stay deterministic under CI load): the real figures are in
// `npm run bench`. Catastrophic inputs take seconds to minutes, so a generous bound still catches them.
const BUDGET_MS = 2000;

function timed(input: string | Uint8Array): { result: ValidationResult; ms: number } {
  const t0 = performance.now();
  const result = validateManifest({ manifestYaml: input });
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
