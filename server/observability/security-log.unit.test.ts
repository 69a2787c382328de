import { afterEach, describe, expect, it, vi } from "vitest";
import { logSecurityEvent, resetSecurityLog } from "./security-log";

afterEach(() => {
  resetSecurityLog();
  vi.restoreAllMocks();
});

describe("security log", () => {
  it("writes one JSON line per refusal, at most 20 a minute per kind, then says how many it dropped", () => {
    const lines: string[] = [];
    vi.spyOn(console, "warn").mockImplementation((line: string) => void lines.push(line));
    const start = 1_000_000;
    for (let i = 0; i < 25; i++) logSecurityEvent("cross_site_write", { surface: "trpc", origin: "http://evil.example" }, start + i);
    expect(lines).toHaveLength(20);
    expect(JSON.parse(lines[0]!)).toMatchObject({ log: "security", kind: "cross_site_write", origin: "http://evil.example" });
    // Another kind has its own budget.
    expect(logSecurityEvent("body_too_large", { surface: "rest" }, start + 30)).toBe(true);
    // A minute later: the drop count first, then the event.
    logSecurityEvent("cross_site_write", { surface: "trpc" }, start + 61_000);
    expect(JSON.parse(lines[21]!)).toMatchObject({ kind: "security_log_dropped", of: "cross_site_write", dropped: 5 });
    expect(JSON.parse(lines[22]!)).toMatchObject({ kind: "cross_site_write" });
  });
});
