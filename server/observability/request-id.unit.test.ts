import { describe, expect, it } from "vitest";
import { newRequestId, sanitizeRequestId } from "./request-id";
import { closeRequestScope, openRequestScope, requestIdOf } from "./request-scope";

describe("request ids", () => {
  it("keeps a token of at most 64 characters of [A-Za-z0-9._-]", () => {
    for (const sane of ["a", "abc-123_DEF.4", "x".repeat(64), "5f0c6f7e-8a51-4a4c-9a1e-1d2b3c4d5e6f"]) expect(sanitizeRequestId(sane)).toBe(sane);
  });

  it("refuses anything else: empty, too long, spaces, separators, control and non-ASCII characters", () => {
    for (const insane of [undefined, null, "", "x".repeat(65), "a b", "a;b", "a/b", "a\nb", "a\u0000b", "ü", "%41", "<script>"]) {
      expect(sanitizeRequestId(insane)).toBeUndefined();
    }
  });

  it("generates sane, distinct ids", () => {
    const a = newRequestId();
    expect(sanitizeRequestId(a)).toBe(a);
    expect(newRequestId()).not.toBe(a);
  });

  it("a scope keeps a sane incoming id, replaces an insane one, and never shares an id in flight", () => {
    const first = openRequestScope("from-haproxy-1");
    const twin = openRequestScope("from-haproxy-1");
    const insane = openRequestScope("no spaces please");
    try {
      expect(first.requestId).toBe("from-haproxy-1");
      expect(twin.requestId).not.toBe("from-haproxy-1");
      expect(insane.requestId).not.toBe("no spaces please");
      expect(requestIdOf(new Headers({ "x-request-id": "from-haproxy-1" }))).toBe("from-haproxy-1");
    } finally {
      for (const scope of [first, twin, insane]) closeRequestScope(scope);
    }
    // Only ids of open scopes are believed: a raw header never reaches an audit event.
    expect(requestIdOf(new Headers({ "x-request-id": "from-haproxy-1" }))).toBeUndefined();
  });
});
