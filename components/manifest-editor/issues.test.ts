import { describe, expect, it } from "vitest";
import type { Issue } from "@/server/domain/issues";
import { toValidationResult, validateManifest } from "@/server/domain/manifest/validate";
import { hasBlockingErrors, issueKey, localValidationDelay, mergeProblems } from "./issues";

function issue(code: string, severity: Issue["severity"], line: number, startColumn: number, endColumn: number, extra: Partial<Issue> = {}): Issue {
  return { code, severity, message: code, path: "", range: { startLine: line, startColumn, endLine: line, endColumn }, ...extra };
}

const TEXT = "schema_version: 1\nname: web\ndependencies:\n  requires:\n    - acme/ghost@*\n";

describe("mergeProblems", () => {
  it("adds the server's account issues to the local ones and drops the server's copies of local issues", () => {
    const local = toValidationResult([issue("license.unknown_spdx", "warning", 2, 7, 10)]);
    const server = toValidationResult([
      issue("license.unknown_spdx", "warning", 2, 7, 10),
      issue("requires.unknown_module", "warning", 5, 7, 20),
      issue("conflict.protected_path", "conflict", 5, 7, 20, { relatedModule: "base" }),
    ]);
    const merged = mergeProblems(local, { text: TEXT, result: server }, TEXT);
    expect(merged.all.map(issueKey)).toEqual(["license.unknown_spdx@2:7-2:10", "conflict.protected_path@5:7-5:20", "requires.unknown_module@5:7-5:20"]);
    expect(merged.conflicts).toHaveLength(1);
    expect(merged.warnings).toHaveLength(2);
    expect(merged.accountChecked).toBe(true);
  });

  it("ignores non-account issues from the server (the local result is authoritative for them)", () => {
    const server = toValidationResult([issue("schema.unknown_key", "error", 1, 1, 4)]);
    const merged = mergeProblems(toValidationResult([]), { text: TEXT, result: server }, TEXT);
    expect(merged.all).toEqual([]);
  });

  it("shows every issue of a rejected save (authoritative), still deduplicated", () => {
    const local = toValidationResult([issue("legacy.registration_field", "error", 3, 1, 9)]);
    const server = toValidationResult([issue("legacy.registration_field", "error", 3, 1, 9), issue("schema.invalid_type", "error", 2, 7, 10)]);
    const merged = mergeProblems(local, { text: TEXT, result: server, authoritative: true }, TEXT);
    expect(merged.errors.map((i) => i.code)).toEqual(["schema.invalid_type", "legacy.registration_field"]);
  });

  it("keeps stale account issues only where the underlined text is unchanged", () => {
    const server = toValidationResult([issue("requires.unknown_module", "warning", 5, 7, 20), issue("requires.cycle", "error", 2, 7, 10)]);
    // Line 2 changed (web → wab); line 5 did not.
    const now = TEXT.replace("name: web", "name: wab");
    const merged = mergeProblems(toValidationResult([]), { text: TEXT, result: server }, now);
    expect(merged.all.map((i) => i.code)).toEqual(["requires.unknown_module"]);
    expect(merged.accountChecked).toBe(false);
    // A deleted line drops the issue instead of pointing past the end.
    const shorter = "schema_version: 1\n";
    expect(mergeProblems(toValidationResult([]), { text: TEXT, result: server }, shorter).all).toEqual([]);
  });

  it("orders by position, then errors before conflicts before warnings", () => {
    const local = toValidationResult([issue("w", "warning", 3, 1, 2), issue("e", "error", 3, 1, 2), issue("x", "error", 1, 1, 2)]);
    const server = toValidationResult([issue("capability.exclusive_clash", "conflict", 3, 1, 2)]);
    const merged = mergeProblems(local, { text: "a", result: server }, "a");
    expect(merged.all.map((i) => i.code)).toEqual(["x", "e", "capability.exclusive_clash", "w"]);
  });
});

describe("hasBlockingErrors", () => {
  it("is true for YAML syntax and input errors, false for schema errors", () => {
    expect(hasBlockingErrors(validateManifest({ manifestYaml: "a: [1, 2" }))).toBe(true);
    expect(hasBlockingErrors(validateManifest({ manifestYaml: "" }))).toBe(true);
    expect(hasBlockingErrors(validateManifest({ manifestYaml: "schema_version: 1\nname: x\nbogus: 1\n" }))).toBe(false);
  });
});

describe("localValidationDelay", () => {
  it("stays within 30..300 ms and scales with the last run's cost", () => {
    expect(localValidationDelay(null)).toBe(30);
    expect(localValidationDelay(2)).toBe(30);
    expect(localValidationDelay(20)).toBe(80);
    expect(localValidationDelay(500)).toBe(300);
  });
});
