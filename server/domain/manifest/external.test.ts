import { describe, expect, it } from "vitest";
import { toSnakeCaseResult } from "./external";
import { check, manifest } from "./test-support";

describe("toSnakeCaseResult", () => {
  it("converts every key to snake_case, including ranges, related modules and fixes", () => {
    const result = check(
      manifest("displayName: x\nprotected_spec: [/etc/x]\n"),
      {},
      { owner: "powernode", modules: [{ name: "other", protectedSpec: ["/etc/**"], fileSpec: [], provides: [], requires: [], versions: [] }] },
    );
    const external = toSnakeCaseResult(result);
    expect(external.valid).toBe(false);
    expect(external.errors[0]).toEqual({
      code: "schema.unknown_key",
      severity: "error",
      message: "Unknown key `displayName` at the top level.",
      path: "/displayName",
      range: { start_line: 3, start_column: 1, end_line: 3, end_column: 12 },
      hint: "Did you mean `display_name`?",
      fix: {
        title: "Rename to `display_name`",
        edits: [{ range: { start_line: 3, start_column: 1, end_line: 3, end_column: 12 }, text: "display_name" }],
      },
    });
    expect(external.conflicts[0]?.related_module).toBe("other");
    const json = JSON.stringify(external);
    expect(json).not.toMatch(/"[a-z]+[A-Z][A-Za-z]*":/);
  });

  it("omits absent optional fields", () => {
    const external = toSnakeCaseResult(check("schema_version: 1\n"));
    expect(Object.keys(external.errors[0] ?? {}).sort()).toEqual(["code", "hint", "message", "path", "range", "severity"]);
  });
});
