import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { backtrackingProblem, checkRegexpShape, regexpMatches, stripAnchoredLiteralPrefix } from "./regexp";

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

describe("backtrackingProblem", () => {
  it("maps recheck's verdicts to field messages", () => {
    expect(backtrackingProblem({ status: "safe" })).toBeNull();
    expect(backtrackingProblem({ status: "vulnerable", complexity: { type: "exponential" } })?.message).toContain("exponential");
    expect(backtrackingProblem({ status: "vulnerable", complexity: { type: "polynomial" } })?.code).toBe("catastrophic_backtracking");
    expect(backtrackingProblem({ status: "unknown", error: { kind: "timeout" } })?.code).toBe("undecided");
  });
});

describe("regexpMatches", () => {
  it("tests the whole identity against an anchored pattern", () => {
    const source = "^https://github\\.com/org/[a-z-]+/\\.github/workflows/release\\.yml@refs/tags/v.*$";
    expect(regexpMatches(source, "https://github.com/org/nginx/.github/workflows/release.yml@refs/tags/v1.2.0")).toBe(true);
    expect(regexpMatches(source, "https://github.com/org/nginx/.github/workflows/ci.yml@refs/heads/main")).toBe(false);
  });
});
