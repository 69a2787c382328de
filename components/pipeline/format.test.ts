import { describe, expect, it } from "vitest";
import { formatDuration, shortSigner } from "./format";

describe("formatDuration", () => {
  it("reads minutes, hours, then days and hours", () => {
    expect(formatDuration(0.25)).toBe("15m");
    expect(formatDuration(5.9)).toBe("5h");
    expect(formatDuration(47.5)).toBe("47h");
    expect(formatDuration(52)).toBe("2d 4h");
    expect(formatDuration(72)).toBe("3d");
    expect(formatDuration(-1)).toBe("—");
    expect(formatDuration(Number.NaN)).toBe("—");
  });
});

describe("shortSigner", () => {
  it("keeps the repository and workflow of a CI identity", () => {
    expect(shortSigner("https://git.powernode.example/modules/nginx/.forgejo/workflows/release.yaml@refs/heads/main")).toBe(
      "modules/nginx · release.yaml@main",
    );
    expect(shortSigner("https://git.powernode.example/modules/system-base/.forgejo/workflows/release.yaml@refs/tags/v2025.1.0")).toBe(
      "modules/system-base · release.yaml@v2025.1.0",
    );
    expect(shortSigner("release@example.com")).toBe("release@example.com");
    expect(shortSigner(null)).toBeNull();
  });
});
