import { describe, expect, it } from "vitest";
import { validateManifest } from "@/server/domain/manifest/validate";
import { markerMessage, toMarker } from "./markers";

const S = { Error: 8, Warning: 4, Info: 2 };

describe("toMarker", () => {
  it("maps the exact range and the three severities (conflict → Info)", () => {
    const base = { code: "c", message: "m", path: "", range: { startLine: 3, startColumn: 5, endLine: 4, endColumn: 2 } };
    expect(toMarker({ ...base, severity: "error" }, S)).toMatchObject({ severity: 8, startLineNumber: 3, startColumn: 5, endLineNumber: 4, endColumn: 2, code: "c" });
    expect(toMarker({ ...base, severity: "warning" }, S).severity).toBe(4);
    expect(toMarker({ ...base, severity: "conflict", relatedModule: "apache" }, S)).toMatchObject({ severity: 2, source: "strata (conflict)" });
  });

  it("puts the hint, the other module and the quick fix into the hover text", () => {
    const result = validateManifest({ manifestYaml: "schema_version: 1\nname: web\ncategory: userland\n", moduleName: "web" });
    const legacy = result.errors.find((i) => i.code === "legacy.registration_field");
    expect(legacy).toBeDefined();
    const text = markerMessage(legacy!);
    expect(text).toContain(legacy!.message);
    expect(text).toContain("Quick fix available");
    expect(markerMessage({ code: "c", severity: "conflict", message: "m", path: "", range: legacy!.range, relatedModule: "apache" })).toContain("apache");
  });
});
