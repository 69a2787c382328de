import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DRIFT_SEVERITY_THRESHOLDS,
  computeDrift,
  driftSeverity,
  isHeartbeatStale,
  summarizeFleetDrift,
  type DesiredModule,
} from "@/server/domain/drift";

const MIN = 60_000;
const NOW = new Date("2024-03-01T12:00:00Z");
const ago = (ms: number) => new Date(NOW.getTime() - ms);
const d = (c: string) => `sha256:${c.repeat(64)}`;

const desired = (names: string[]): DesiredModule[] =>
  names.map((moduleName, i) => ({ moduleName, ociDigest: d(String(i % 10)), version: `1.${i}.0` }));

const drift = (want: DesiredModule[], reported: Record<string, string>, lastHeartbeatAt: Date | null = ago(MIN)) =>
  computeDrift({ desired: want, reported, lastHeartbeatAt, now: NOW, staleAfterMinutes: 5 });

function reportedFor(want: DesiredModule[]): Record<string, string> {
  return Object.fromEntries(want.map((m) => [m.moduleName, m.ociDigest]));
}

describe("computeDrift", () => {
  it("reports no drift when the instance runs exactly what is desired", () => {
    const want = desired(["base", "nginx", "chrony"]);
    expect(drift(want, reportedFor(want))).toEqual({
      missing: [],
      extra: [],
      mismatched: [],
      differences: 0,
      severity: "none",
      stale: false,
      neverReported: false,
      heartbeatAgeMinutes: 1,
    });
  });

  it("finds missing, extra and mismatched modules, sorted by name", () => {
    const want = desired(["zeta", "base", "nginx", "chrony"]);
    const reported = { base: want[1]!.ociDigest, nginx: d("f"), telnetd: d("e"), avahi: d("d") };
    const r = drift(want, reported);
    expect(r.missing).toEqual([
      { moduleName: "chrony", want: want[3]!.ociDigest, version: "1.3.0" },
      { moduleName: "zeta", want: want[0]!.ociDigest, version: "1.0.0" },
    ]);
    expect(r.extra).toEqual([
      { moduleName: "avahi", have: d("d") },
      { moduleName: "telnetd", have: d("e") },
    ]);
    expect(r.mismatched).toEqual([{ moduleName: "nginx", want: want[2]!.ociDigest, have: d("f"), version: "1.2.0" }]);
    expect(r.differences).toBe(5);
    expect(r.severity).toBe("critical");
  });

  it.each([
    [0, "none"],
    [1, "medium"],
    [2, "medium"],
    [3, "high"],
    [4, "high"],
    [5, "critical"],
    [9, "critical"],
  ] as const)("%i differences -> %s", (n, severity) => {
    const want = desired(Array.from({ length: 10 }, (_, i) => `m${i}`));
    const reported = reportedFor(want);
    // Mix the kinds of difference: missing, mismatched, extra in turn.
    for (let i = 0; i < n; i++) {
      const name = `m${i}`;
      if (i % 3 === 0) delete reported[name];
      else if (i % 3 === 1) reported[name] = d("f");
      else reported[`extra${i}`] = d("e");
    }
    const r = drift(want, reported);
    expect(r.differences).toBe(n);
    expect(r.severity).toBe(severity);
    expect(driftSeverity(n)).toBe(severity);
  });

  it("exports the severity thresholds", () => {
    expect(DRIFT_SEVERITY_THRESHOLDS).toEqual({ critical: 5, high: 3, medium: 1 });
  });

  it("treats a digest that differs only in case as the same", () => {
    const want = desired(["nginx"]);
    expect(drift(want, { nginx: want[0]!.ociDigest.toUpperCase() }).differences).toBe(0);
  });

  it("flags a stale heartbeat but still reports differences from the last report", () => {
    const want = desired(["base", "nginx"]);
    const atLimit = drift(want, reportedFor(want), ago(5 * MIN));
    expect(atLimit.stale).toBe(false);
    const stale = drift(want, { base: want[0]!.ociDigest }, ago(5 * MIN + 1));
    expect(stale).toMatchObject({ stale: true, differences: 1, severity: "medium", neverReported: false });
    expect(stale.heartbeatAgeMinutes).toBeCloseTo(5, 3);
  });

  it("an instance that never reported is stale and misses everything", () => {
    const want = desired(["base", "nginx", "chrony"]);
    expect(drift(want, {}, null)).toMatchObject({
      stale: true,
      neverReported: true,
      heartbeatAgeMinutes: null,
      differences: 3,
      severity: "high",
    });
  });

  it("a heartbeat from the future (clock skew) is fresh", () => {
    const want = desired(["base"]);
    expect(drift(want, reportedFor(want), new Date(NOW.getTime() + 10 * MIN)).stale).toBe(false);
  });

  it("counts a module desired twice once", () => {
    const want = [...desired(["nginx"]), { moduleName: "nginx", ociDigest: d("9"), version: "9.9.9" }];
    const r = drift(want, {});
    expect(r.missing).toEqual([{ moduleName: "nginx", want: d("0"), version: "1.0.0" }]);
  });

  it("handles module names that are Object prototype keys", () => {
    const want: DesiredModule[] = [{ moduleName: "constructor", ociDigest: d("a"), version: "1.0.0" }];
    expect(drift(want, {})).toMatchObject({ differences: 1, missing: [{ moduleName: "constructor" }] });
    expect(drift([], { constructor: d("a") })).toMatchObject({ extra: [{ moduleName: "constructor" }] });
  });

  it("property: differences add up and severity follows the thresholds", () => {
    const names = fc.uniqueArray(fc.constantFrom("a", "b", "c", "d", "e", "f", "g", "h"), { maxLength: 8 });
    const digest = fc.constantFrom(d("1"), d("2"));
    fc.assert(
      fc.property(names, fc.dictionary(fc.constantFrom("a", "b", "c", "d", "x", "y"), digest), digest, (want, reported, dg) => {
        const r = drift(
          want.map((moduleName) => ({ moduleName, ociDigest: dg, version: "1.0.0" })),
          reported,
        );
        expect(r.differences).toBe(r.missing.length + r.extra.length + r.mismatched.length);
        const expected = r.differences >= 5 ? "critical" : r.differences >= 3 ? "high" : r.differences >= 1 ? "medium" : "none";
        expect(r.severity).toBe(expected);
        // Every desired module is exactly one of: fine, missing, mismatched.
        for (const name of want) {
          const inMissing = r.missing.some((m) => m.moduleName === name);
          const inMismatched = r.mismatched.some((m) => m.moduleName === name);
          expect(inMissing && inMismatched).toBe(false);
          expect(inMissing).toBe(!(name in reported));
        }
        // Reporting exactly the desired state always clears drift.
        const clean = drift(
          want.map((moduleName) => ({ moduleName, ociDigest: dg, version: "1.0.0" })),
          Object.fromEntries(want.map((n) => [n, dg])),
        );
        expect(clean.severity).toBe("none");
      }),
    );
  });
});

describe("isHeartbeatStale", () => {
  it("is stale without a heartbeat and strictly after the limit", () => {
    expect(isHeartbeatStale(null, NOW, 5)).toBe(true);
    expect(isHeartbeatStale(undefined, NOW, 5)).toBe(true);
    expect(isHeartbeatStale(ago(5 * MIN), NOW, 5)).toBe(false);
    expect(isHeartbeatStale(ago(5 * MIN + 1), NOW, 5)).toBe(true);
  });
});

describe("summarizeFleetDrift", () => {
  it("counts per severity, drifted, stale and in sync", () => {
    const s = summarizeFleetDrift([
      { severity: "none", stale: false },
      { severity: "none", stale: true },
      { severity: "medium", stale: false },
      { severity: "high", stale: false },
      { severity: "critical", stale: true },
      { severity: "critical", stale: false },
    ]);
    expect(s).toEqual({
      total: 6,
      bySeverity: { none: 2, medium: 1, high: 1, critical: 2 },
      drifted: 4,
      stale: 2,
      inSync: 1,
    });
  });

  it("handles an empty fleet", () => {
    expect(summarizeFleetDrift([])).toEqual({
      total: 0,
      bySeverity: { none: 0, medium: 0, high: 0, critical: 0 },
      drifted: 0,
      stale: 0,
      inSync: 0,
    });
  });
});
