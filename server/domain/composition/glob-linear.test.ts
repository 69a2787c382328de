import fc from "fast-check";
import picomatch from "picomatch/posix";
import { describe, expect, it } from "vitest";
import { compileGlob, globMatches, segmentMatches } from "./glob";

const PICOMATCH_OPTIONS = { dot: true, posix: true, nobrace: true, noextglob: true, nonegate: true, strictSlashes: true } as const;

describe("segment matching without regex backtracking", () => {
  it("agrees with picomatch on random segment patterns and names", () => {
    const patternPart = fc.constantFrom("a", "b", ".", "-", "*", "?", "[ab]", "[!a]", "[a-c]", "\\*", "x", "[[:digit:]]", "1");
    const namePart = fc.constantFrom("a", "b", "c", ".", "-", "*", "x", "1", "é");
    fc.assert(
      fc.property(fc.array(patternPart, { minLength: 1, maxLength: 8 }), fc.array(namePart, { minLength: 1, maxLength: 10 }), (pp, np) => {
        const pattern = pp.join("");
        const name = np.join("");
        const glob = compileGlob(`/${pattern}`);
        const seg = glob.segments[0];
        if (seg === undefined || glob.segments.length !== 1) return;
        const expected = picomatch.makeRe(pattern, PICOMATCH_OPTIONS).test(name);
        expect(segmentMatches(seg, name), `${pattern} vs ${name}`).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it("a pathological glob against a long name answers at once (picomatch's regex would take minutes)", () => {
    const glob = compileGlob(`/x/${"*a".repeat(14)}b`);
    const started = Date.now();
    expect(globMatches(glob, `/x/${"a".repeat(200)}`)).toBe(false);
    expect(globMatches(glob, `/x/${"a".repeat(200)}b`)).toBe(true);
    // A hang guard with a generous bound; speed belongs to the benchmark.
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("keeps picomatch's answers for the names . and ..", () => {
    const star = compileGlob("/*").segments[0]!;
    expect(segmentMatches(star, ".")).toBe(false);
    expect(segmentMatches(star, "..")).toBe(false);
    expect(segmentMatches(star, ".x")).toBe(true);
  });
});
