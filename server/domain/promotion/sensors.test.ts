import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  READY_TO_BLESS_MIN_INSTANCES,
  READY_TO_BLESS_MIN_RUNNING_MINUTES,
  readyToBless,
  stagingSensor,
  type SensorInstance,
} from "@/server/domain/promotion";

const MIN = 60_000;
const HOUR = 60 * MIN;
const NOW = new Date("2024-03-01T12:00:00Z");
const ago = (ms: number) => new Date(NOW.getTime() - ms);

describe("stagingSensor", () => {
  const policy = { stagingStaleHours: 24 };

  it("is not stale at exactly stagingStaleHours, stale one millisecond later", () => {
    const exactly = stagingSensor({ version: { state: "staging", stagingAt: ago(24 * HOUR) }, policy, now: NOW });
    expect(exactly).toEqual({
      stale: false,
      hoursInStaging: 24,
      hoursSinceActivity: 24,
      thresholdHours: 24,
      staleAt: NOW,
    });
    const later = stagingSensor({ version: { state: "staging", stagingAt: ago(24 * HOUR + 1) }, policy, now: NOW });
    expect(later.stale).toBe(true);
  });

  it("reports hours for the UI", () => {
    const r = stagingSensor({ version: { state: "staging", stagingAt: ago(30 * HOUR) }, policy, now: NOW });
    expect(r).toMatchObject({ stale: true, hoursInStaging: 30, staleAt: ago(6 * HOUR) });
  });

  it("an operator action restarts the clock", () => {
    const r = stagingSensor({
      version: { state: "staging", stagingAt: ago(48 * HOUR), lastOperatorActionAt: ago(2 * HOUR) },
      policy,
      now: NOW,
    });
    expect(r).toMatchObject({ stale: false, hoursInStaging: 48, hoursSinceActivity: 2 });
  });

  it("an action older than entering staging does not count", () => {
    const r = stagingSensor({
      version: { state: "staging", stagingAt: ago(25 * HOUR), lastOperatorActionAt: ago(100 * HOUR) },
      policy,
      now: NOW,
    });
    expect(r).toMatchObject({ stale: true, hoursSinceActivity: 25 });
  });

  it("honours the policy's threshold", () => {
    const r = stagingSensor({ version: { state: "staging", stagingAt: ago(7 * HOUR) }, policy: { stagingStaleHours: 6 }, now: NOW });
    expect(r.stale).toBe(true);
  });

  it.each(["built", "blessed", "live", "retired"] as const)("never flags a %s version", (state) => {
    const r = stagingSensor({ version: { state, stagingAt: ago(100 * HOUR) }, policy, now: NOW });
    expect(r).toMatchObject({ stale: false, hoursInStaging: null, staleAt: null });
  });

  it("does not flag a staging version without stagingAt", () => {
    expect(stagingSensor({ version: { state: "staging", stagingAt: null }, policy, now: NOW }).stale).toBe(false);
  });
});

const DIGEST = `sha256:${"a".repeat(64)}`;
const OTHER = `sha256:${"b".repeat(64)}`;
const version = { state: "staging" as const, ociDigest: DIGEST, moduleName: "nginx" };

function instance(runningFor: number | undefined, overrides: Partial<SensorInstance> = {}): SensorInstance {
  return {
    status: "running",
    lastHeartbeatAt: ago(MIN),
    runningModules: { nginx: DIGEST, chrony: OTHER },
    ...(runningFor !== undefined && { runningSince: { nginx: ago(runningFor) } }),
    ...overrides,
  };
}

const check = (instances: SensorInstance[], v: typeof version | { state: "blessed"; ociDigest: string; moduleName: string } = version) =>
  readyToBless({ version: v, instances, now: NOW, heartbeatStaleMinutes: 5 });

describe("readyToBless", () => {
  it("exports its thresholds", () => {
    expect(READY_TO_BLESS_MIN_INSTANCES).toBe(3);
    expect(READY_TO_BLESS_MIN_RUNNING_MINUTES).toBe(30);
  });

  it("is ready with 3 healthy instances at exactly 30 minutes", () => {
    const r = check([instance(30 * MIN), instance(30 * MIN), instance(45 * MIN)]);
    expect(r).toEqual({
      ready: true,
      applicable: true,
      requiredInstances: 3,
      minRunningMinutes: 30,
      healthyInstances: 3,
      qualifyingInstances: 3,
      readyAt: NOW,
      summary: "3 healthy instances have run this version for 30 minutes",
    });
  });

  it("is not ready one millisecond short of 30 minutes, and says when it will be", () => {
    const r = check([instance(30 * MIN - 1), instance(40 * MIN), instance(50 * MIN)]);
    expect(r).toMatchObject({ ready: false, healthyInstances: 3, qualifyingInstances: 2, readyAt: new Date(NOW.getTime() + 1) });
    expect(r.summary).toBe("2 of 3 healthy instances have run this version for 30 minutes");
  });

  it("is not ready with 2 instances, ready with 3", () => {
    expect(check([instance(HOUR), instance(HOUR)])).toMatchObject({
      ready: false,
      qualifyingInstances: 2,
      readyAt: null,
      summary: "2 of 3 healthy instances have run this version for 30 minutes",
    });
    expect(check([instance(HOUR), instance(HOUR), instance(HOUR)]).ready).toBe(true);
  });

  it("excludes instances with a stale or missing heartbeat", () => {
    const stale = instance(HOUR, { lastHeartbeatAt: ago(5 * MIN + 1) });
    const never = instance(HOUR, { lastHeartbeatAt: null });
    const r = check([instance(HOUR), instance(HOUR), stale, never]);
    expect(r).toMatchObject({ ready: false, healthyInstances: 2, qualifyingInstances: 2 });
    // A heartbeat exactly at the staleness limit is still fresh.
    const edge = instance(HOUR, { lastHeartbeatAt: ago(5 * MIN) });
    expect(check([instance(HOUR), instance(HOUR), edge]).ready).toBe(true);
  });

  it("excludes instances that are not running", () => {
    const r = check([instance(HOUR), instance(HOUR), instance(HOUR, { status: "error" }), instance(HOUR, { status: "stopped" })]);
    expect(r).toMatchObject({ ready: false, healthyInstances: 2 });
  });

  it("excludes instances running another digest or not running the module", () => {
    const other = instance(HOUR, { runningModules: { nginx: OTHER } });
    const none = instance(HOUR, { runningModules: {} });
    expect(check([instance(HOUR), instance(HOUR), other, none])).toMatchObject({ ready: false, healthyInstances: 2 });
  });

  it("matches digests case-insensitively", () => {
    const upper = instance(HOUR, { runningModules: { nginx: DIGEST.toUpperCase().replace("SHA256", "sha256") } });
    expect(check([instance(HOUR), instance(HOUR), upper]).ready).toBe(true);
  });

  it("counts an instance without runningSince as healthy but not qualifying", () => {
    const r = check([instance(HOUR), instance(HOUR), instance(undefined)]);
    expect(r).toMatchObject({ ready: false, healthyInstances: 3, qualifyingInstances: 2, readyAt: null });
  });

  it("a runningSince in the future does not qualify", () => {
    const r = check([instance(HOUR), instance(HOUR), instance(-10 * MIN)]);
    expect(r).toMatchObject({ ready: false, qualifyingInstances: 2 });
  });

  it("is only applicable to staging versions", () => {
    const r = check([instance(HOUR), instance(HOUR), instance(HOUR)], { ...version, state: "blessed" });
    expect(r).toMatchObject({ ready: false, applicable: false, qualifyingInstances: 3 });
  });

  it("does not trip over module names that are Object prototype keys", () => {
    const v = { ...version, moduleName: "constructor" };
    const r = check([instance(HOUR), instance(HOUR), instance(HOUR)], v);
    expect(r).toMatchObject({ ready: false, healthyInstances: 0 });
  });

  it("property: ready iff at least 3 healthy instances have run the digest for 30 minutes", () => {
    const inst = fc.record({
      status: fc.constantFrom("running", "error", "stopped"),
      heartbeatAgeMin: fc.option(fc.integer({ min: -2, max: 10 }), { nil: null }),
      digest: fc.constantFrom(DIGEST, OTHER),
      runningMin: fc.option(fc.integer({ min: -5, max: 90 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(inst, { maxLength: 8 }), (specs) => {
        const instances: SensorInstance[] = specs.map((s) => ({
          status: s.status,
          lastHeartbeatAt: s.heartbeatAgeMin === null ? null : ago(s.heartbeatAgeMin * MIN),
          runningModules: { nginx: s.digest },
          ...(s.runningMin !== undefined && { runningSince: { nginx: ago(s.runningMin * MIN) } }),
        }));
        const expected = specs.filter(
          (s) =>
            s.status === "running" &&
            s.heartbeatAgeMin !== null &&
            s.heartbeatAgeMin <= 5 &&
            s.digest === DIGEST &&
            s.runningMin !== undefined &&
            s.runningMin >= 30,
        ).length;
        const r = check(instances);
        expect(r.qualifyingInstances).toBe(expected);
        expect(r.ready).toBe(expected >= 3);
        expect(r.qualifyingInstances).toBeLessThanOrEqual(r.healthyInstances);
      }),
    );
  });
});
