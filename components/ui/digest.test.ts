import { describe, expect, it } from "vitest";

import { shortDigest } from "./digest";

describe("shortDigest", () => {
  const full = `sha256:${"1a2b3c4d5e6f".padEnd(64, "0")}`;

  it("keeps the algorithm and 8 hex characters by default", () => {
    expect(shortDigest(full)).toBe("sha256:1a2b3c4d…");
  });

  it("honours a custom length", () => {
    expect(shortDigest(full, 12)).toBe("sha256:1a2b3c4d5e6f…");
  });

  it("shortens values without an algorithm prefix", () => {
    expect(shortDigest("abcdef0123456789")).toBe("abcdef01…");
  });

  it("leaves short values alone", () => {
    expect(shortDigest("sha256:abc")).toBe("sha256:abc");
  });
});
