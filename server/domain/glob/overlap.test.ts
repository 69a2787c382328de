import { describe, expect, it } from "vitest";
import { MAX_GLOB_WILDCARDS, OVERLAP_STEPS_PER_PAIR } from "./limits";
import { coversGlob, overlap, OverlapBudget } from "./overlap";
import { compileGlob as g } from "./parse";

function example(a: string, b: string): string | null {
  const r = overlap(g(a), g(b));
  if (r.kind === "undecided") throw new Error(`undecided: ${a} ∩ ${b}`);
  return r.kind === "overlap" ? r.example : null;
}

describe("overlap", () => {
  it.each([
    // a glob covers the subtree of what it matches, so a literal directory reaches its contents
    ["/etc/ssl", "/etc/ssl/certs/*.pem", "/etc/ssl/certs/x.pem"],
    ["/etc/**", "/etc/nginx/nginx.conf", "/etc/nginx/nginx.conf"],
    ["/etc/nginx/**", "/etc/*/conf.d/*.conf", "/etc/nginx/conf.d/x.conf"],
    ["/usr/**", "/etc/**", null],
    ["/etc/ssh/sshd_config", "/etc/ssh/ssh_config", null],
    ["/a/[a-c]", "/a/[!a-c]", null],
    ["/a/*.conf", "/a/*.json", null],
    ["/a/x*", "/a/*y", "/a/xy"],
    ["/**", "/**", "/x"],
    ["/a/**/b", "/a/b", "/a/b"],
    ["/etc/*.conf", "/etc/nginx*", "/etc/nginx.conf"],
    ["/usr/lib/*", "/usr/share/**", null],
    ["*.pyc", "/usr/**", "/usr/x.pyc"],
    ["/usr/*.pyc", "/usr/lib", null],
    // a relative glob reaches below a matching directory too
    ["*.pyc", "/usr/lib/*.py", "/usr/lib/x.py/x.pyc"],
    ["/a/[ab]", "/a/[cd]", null],
    ["/a/[ab]", "/a/[!a]", "/a/b"],
    ["/a/[!a]", "/a/[!b]", "/a/x"],
    ["/etc/nginx/", "/etc/nginx", "/etc/nginx/x"],
    ["/etc/nginx/", "/etc/nginx/nginx.conf", "/etc/nginx/nginx.conf"],
    ["/usr/lib/*", "/usr/lib/x/y", "/usr/lib/x/y"],
    ["/usr/**/bin", "/usr/local/bin/x", "/usr/local/bin/x"],
    ["/usr/**/bin/x", "/usr/local/sbin/*", "/usr/local/sbin/bin/x"],
    ["/usr/**/bin/x", "/opt/*", null],
    ["/opt/?", "/opt/ab", null],
    ["/opt/?", "/opt/a*", "/opt/a"],
    ["/", "/x", "/x"],
    ["/a/[[:digit:]]", "/a/[!0-8]", "/a/9"],
  ])("%s ∩ %s → %s", (a, b, expected) => {
    expect(example(a, b)).toBe(expected);
    expect(example(b, a) === null).toBe(expected === null);
  });

  it("prefers an example name that does not read like a hidden file", () => {
    expect(example("/etc/*.pem", "/etc/**")).toBe("/etc/x.pem");
    expect(example("/etc/.x*", "/etc/.x?")).toBe("/etc/.xx");
  });
});

describe("overlap budget", () => {
  // Two segments of ~100 wildcards' worth of positions: deciding them takes (|a|+1)·(|b|+1) grid cells.
  const wide = (tail: string) => g("/" + "*?".repeat(MAX_GLOB_WILDCARDS / 2 - 1) + "a".repeat(300) + tail);

  it("answers undecided for a pair larger than the per-search step limit, without doing the work", () => {
    const started = performance.now();
    expect(overlap(wide("b"), wide("c"))).toEqual({ kind: "undecided" });
    expect(performance.now() - started).toBeLessThan(500);
  });

  it("decides the same pair when allowed enough steps", () => {
    const budget = new OverlapBudget(Infinity, 10 * OVERLAP_STEPS_PER_PAIR);
    expect(overlap(wide("b"), wide("c"), budget)).toEqual({ kind: "disjoint" });
    expect(overlap(wide("b"), wide("*"), budget).kind).toBe("overlap");
    expect(budget.exhausted).toBe(false);
  });

  it("charges every search to a shared total and answers undecided once it is spent", () => {
    const budget = new OverlapBudget(100, 50);
    const a = g("/**/x*y/**/z");
    const b = g("/**/*y*/**/w");
    let results = 0;
    while (!budget.exhausted && results < 1000) {
      overlap(a, b, budget);
      results++;
    }
    expect(budget.exhausted).toBe(true);
    expect(budget.stepsUsed).toBeLessThanOrEqual(100);
    expect(overlap(g("/a"), g("/a"), budget)).toEqual({ kind: "undecided" });
  });

  it("charges at least one step per comparison, so any number of cheap comparisons is bounded too", () => {
    const budget = new OverlapBudget(1000);
    for (let i = 0; i < 2000 && !budget.exhausted; i++) overlap(g(`/a/${i}`), g("/b/*"), budget);
    expect(budget.exhausted).toBe(true);
  });
});

describe("coversGlob (conservative containment)", () => {
  it.each([
    ["/usr/share/doc/**", "/usr/share/doc/*/copyright", true],
    ["/usr/share/doc", "/usr/share/doc/x", true],
    ["/usr/share/doc/**", "/usr/share/**", false],
    ["/**", "/anything/*.x", true],
    ["/", "*.pyc", true],
    ["/etc/x/", "/etc/x", false],
    ["/etc/x/", "/etc/x/y", true],
    ["*.pyc", "*.pyc", true],
    ["*.pyc", "/usr/**", false],
    ["/usr", "*.so", false],
  ])("%s ⊇ %s → %s", (outer, inner, expected) => {
    expect(coversGlob(g(outer), g(inner))).toBe(expected);
  });
});
