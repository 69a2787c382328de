import { describe, expect, it } from "vitest";

import { formatAbsoluteTime, formatRelativeTime } from "./time-ago";

const now = new Date("2026-11-25T12:00:00Z");
const ago = (ms: number) => new Date(now.getTime() - ms);
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe("formatRelativeTime", () => {
  it.each([
    [0, "just now"],
    [9 * S, "just now"],
    [10 * S, "10s ago"],
    [59 * S, "59s ago"],
    [60 * S, "1m ago"],
    [59 * M + 59 * S, "59m ago"],
    [H, "1h ago"],
    [23 * H, "23h ago"],
    [D, "1d ago"],
    [29 * D, "29d ago"],
    [30 * D, "1mo ago"],
    [364 * D, "12mo ago"],
    [365 * D, "1y ago"],
    [800 * D, "2y ago"],
  ])("%d ms ago → %s", (ms, expected) => {
    expect(formatRelativeTime(ago(ms), now)).toBe(expected);
  });

  it("reads the future as 'in …'", () => {
    expect(formatRelativeTime(new Date(now.getTime() + 5 * M), now)).toBe("in 5m");
    expect(formatRelativeTime(new Date(now.getTime() + 3 * S), now)).toBe("just now");
  });

  it("accepts ISO strings and epoch milliseconds", () => {
    expect(formatRelativeTime("2026-11-25T09:00:00Z", now)).toBe("3h ago");
    expect(formatRelativeTime(now.getTime() - 2 * D, now.getTime())).toBe("2d ago");
  });

  it("returns a dash for invalid dates", () => {
    expect(formatRelativeTime("not a date", now)).toBe("—");
  });
});

describe("formatAbsoluteTime", () => {
  it("formats in UTC, zero-padded", () => {
    expect(formatAbsoluteTime("2026-03-04T05:06:07.890Z")).toBe("2026-03-04 05:06:07 UTC");
    expect(formatAbsoluteTime(new Date(Date.UTC(2026, 11, 31, 23, 59, 59)))).toBe("2026-12-31 23:59:59 UTC");
  });

  it("returns a dash for invalid dates", () => {
    expect(formatAbsoluteTime(Number.NaN)).toBe("—");
  });
});
