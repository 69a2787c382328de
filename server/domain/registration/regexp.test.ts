import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  checkRegexpShape,
  cosignRegexpVerdict,
  MAX_ATTACK_SUMMARY_CHARS,
  regexpMatches,
  shapeVerdict,
  stripAnchoredLiteralPrefix,
  summariseDiagnostics,
  verdictProblem,
} from "./regexp";

describe("checkRegexpShape", () => {
  it.each([
    "^https://token\\.actions\\.githubusercontent\\.com$",
    "^https://github\\.com/org/[a-z-]+/\\.github/workflows/release\\.ya?ml@refs/tags/v.*$",
    "^(?:https://a\\.example|https://b\\.example)$",
    "^$",
    "^a\\|b$",
    "^[|]$",
  ])("accepts %s", (source) => {
    expect(checkRegexpShape(source)).toMatchObject({ ok: true });
  });

  it.each([
    ["github\\.com", "unanchored"],
    ["^github\\.com", "unanchored"],
    ["github\\.com$", "unanchored"],
    ["^github\\.com\\$", "unanchored"],
    ["^github\\.com[$]", "unanchored"],
    ["^(github\\.com$)", "unanchored"],
    ["^a$|^b$", "unanchored"],
    ["^a|b$", "unanchored"],
    ["^(unclosed$", "invalid"],
    ["^a{2,1}$", "invalid"],
    ["^*$", "invalid"],
    [`^${"a".repeat(600)}$`, "too_long"],
  ])("rejects %s as %s", (source, code) => {
    const shape = checkRegexpShape(source);
    expect(shape.ok).toBe(false);
    expect(shape.problem?.code).toBe(code);
  });

  it("explains the top-level alternation trap", () => {
    expect(checkRegexpShape("^a|b$").problem?.message).toContain("^(?:a|b)$");
  });
});

describe("stripAnchoredLiteralPrefix", () => {
  it.each([
    ["^https://git\\.example/modules/nginx/\\.forgejo/workflows/release\\.yaml@refs/tags/v.*$", "^.*$"],
    ["^https://git\\.example$", "^$"],
    ["^abc+$", "^c+$"],
    ["^abc?d$", "^c?d$"],
    ["^abc{2}$", "^c{2}$"],
    ["^ab(c|d)+$", "^(c|d)+$"],
    ["^ab\\d+$", "^\\d+$"],
    ["^ab\\1$", "^\\1$"],
    ["^a+$", "^a+$"],
    ["^(a+)+$", "^(a+)+$"],
    ["^ab[cd]*$", "^[cd]*$"],
    ["^ab(?<=b)c$", "^ab(?<=b)c$"],
    ["no-anchor", "no-anchor"],
  ])("%s → %s", (source, reduced) => {
    expect(stripAnchoredLiteralPrefix(source)).toBe(reduced);
  });

  it("keeps the match set on every input: ^prefix·rest matches w iff w = prefix·v and ^rest matches v", () => {
    const atom = fc.constantFrom("a", "b", "\\.", "/", "x");
    const tail = fc.constantFrom("", ".*", "(a|b)+", "[ab]?", "a*", "b{2}", "(?:a|ab)*");
    fc.assert(
      fc.property(fc.array(atom, { maxLength: 6 }), tail, fc.string({ unit: fc.constantFrom("a", "b", ".", "/", "x"), maxLength: 10 }), (atoms, rest, input) => {
        const source = `^${atoms.join("")}${rest}$`;
        const reduced = stripAnchoredLiteralPrefix(source);
        const prefixLength = source.length - reduced.length;
        const literal = source.slice(1, 1 + prefixLength).replace(/\\(.)/g, "$1");
        const expected = input.startsWith(literal) && new RegExp(reduced).test(input.slice(literal.length));
        expect(new RegExp(source).test(input)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe("backtracking verdicts", () => {
  const verdictOf = (source: string, diagnostics: Parameters<typeof summariseDiagnostics>[0]) =>
    cosignRegexpVerdict(source, stripAnchoredLiteralPrefix(source), summariseDiagnostics(diagnostics));

  it("maps recheck's statuses to verdicts and field messages", () => {
    expect(verdictProblem(verdictOf("^a$", { status: "safe" }))).toBeNull();
    expect(verdictProblem(verdictOf("^(a+)+$", { status: "vulnerable", complexity: { type: "exponential" } }))?.message).toContain("exponential");
    expect(verdictProblem(verdictOf("^.*.*$", { status: "vulnerable", complexity: { type: "polynomial" } }))?.code).toBe("catastrophic_backtracking");
    expect(verdictOf("^(a|b)*$", { status: "unknown", error: { kind: "timeout" } })).toMatchObject({ status: "undecided" });
    expect(verdictProblem(verdictOf("^(a|b)*$", { status: "unknown", error: { kind: "timeout" } }))?.code).toBe("undecided");
  });

  it("keeps why recheck could not decide, and calls kinds it does not know unexpected", () => {
    expect(summariseDiagnostics({ status: "unknown", error: { kind: "timeout" } })).toEqual({ status: "unknown", reason: "timeout" });
    expect(summariseDiagnostics({ status: "unknown", error: { kind: "something-new" } })).toEqual({ status: "unknown", reason: "unexpected" });
    expect(summariseDiagnostics({ status: "unknown" })).toEqual({ status: "unknown", reason: "unexpected" });
  });

  it("puts the removed literal prefix back in front of recheck's attack", () => {
    const verdict = verdictOf("^https://git\\.example/(\\w+\\s?)*$", {
      status: "vulnerable",
      complexity: { type: "exponential" },
      attack: { pattern: "'0'.repeat(31) + '\\x00'" },
    });
    expect(verdict).toMatchObject({ status: "unsafe", growth: "exponential", attack: "'https://git.example/' + '0'.repeat(31) + '\\x00'" });
  });

  it("bounds the attack summary, however long recheck's is", () => {
    const verdict = verdictOf("^(a+)+$", { status: "vulnerable", complexity: { type: "exponential" }, attack: { pattern: "'a'".repeat(1000) } });
    expect(verdict.status === "unsafe" && verdict.attack?.length).toBe(MAX_ATTACK_SUMMARY_CHARS);
  });

  it("turns a shape problem into an invalid verdict with the same message", () => {
    const shape = checkRegexpShape("^a|b$");
    expect(shape.problem && shapeVerdict(shape.problem)).toEqual({ status: "invalid", code: "unanchored", message: shape.problem?.message });
  });
});

describe("regexpMatches", () => {
  it("tests the whole identity against an anchored pattern", () => {
    const source = "^https://github\\.com/org/[a-z-]+/\\.github/workflows/release\\.yml@refs/tags/v.*$";
    expect(regexpMatches(source, "https://github.com/org/nginx/.github/workflows/release.yml@refs/tags/v1.2.0")).toBe(true);
    expect(regexpMatches(source, "https://github.com/org/nginx/.github/workflows/ci.yml@refs/heads/main")).toBe(false);
  });
});
