import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CODE_SEVERITY } from "../composition/codes";
import { ISSUE_CODES } from "./codes";

// The validator's own sources and the glob engine's, whose problems become the validator's glob.* issues.
const sources = [new URL("./", import.meta.url), new URL("../glob/", import.meta.url)].flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts") && f !== "codes.ts" && f !== "test-support.ts")
    .map((f) => [f, readFileSync(new URL(f, dir), "utf8")] as const),
);

describe("issue codes", () => {
  it("every code literal in the validator's source is catalogued with its severity", () => {
    const found = new Set<string>();
    for (const [, text] of sources) {
      for (const m of text.matchAll(/\bcode:\s*"([a-z0-9_]+\.[a-z0-9_]+)"/g)) if (m[1]) found.add(m[1]);
      for (const m of text.matchAll(/^\s*\|\s*"([a-z0-9_]+\.[a-z0-9_]+)"$/gm)) if (m[1]) found.add(m[1]);
      for (const m of text.matchAll(/\(\s*"(glob\.[a-z_]+)",/g)) if (m[1]) found.add(m[1]);
      for (const m of text.matchAll(/"(?:error|warning)",\s*"(glob\.[a-z_]+)",/g)) if (m[1]) found.add(m[1]);
      for (const m of text.matchAll(/\?\s*"([a-z0-9_]+\.[a-z0-9_]+)"\s*:\s*"([a-z0-9_]+\.[a-z0-9_]+)"/g)) {
        if (m[1]) found.add(m[1]);
        if (m[2]) found.add(m[2]);
      }
    }
    const missing = [...found].filter((c) => !(c in ISSUE_CODES));
    expect(missing).toEqual([]);
    expect(found.size).toBeGreaterThan(50);
  });

  it("every catalogued code is emitted somewhere (no dead entries)", () => {
    const all = sources.map(([, text]) => text).join("\n");
    expect(Object.keys(ISSUE_CODES).filter((c) => !all.includes(`"${c}"`))).toEqual([]);
  });

  it("docs/manifest-validation.md lists exactly the catalogued codes with the same severities", () => {
    const doc = readFileSync(new URL("../../../docs/manifest-validation.md", import.meta.url), "utf8");
    const rows = [...doc.matchAll(/^\| `([a-z0-9_]+\.[a-z0-9_]+)` \| (error|warning|conflict) \|/gm)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual(Object.entries(ISSUE_CODES).map(([code, { severity }]) => [code, severity]));
  });

  it("a clash has one name in the validator and the composer; only the severity follows the context", () => {
    // The validator sees a possibility across the account (conflict), a composition a real clash (error).
    const shared = Object.keys(ISSUE_CODES).filter((c) => c in CODE_SEVERITY);
    expect(shared).toEqual(["capability.exclusive_clash"]);
    expect(ISSUE_CODES["capability.exclusive_clash"].severity).toBe("conflict");
    expect(CODE_SEVERITY["capability.exclusive_clash"]).toBe("error");
  });
});
