/**
 * Property tests over a small alphabet, so random globs and paths actually meet: the engine agrees with a slow
 * reference matcher written straight from docs/globs.md, overlap examples are covered by both globs, and the
 * overlap search misses nothing.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { GlobIndex, lastSegment } from "./directory-index";
import { coversGlob, overlap } from "./overlap";
import { compileGlob, parseGlob } from "./parse";
import { referenceCovers, referenceMatches } from "./test-reference";

// Thousands of runs each; the default 5 s per test is too tight on a machine shared with other jobs.
const PROPERTY_TIMEOUT_MS = 60_000;

const NAMES = ["a", "b", "ab", "ba", ".x", "a.c", "x", "1", "a]"];
const SEGMENTS = ["a", "b", "ab", "*", "a*", "*b", "?", "[ab]", "[!a]", "[[:digit:]]", "**", "***", "*.c", ".x", "a?c", "[a-c]*", "x**", "*a*", "a]"];

const nameArb = fc.constantFrom(...NAMES);
const pathArb = fc
  .tuple(fc.array(nameArb, { minLength: 1, maxLength: 5 }), fc.boolean())
  .map(([names, directory]) => "/" + names.join("/") + (directory ? "/" : ""));
const fileArb = fc.array(nameArb, { minLength: 1, maxLength: 5 }).map((names) => "/" + names.join("/"));
const globArb = fc
  .tuple(fc.array(fc.constantFrom(...SEGMENTS), { minLength: 0, maxLength: 4 }), fc.boolean(), fc.boolean())
  .map(([segments, anchored, dirOnly]) => (anchored ? "/" : "") + segments.join("/") + (dirOnly ? "/" : ""))
  .filter((s) => parseGlob(s).glob !== null);

describe("the engine agrees with the reference matcher", () => {
  it("matches", () => {
    fc.assert(
      fc.property(globArb, pathArb, (glob, path) => {
        expect(compileGlob(glob).matches(path), `${glob} matches ${path}`).toBe(referenceMatches(glob, path));
      }),
      { numRuns: 3000 },
    );
  }, PROPERTY_TIMEOUT_MS);

  it("covers", () => {
    fc.assert(
      fc.property(globArb, pathArb, (glob, path) => {
        expect(compileGlob(glob).covers(path), `${glob} covers ${path}`).toBe(referenceCovers(glob, path));
      }),
      { numRuns: 3000 },
    );
  }, PROPERTY_TIMEOUT_MS);

  const indexAgrees = (globs: readonly string[], paths: readonly string[]) => {
    const entries = globs.map((source, i) => {
      const glob = compileGlob(source);
      return { glob, last: lastSegment(glob), i };
    });
    const index = new GlobIndex(entries);
    for (const p of paths) {
      const slash = p.lastIndexOf("/");
      const state = index.stateFor(p.slice(0, slash));
      const hit = new Set(state.all.map((e) => e.i));
      state.forEachFileMatch(p.slice(slash + 1), (e) => hit.add(e.i));
      const expected = new Set(entries.filter((e) => e.glob.covers(p)).map((e) => e.i));
      expect([...hit].sort(), `${p} in ${globs.join(" ")}`).toEqual([...expected].sort());
    }
  };

  it("the directory index gives the same verdicts as covers", () => {
    fc.assert(
      fc.property(fc.array(globArb, { minLength: 1, maxLength: 6 }), fc.array(fileArb, { maxLength: 20 }), indexAgrees),
      { numRuns: 800 },
    );
  }, PROPERTY_TIMEOUT_MS);

  it("…also with enough globs that directories index their literal next steps", () => {
    fc.assert(
      fc.property(fc.array(globArb, { minLength: 40, maxLength: 80 }), fc.array(fileArb, { maxLength: 30 }), indexAgrees),
      { numRuns: 150 },
    );
  }, PROPERTY_TIMEOUT_MS);
});

describe("overlap", () => {
  it("every example is covered by both globs (no false overlaps)", () => {
    fc.assert(
      fc.property(globArb, globArb, (a, b) => {
        const r = overlap(compileGlob(a), compileGlob(b));
        expect(r.kind).not.toBe("undecided");
        if (r.kind !== "overlap") return;
        expect(referenceCovers(a, r.example), `${a} covers ${r.example}`).toBe(true);
        expect(referenceCovers(b, r.example), `${b} covers ${r.example}`).toBe(true);
      }),
      { numRuns: 3000 },
    );
  }, PROPERTY_TIMEOUT_MS);

  it("misses nothing: a path both globs cover means an overlap", () => {
    fc.assert(
      fc.property(globArb, globArb, pathArb, (a, b, path) => {
        if (referenceCovers(a, path) && referenceCovers(b, path)) expect(overlap(compileGlob(a), compileGlob(b)).kind).toBe("overlap");
      }),
      { numRuns: 3000 },
    );
  }, PROPERTY_TIMEOUT_MS);

  it("is symmetric", () => {
    fc.assert(
      fc.property(globArb, globArb, (a, b) => {
        expect(overlap(compileGlob(a), compileGlob(b)).kind).toBe(overlap(compileGlob(b), compileGlob(a)).kind);
      }),
      { numRuns: 1000 },
    );
  }, PROPERTY_TIMEOUT_MS);

  it("coversGlob never claims containment wrongly", () => {
    fc.assert(
      fc.property(globArb, globArb, pathArb, (outer, inner, path) => {
        if (coversGlob(compileGlob(outer), compileGlob(inner)) && referenceCovers(inner, path))
          expect(referenceCovers(outer, path), `${outer} ⊇ ${inner} at ${path}`).toBe(true);
      }),
      { numRuns: 3000 },
    );
  }, PROPERTY_TIMEOUT_MS);
});
