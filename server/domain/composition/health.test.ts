import { describe, expect, it } from "vitest";
import type { CompositionIssue } from "./types";
import { healthOf } from "./health";

const issue = (key: string): CompositionIssue => ({
  code: key.split("|")[0]!,
  severity: "error",
  message: key,
  path: "",
  range: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 },
  key,
});
const result = (errors: string[], warnings: string[] = [], conflicts: string[] = []) => ({
  errors: errors.map(issue),
  warnings: warnings.map(issue),
  conflicts: conflicts.map(issue),
});

describe("healthOf", () => {
  it("is clean without issues", () => {
    expect(healthOf(result([]), [])).toEqual({ status: "clean", errors: 0, warnings: 0, conflicts: 0, unacceptedErrors: 0, accepted: false });
  });

  it("is warnings for warnings or conflicts alone", () => {
    expect(healthOf(result([], ["w|a"]), []).status).toBe("warnings");
    expect(healthOf(result([], [], ["c|a"]), [])).toMatchObject({ status: "warnings", conflicts: 1, accepted: false });
  });

  it("is errors whenever there are errors, accepted or not", () => {
    expect(healthOf(result(["e|a", "e|b"], ["w|a"]), [])).toEqual({ status: "errors", errors: 2, warnings: 1, conflicts: 0, unacceptedErrors: 2, accepted: false });
    expect(healthOf(result(["e|a", "e|b"]), ["e|a", "e|b"])).toMatchObject({ status: "errors", unacceptedErrors: 0, accepted: true });
  });

  it("counts errors the override does not cover; keys of errors that are gone do not matter", () => {
    expect(healthOf(result(["e|a", "e|b"]), ["e|a", "e|gone"])).toMatchObject({ unacceptedErrors: 1, accepted: false });
    expect(healthOf(result([]), ["e|gone"])).toMatchObject({ status: "clean", accepted: false });
  });
});
