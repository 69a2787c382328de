import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { OverlapIndex } from "./overlap-index";
import { overlap } from "./overlap";
import { compileGlob as g } from "./parse";

// Few distinct literal names, so prefixes collide often; wildcards and ** at any depth.
const segment = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("a", "b", "ab", "etc", "usr") },
  { weight: 2, arbitrary: fc.constantFrom("*", "a*", "?b", "[ab]") },
  { weight: 1, arbitrary: fc.constant("**") },
);
const globArb = fc
  .tuple(fc.array(segment, { minLength: 1, maxLength: 5 }), fc.boolean(), fc.boolean())
  .map(([s, anchored, dirOnly]) => (anchored ? "/" : "") + s.join("/") + (dirOnly ? "/" : ""));

describe("literalPrefix", () => {
  it("stops at the first wildcard or ** segment; relative globs have none", () => {
    expect(g("/usr/lib/nginx/*.so").literalPrefix).toEqual(["usr", "lib", "nginx"]);
    expect(g("/etc/**/x.conf").literalPrefix).toEqual(["etc"]);
    expect(g("/**").literalPrefix).toEqual([]);
    expect(g("/a/b\\*c/d").literalPrefix).toEqual(["a", "b*c", "d"]);
    expect(g("etc/*.conf").literalPrefix).toEqual([]);
  });
});

describe("OverlapIndex", () => {
  it("never misses an overlapping entry (candidates ⊇ brute force)", () => {
    fc.assert(
      fc.property(fc.array(globArb, { minLength: 1, maxLength: 25 }), globArb, (entries, query) => {
        const list = entries.map((source) => ({ glob: g(source) }));
        const candidates = new Set(new OverlapIndex(list).candidates(g(query)));
        for (const e of list) {
          if (overlap(g(query), e.glob).kind !== "disjoint") expect(candidates.has(e)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("prunes entries under other literal directories", () => {
    const list = ["/usr/lib/a/**", "/usr/lib/b/*.so", "/etc/x", "/usr/*/c", "/*/lib/a/y"].map((source) => ({ source, glob: g(source) }));
    const names = (q: string) => new OverlapIndex(list).candidates(g(q)).map((e) => e.source);
    expect(names("/usr/lib/a/test/**")).toEqual(["/usr/lib/a/**", "/usr/*/c", "/*/lib/a/y"]);
    expect(names("/usr/**")).toEqual(["/usr/lib/a/**", "/usr/lib/b/*.so", "/usr/*/c", "/*/lib/a/y"]);
    expect(names("/**")).toEqual(["/usr/lib/a/**", "/usr/lib/b/*.so", "/etc/x", "/usr/*/c", "/*/lib/a/y"]);
  });

  it("returns literal-first entries in insertion order, then wildcard-first ones", () => {
    const list = ["/*/x", "/a/**", "/a/b", "/**", "/a/c/*"].map((source) => ({ source, glob: g(source) }));
    expect(new OverlapIndex(list).candidates(g("/a/*")).map((e) => e.source)).toEqual(["/a/**", "/a/b", "/a/c/*", "/*/x", "/**"]);
  });
});
