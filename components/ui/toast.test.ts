import { describe, expect, it } from "vitest";

import { getErrorCode, getErrorMessage } from "./toast";

describe("getErrorMessage", () => {
  it("reads Error, tRPC-like and REST-like errors", () => {
    expect(getErrorMessage(new Error("boom"))).toBe("boom");
    expect(getErrorMessage({ message: "Version is not blessed", data: { code: "CONFLICT" } })).toBe(
      "Version is not blessed",
    );
    expect(getErrorMessage({ shape: { message: "from shape" } })).toBe("from shape");
    expect(getErrorMessage({ error: { code: "NOT_FOUND", message: "No such module" } })).toBe("No such module");
    expect(getErrorMessage("plain")).toBe("plain");
  });

  it("falls back to a generic sentence", () => {
    expect(getErrorMessage(undefined)).toMatch(/went wrong/);
    expect(getErrorMessage(new Error(""))).toMatch(/went wrong/);
    expect(getErrorMessage(42, "fallback")).toBe("fallback");
  });
});

describe("getErrorCode", () => {
  it("reads the tRPC code", () => {
    expect(getErrorCode({ data: { code: "CONFLICT" } })).toBe("CONFLICT");
    expect(getErrorCode(new Error("x"))).toBeUndefined();
  });
});
