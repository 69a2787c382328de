import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compose } from "./compose";
import { referenceCovers } from "../glob/test-reference";
import { overlayEntries } from "./overlay";
import { CATEGORIES } from "./test-fixtures";
import type { ComposeInput, ComposeModule, ComposeResult } from "./types";

const PATHS = [
  "/etc/hosts",
  "/etc/ssh/sshd_config",
  "/etc/ssh/moduli",
  "/etc/nginx/nginx.conf",
  "/etc/nginx/conf.d/a.conf",
  "/usr/bin/ls",
  "/usr/lib/libx.so",
  "/usr/lib/python3/a.pyc",
  "/usr/share/doc/x/README",
  "/opt/app/run",
  "/top",
];
const GLOBS = ["/**", "/etc/**", "/etc/ssh/**", "/etc/ssh/sshd_config", "/etc/*.conf", "/etc/nginx/", "/usr/**", "/usr/lib/*", "*.pyc", "*.conf", "/usr/share/doc/**", "/opt/app", "/top", "/etc/[hn]*"];
const NAMES = ["a", "b", "c", "d", "e", "f"];

const moduleArb = (name: string): fc.Arbitrary<ComposeModule> =>
  fc.record({
    name: fc.constant(name),
    category: fc.constantFrom(...Object.keys(CATEGORIES)),
    variety: fc.constantFrom("subscription" as const, "config" as const, "instance" as const),
    priority: fc.integer({ min: 0, max: 2 }),
    effectivePriorityOverride: fc.option(fc.constantFrom(50_000, 90_000), { nil: null, freq: 5 }),
    version: fc.constantFrom("1.0.0", "1.4.2", "2.0.0"),
    fileSpec: fc.subarray(GLOBS, { maxLength: 3 }),
    mask: fc.subarray(GLOBS, { maxLength: 1 }),
    protectedSpec: fc.subarray(GLOBS.slice(1), { maxLength: 1 }),
    requires: fc.subarray(["powernode/a@^1", "powernode/b@*", "powernode/c@^2", "capability:x", "capability:http.port"], { maxLength: 2 }),
    provides: fc.subarray(["x", "http.port:80", "y@1.0.0"], { maxLength: 2 }),
    files: fc.option(fc.subarray(PATHS), { nil: null, freq: 6 }),
  });

const compositionArb: fc.Arbitrary<ComposeInput> = fc
  .integer({ min: 1, max: NAMES.length })
  .chain((n) => fc.tuple(...NAMES.slice(0, n).map(moduleArb)))
  .map((modules) => ({ owner: "powernode", categories: CATEGORIES, modules }));

/** The rule of SPEC §3 written the slow, obvious way: the layers that ship `path`, in layer order. */
function referenceShippers(input: ComposeInput, result: ComposeResult, path: string): string[] {
  const byName = new Map(input.modules.map((m) => [m.name, m]));
  const protectors = result.layers.filter((l) => l.protectedSpec.some((g) => referenceCovers(g, path))).map((l) => l.name);
  return result.layers
    .map((l) => byName.get(l.name)!)
    .filter(
      (m) =>
        (m.files ?? []).includes(path) &&
        (m.fileSpec ?? []).some((g) => referenceCovers(g, path)) &&
        !(m.mask ?? []).some((g) => referenceCovers(g, path)) &&
        (protectors.length === 0 || (protectors.length === 1 && protectors[0] === m.name)),
    )
    .map((m) => m.name);
}

function canonical(r: ComposeResult): unknown {
  const issue = (i: { code: string; message: string; relatedModule?: string; key: string }) => [i.key, i.code, i.message, i.relatedModule];
  return {
    layers: r.layers.map(({ pointer: _p, ...l }) => l),
    dependencies: r.dependencies.map(({ pointer: _p, ...d }) => d),
    overlay: [...overlayEntries(r, { sorted: true })].map(({ id: _id, ...e }) => e),
    globOverlaps: r.overlay.globOverlaps,
    errors: r.errors.map(issue),
    warnings: r.warnings.map(issue),
    conflicts: r.conflicts.map(issue),
  };
}

describe("compose properties", () => {
  it("the winner of every path is the highest-priority module that ships it", () => {
    fc.assert(
      fc.property(compositionArb, (input) => {
        const r = compose(input);
        for (const e of overlayEntries(r)) expect(e.winner).toBe(referenceShippers(input, r, e.path).at(-1) ?? null);
      }),
      { numRuns: 400 },
    );
  });

  it("shadowed modules are exactly the lower layers that also ship the path", () => {
    fc.assert(
      fc.property(compositionArb, (input) => {
        const r = compose(input);
        for (const e of overlayEntries(r)) expect(e.shadowed).toEqual(referenceShippers(input, r, e.path).slice(0, -1));
      }),
      { numRuns: 300 },
    );
  });

  it("every listed entry is accounted for exactly once per layer", () => {
    fc.assert(
      fc.property(compositionArb, (input) => {
        const r = compose(input);
        for (const l of r.layers) {
          const c = l.counts;
          expect(c.shipped + c.droppedByMask + c.droppedByProtection + c.droppedByConflict + c.outsideFileSpec + c.invalidPaths + c.duplicates).toBe(
            c.listed,
          );
          expect(c.winning + c.shadowed).toBe(c.shipped);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("is deterministic under permutation of the modules", () => {
    fc.assert(
      fc.property(
        compositionArb.chain((input) =>
          fc.tuple(fc.constant(input), fc.shuffledSubarray([...input.modules], { minLength: input.modules.length, maxLength: input.modules.length })),
        ),
        ([input, shuffled]) => {
          const a = compose(input);
          const b = compose({ ...input, modules: shuffled });
          expect(canonical(b)).toEqual(canonical(a));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("a path protected by two modules is never shipped", () => {
    fc.assert(
      fc.property(compositionArb, (input) => {
        const r = compose(input);
        for (const e of overlayEntries(r, { contestedOnly: true })) if (e.protectors !== null) expect(e.winner).toBeNull();
      }),
      { numRuns: 300 },
    );
  });
});
