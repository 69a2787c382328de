import { describe, expect, it } from "vitest";
import { formatTimeLeft } from "./format";

const now = new Date("2026-12-03T08:00:00Z");
const later = (ms: number) => new Date(now.getTime() + ms);
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

describe("formatTimeLeft", () => {
  it.each([
    [4 * H - 5 * S, "in 3h 59m"], // a fresh 4 h request: not "in 3h"
    [4 * H, "in 4h"],
    [2 * H + 30 * M, "in 2h 30m"],
    [42 * M + 30 * S, "in 42m"],
    [30 * S, "in under a minute"],
    [0, "expired"],
    [-M, "expired"],
    [2 * D + 5 * H + 3 * M, "in 2d 5h"],
    [D, "in 1d"],
  ])("%i ms left reads %s", (ms, text) => {
    expect(formatTimeLeft(later(ms), now)).toBe(text);
  });
});
