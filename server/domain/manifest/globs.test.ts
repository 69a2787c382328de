import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkGlob, compileGlob, escapeGlobLiteral, globMatches, globsOverlap, GlobSyntaxError, parseGlob } from "./globs";

function problems(glob: string): Array<[string, number, number]> {
  return checkGlob(glob).map((p) => [p.code, p.offset, p.length]);
}

describe("glob syntax", () => {
  it.each([
    ["/etc/nginx/**", []],
    ["/usr/lib/*/libssl.so.[0-9]*", []],
    ["/etc/[!.]*", []],
    ["/etc/\\[literal\\]", []],
    ["", [["glob.empty", 0, 0]]],
    ["etc/nginx", [["glob.not_absolute", 0, 9]]],
    ["./etc", [["glob.not_absolute", 0, 5]]],
    ["/etc//nginx", [["glob.empty_segment", 5, 1]]],
    ["/etc/nginx/", [["glob.trailing_slash", 10, 1]]],
    ["/", [["glob.trailing_slash", 0, 1]]],
    ["/etc/../x", [["glob.relative_segment", 5, 2]]],
    ["/etc/./x", [["glob.relative_segment", 5, 1]]],
    ["/etc/[ab", [["glob.unbalanced_bracket", 5, 1]]],
    ["/etc/ab]", [["glob.unbalanced_bracket", 7, 1]]],
    ["/etc/[a/b]", [["glob.invalid_class", 7, 1]]],
    ["/etc/[z-a]", [["glob.invalid_class", 6, 3]]],
    ["/etc/[[:alpha:]]", [["glob.unsupported_syntax", 6, 9]]],
    ["/etc/***", [["glob.unsupported_syntax", 5, 3]]],
    ["/etc/x\\", [["glob.dangling_escape", 6, 1]]],
    ["/etc/a**b", [["glob.star_star_in_segment", 6, 2]]],
    ["/etc/{a,b}", [["glob.literal_brace", 5, 1]]],
  ] as Array<[string, Array<[string, number, number]>]>)("%j", (glob, expected) => {
    expect(problems(glob)).toEqual(expected);
  });

  it("rejects overly long globs", () => {
    expect(problems("/" + "a".repeat(5000))).toEqual([["glob.too_long", 0, 5001]]);
  });

  it("warnings still yield a parse; errors do not", () => {
    expect(parseGlob("/etc/a**b").glob).not.toBeNull();
    expect(parseGlob("/etc/[ab").glob).toBeNull();
  });
});

describe("compileGlob / globMatches", () => {
  it.each([
    ["/etc/**", "/etc/nginx/nginx.conf", true],
    ["/etc/**", "/etc", true],
    ["/etc/**", "/etcetera/x", false],
    ["/etc/*", "/etc/nginx/nginx.conf", false],
    ["/etc/*", "/etc/.hidden", true],
    ["/**/nginx.conf", "/nginx.conf", true],
    ["/**/nginx.conf", "/etc/nginx/nginx.conf", true],
    ["/etc/**/*.conf", "/etc/x.conf", true],
    ["/usr/lib/x*/**", "/usr/lib/x86_64", true],
    ["/etc/[!a]*", "/etc/bcd", true],
    ["/etc/[!a]*", "/etc/abc", false],
    ["/etc/[^a]*", "/etc/abc", false],
    ["/etc/file?.txt", "/etc/file1.txt", true],
    ["/etc/file?.txt", "/etc/file/.txt", false],
    ["/etc/a.b", "/etc/aXb", false],
    ["/etc/(x)+|$^", "/etc/(x)+|$^", true],
    ["/etc/{a,b}", "/etc/{a,b}", true],
    ["/etc/{a,b}", "/etc/a", false],
    ["/etc/\\*", "/etc/*", true],
    ["/etc/\\*", "/etc/x", false],
    ["/etc/a**b", "/etc/a/x/b", false],
  ])("%s ~ %s → %s", (glob, path, expected) => {
    expect(globMatches(glob, path)).toBe(expected);
  });

  it("throws GlobSyntaxError for invalid globs; globMatches treats them as matching nothing", () => {
    expect(() => compileGlob("etc/x")).toThrow(GlobSyntaxError);
    expect(globMatches("etc/x", "/etc/x")).toBe(false);
  });
});

describe("globsOverlap", () => {
  it.each([
    ["/etc/**", "/etc/nginx/nginx.conf", "/etc/nginx/nginx.conf"],
    ["/etc/nginx/**", "/etc/*/conf.d/*.conf", "/etc/nginx/conf.d/.conf"],
    ["/usr/**", "/etc/**", null],
    ["/etc/ssh/sshd_config", "/etc/ssh/ssh_config", null],
    ["/a/[a-c]", "/a/[!a-c]", null],
    ["/a/*.conf", "/a/*.json", null],
    ["/a/x*", "/a/*y", "/a/xy"],
    ["/**", "/**", "/a"],
    ["/a/**/b", "/a/b", "/a/b"],
  ])("%s ∩ %s", (a, b, witness) => {
    expect(globsOverlap(a, b)).toBe(witness);
    expect(globsOverlap(b, a) === null).toBe(witness === null);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Properties: the exact overlap test, the glob parser and picomatch agree.

const segmentPart = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom("a", "b", "c", ".", "-") },
  { weight: 2, arbitrary: fc.constant("*") },
  { weight: 2, arbitrary: fc.constant("?") },
  { weight: 1, arbitrary: fc.constantFrom("[ab]", "[!a]", "[^b.]", "[a-c]", "[.-]") },
);
const segment = fc.oneof(
  { weight: 5, arbitrary: fc.array(segmentPart, { minLength: 1, maxLength: 4 }).map((p) => p.join("")) },
  { weight: 1, arbitrary: fc.constant("**") },
);
const globArb = fc
  .array(segment, { minLength: 1, maxLength: 4 })
  .map((s) => "/" + s.join("/"))
  .filter((g) => parseGlob(g).glob !== null && !/\/\.{1,2}(\/|$)/.test(g) && !/\/\[\.\](\/|$)/.test(g));
const pathSegment = fc
  .array(fc.constantFrom("a", "b", "c", ".", "-"), { minLength: 1, maxLength: 4 })
  .map((c) => c.join(""))
  .filter((s) => s !== "." && s !== "..");
const pathArb = fc.array(pathSegment, { minLength: 1, maxLength: 5 }).map((s) => "/" + s.join("/"));

describe("glob properties", () => {
  it("picomatch matching agrees with the glob semantics used for overlap", () => {
    fc.assert(
      fc.property(globArb, pathArb, (glob, path) => {
        const bySemantics = globsOverlap(glob, escapeGlobLiteral(path)) !== null;
        expect(globMatches(glob, path)).toBe(bySemantics);
      }),
      { numRuns: 3000 },
    );
  });

  it("every overlap witness matches both globs", () => {
    fc.assert(
      fc.property(globArb, globArb, (a, b) => {
        const w = globsOverlap(a, b);
        if (w === null || /\/\.{1,2}(\/|$)/.test(w)) return;
        expect(globMatches(a, w)).toBe(true);
        expect(globMatches(b, w)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("is sound: a path matching both globs implies an overlap", () => {
    fc.assert(
      fc.property(globArb, globArb, pathArb, (a, b, path) => {
        if (globMatches(a, path) && globMatches(b, path)) expect(globsOverlap(a, b)).not.toBeNull();
      }),
      { numRuns: 3000 },
    );
  });

  it("never throws on arbitrary strings", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        const { glob } = parseGlob(s);
        globMatches(s, "/etc/x");
        if (glob) globsOverlap(s, s);
      }),
      { numRuns: 2000 },
    );
  });
});
