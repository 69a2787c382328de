/**
 * `dependencies.requires` entries: the validator's parse and the JSON Schema's pattern accept the same entries, and
 * every range they accept is one `semver` can evaluate during dependency resolution.
 */
import fc from "fast-check";
import { check as recheck } from "recheck";
import semver from "semver";
import { describe, expect, it } from "vitest";
import { REQUIRES_ENTRY_MAX_LENGTH, REQUIRES_ENTRY_PATTERN, SEMVER_RANGE_PATTERN } from "./patterns";
import { parseRequirement } from "./requires";

/** Fragments that build valid ranges and near misses (leading zeros, wildcards before numbers, build-only, ...). */
const RANGE_PIECES = [
  "1", "0", "2", "10", "01", "1.2", "1.2.3", ".", "x", "X", "*", "-", "+", "beta", "rc.1", "a-b", "0a",
  " ", "  ", "\t", "||", " || ", "~", "~>", "^", ">", ">=", "<", "<=", "=", "v", " - ", "999999999999999",
  "9999999999999999", "@", "latest",
];

/** What the JSON Schema decides for an entry: its `pattern` and its `maxLength` (which counts code points). */
function schemaAccepts(entry: string): boolean {
  return REQUIRES_ENTRY_PATTERN.test(entry) && [...entry].length <= REQUIRES_ENTRY_MAX_LENGTH;
}

const rangeish = fc.array(fc.constantFrom(...RANGE_PIECES), { maxLength: 12 }).map((a) => a.join(""));

const entryish = fc.oneof(
  fc.tuple(fc.constantFrom("powernode", "acme-2", "PowerNode", "", "a_b", "9lives"), fc.constantFrom("/", "", "//"), fc.constantFrom("nginx", "system-base", "Nginx", "x-", ""), fc.constantFrom("@", "", "@@"), rangeish).map((p) => p.join("")),
  fc.tuple(fc.constantFrom("capability:", "capability: ", "Capability:"), fc.constantFrom("http", "http.port:80", "container-runtime", "HTTP", "a..b", ""), fc.constantFrom("", "@"), rangeish).map((p) => p.join("")),
  fc.string({ maxLength: 30 }),
);

describe("requires entries", () => {
  it.each([
    "powernode/system-base@^1.0",
    "powernode/system-base@>=1.2 <2",
    "powernode/a@*",
    "powernode/a@1.x || >=2.5.0 || 5.0.0 - 7.2.3",
    "powernode/a@~> 1.2",
    "powernode/a@>= 1.2.3-rc.1",
    "powernode/a@v2",
    "powernode/a@^2025.1.0",
    "capability:container-runtime",
    "capability:http.port:80@^2",
  ])("accepts %j", (entry) => {
    expect(parseRequirement(entry).ok).toBe(true);
    expect(schemaAccepts(entry)).toBe(true);
  });

  it.each([
    ["powernode/a@latest", "requires.invalid_range"],
    // semver.validRange reads both of these as "any version"; neither is what the author meant.
    ["powernode/a@+x", "requires.invalid_range"],
    ["powernode/a@1.2+build", "requires.invalid_range"],
    ["powernode/a@x.1", "requires.invalid_range"],
    ["powernode/a@1.2.3-01", "requires.invalid_range"],
    ["powernode/a@  ", "requires.invalid_range"],
    ["powernode/a", "requires.invalid_syntax"],
    [`powernode/a@>=1.0.0${" <2.0.0".repeat(40)}`, "requires.invalid_syntax"],
  ])("rejects %s with %s", (entry, code) => {
    const parsed = parseRequirement(entry);
    expect(parsed.ok ? null : parsed.code).toBe(code);
    expect(schemaAccepts(entry)).toBe(false);
  });

  it("the parse and the JSON Schema pattern accept exactly the same entries", () => {
    fc.assert(
      fc.property(entryish, (entry) => {
        expect(parseRequirement(entry).ok).toBe(schemaAccepts(entry));
      }),
      { numRuns: 20_000 },
    );
  });

  it("every range the grammar accepts is one semver evaluates", () => {
    let accepted = 0;
    fc.assert(
      fc.property(rangeish, (range) => {
        if (!SEMVER_RANGE_PATTERN.test(range)) return;
        accepted++;
        expect(semver.validRange(range), range).not.toBeNull();
      }),
      { numRuns: 20_000 },
    );
    // The generator must reach the interesting part of the space, or the property says little.
    expect(accepted).toBeGreaterThan(500);
  });

  it("the pattern cannot backtrack catastrophically (it runs in editors through the JSON Schema)", async () => {
    const verdict = await recheck(REQUIRES_ENTRY_PATTERN.source, "u", { timeout: 20_000 });
    expect(verdict.status).toBe("safe");
    for (const evil of ["1 ".repeat(20_000), "|| ".repeat(20_000), " ".repeat(60_000), `1.2.3-${"a-0".repeat(20_000)}`]) {
      const t0 = performance.now();
      REQUIRES_ENTRY_PATTERN.test(`a/b@${evil}!`);
      expect(performance.now() - t0).toBeLessThan(200);
    }
  }, 30_000);
});
