import { describe, expect, it } from "vitest";
import { LatencyHistogram } from "./histogram";
import { mulberry32 } from "./random";

describe("LatencyHistogram", () => {
  it("answers percentiles within 2 % of the exact value, and exact count, mean and max", () => {
    const random = mulberry32(11);
    const histogram = new LatencyHistogram();
    const samples = Array.from({ length: 50_000 }, () => 0.2 + random() ** 3 * 500);
    for (const s of samples) histogram.record(s);
    const sorted = [...samples].sort((a, b) => a - b);
    for (const p of [50, 90, 99]) {
      const exact = sorted[Math.ceil((p / 100) * sorted.length) - 1] ?? 0;
      expect(Math.abs(histogram.percentile(p) - exact) / exact).toBeLessThanOrEqual(0.02);
    }
    const summary = histogram.summary();
    expect(summary.count).toBe(50_000);
    expect(summary.max).toBe(sorted.at(-1));
    expect(summary.mean).toBeCloseTo(samples.reduce((a, b) => a + b, 0) / samples.length, 6);
  });

  it("is empty-safe and clamps odd values", () => {
    const histogram = new LatencyHistogram();
    expect(histogram.percentile(50)).toBeNaN();
    histogram.record(-1);
    histogram.record(Number.NaN);
    histogram.record(10_000_000);
    expect(histogram.count).toBe(3);
    expect(histogram.percentile(50)).toBeLessThanOrEqual(0.01);
    expect(histogram.percentile(100)).toBe(10_000_000);
  });

  it("since() gives the window between two moments; reset() empties it", () => {
    const histogram = new LatencyHistogram();
    for (let i = 0; i < 100; i++) histogram.record(1);
    const mark = histogram.clone();
    for (let i = 0; i < 100; i++) histogram.record(100);
    const window = histogram.since(mark);
    expect(window.count).toBe(100);
    expect(window.percentile(50)).toBeCloseTo(100, -1);
    expect(histogram.percentile(25)).toBeCloseTo(1, 0);
    histogram.reset();
    expect(histogram.summary().count).toBe(0);
  });
});
