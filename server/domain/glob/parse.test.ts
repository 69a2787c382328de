import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { MAX_GLOB_LENGTH, MAX_GLOB_SEGMENTS, MAX_GLOB_WILDCARDS } from "./limits";
import { compileGlob, GlobSyntaxError, parseGlob } from "./parse";

function problems(glob: string): Array<[string, number, number]> {
  return parseGlob(glob).problems.map((p) => [p.code, p.offset, p.length]);
}

describe("glob syntax", () => {
  it.each([
    ["/etc/nginx/**", []],
    ["/usr/lib/*/libssl.so.[0-9]*", []],
    ["/etc/[!.]*", []],
    ["/etc/\\[literal\\]", []],
    ["/etc/[[:digit:]]x", []],
    // accepted with the meanings the composer gives them (docs/globs.md)
    ["/etc/nginx/", []],
    ["/", []],
    ["*.pyc", []],
    ["__pycache__/", []],
    ["**/cache/*.bin", []],
    ["/opt/app/***", []],
    ["/etc/ab]", []],
    ["", [["glob.empty", 0, 0]]],
    ["etc/nginx/*", [["glob.relative_path", 0, 11]]],
    ["/etc//nginx", [["glob.empty_segment", 5, 1]]],
    ["/etc/../x", [["glob.relative_segment", 5, 2]]],
    ["/etc/./x", [["glob.relative_segment", 5, 1]]],
    ["/etc/[ab", [["glob.unbalanced_bracket", 5, 1]]],
    ["/etc/[a/b]", [["glob.invalid_class", 7, 1]]],
    ["/etc/[z-a]", [["glob.invalid_class", 6, 3]]],
    ["/etc/[[:alfa:]]", [["glob.invalid_class", 6, 8]]],
    ["/etc/x\\", [["glob.dangling_escape", 6, 1]]],
    ["/etc/a**b", [["glob.star_star_in_segment", 6, 2]]],
    ["/etc/a***", [["glob.star_star_in_segment", 6, 3]]],
    ["/etc/{a,b}", [["glob.literal_brace", 5, 1]]],
  ] as Array<[string, Array<[string, number, number]>]>)("%j", (glob, expected) => {
    expect(problems(glob)).toEqual(expected);
  });

  it("reports each code once per glob, so a hostile glob yields a handful of markers", () => {
    expect(problems("/a**b/c**d//e//f/{x}/{y}")).toEqual([
      ["glob.star_star_in_segment", 2, 2],
      ["glob.empty_segment", 11, 1],
      ["glob.literal_brace", 17, 1],
    ]);
  });

  it("warnings still yield a glob; errors do not", () => {
    expect(parseGlob("/etc/a**b").glob).not.toBeNull();
    expect(parseGlob("/etc//b").glob).not.toBeNull();
    expect(parseGlob("/etc/[ab").glob).toBeNull();
    expect(() => compileGlob("/etc/[ab")).toThrow(GlobSyntaxError);
  });

  it("records the shape: anchored, directory-only, subtree, literal prefix, kind", () => {
    const g = compileGlob("/usr/lib/*.so");
    expect([g.anchored, g.dirOnly, g.subtree, g.literalPrefix, g.kind]).toEqual([true, false, false, ["usr", "lib"], "pattern"]);
    const tree = compileGlob("/usr/share/doc/**");
    expect([tree.subtree, tree.kind, tree.segments.length]).toEqual([true, "literal", 3]);
    const rel = compileGlob("*.pyc");
    expect([rel.anchored, rel.literalPrefix, rel.segments[0]?.kind]).toEqual([false, [], "globstar"]);
    const dir = compileGlob("/etc/nginx/");
    expect([dir.dirOnly, dir.kind]).toEqual([true, "literal"]);
    for (const all of ["/", "/**", "**", "/**/**"]) expect(compileGlob(all).kind).toBe("all");
  });
});

describe("bounds", () => {
  it(`rejects globs longer than ${MAX_GLOB_LENGTH} characters, at once`, () => {
    expect(problems("/" + "a".repeat(MAX_GLOB_LENGTH - 1))).toEqual([]);
    expect(problems("/" + "a".repeat(MAX_GLOB_LENGTH))).toEqual([["glob.too_long", 0, MAX_GLOB_LENGTH + 1]]);
  });

  it(`rejects more than ${MAX_GLOB_WILDCARDS} wildcards, underlining from the first one too many`, () => {
    const ok = "/" + "*a".repeat(MAX_GLOB_WILDCARDS);
    expect(problems(ok)).toEqual([]);
    const tooMany = "/" + "*?".repeat(20) + "x";
    const at = 1 + MAX_GLOB_WILDCARDS;
    expect(problems(tooMany)).toEqual([["glob.too_many_wildcards", at, tooMany.length - at]]);
    expect(parseGlob(tooMany).problems[0]?.message).toContain("40 wildcards");
  });

  it("counts each * run, ?, [...] and ** once; a relative glob's implicit ** is free", () => {
    const exactly = (n: number) => parseGlob("/" + Array.from({ length: n }, (_, i) => ["***a", "?", "[ab]", "/**/"][i % 4]).join(""));
    expect(exactly(MAX_GLOB_WILDCARDS).glob).not.toBeNull();
    expect(exactly(MAX_GLOB_WILDCARDS + 1).problems.map((p) => p.code)).toContain("glob.too_many_wildcards");
    expect(parseGlob("*a".repeat(MAX_GLOB_WILDCARDS)).glob).not.toBeNull();
  });

  it(`rejects more than ${MAX_GLOB_SEGMENTS} segments (a relative glob's leading ** counts)`, () => {
    const deep = (n: number, prefix = "/") => prefix + Array.from({ length: n }, (_, i) => `d${i}`).join("/");
    expect(parseGlob(deep(MAX_GLOB_SEGMENTS)).glob).not.toBeNull();
    expect(parseGlob(deep(MAX_GLOB_SEGMENTS) + "/**").glob).not.toBeNull();
    expect(problems(deep(MAX_GLOB_SEGMENTS + 1)).map((p) => p[0])).toEqual(["glob.too_deep"]);
    expect(problems(deep(MAX_GLOB_SEGMENTS, "")).map((p) => p[0])).toEqual(["glob.relative_path", "glob.too_deep"]);
  });
});

describe("parsing arbitrary strings", () => {
  it("never throws, and problems stay inside the glob", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        const { glob, problems: list } = parseGlob(s);
        for (const p of list) {
          expect(p.offset).toBeGreaterThanOrEqual(0);
          expect(p.offset + p.length).toBeLessThanOrEqual(s.length);
        }
        if (glob) {
          glob.matches("/etc/x");
          glob.covers("/etc/x/y");
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("parses a maximal glob in linear time", () => {
    const started = performance.now();
    for (let i = 0; i < 200; i++) parseGlob("/" + "[a-z]*?\\x".repeat(100).slice(0, MAX_GLOB_LENGTH - 1));
    // A hang guard, not a speed measurement: 200 parses of 1 KB take milliseconds.
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
