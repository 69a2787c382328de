import { describe, expect, it } from "vitest";
import {
  DEFAULT_ROLLOUT_POLICY,
  DEFAULT_WAVES,
  evaluateGate,
  orderInstances,
  planWaves,
  resolveRolloutPolicy,
  type GateInstance,
} from "@/server/domain/rollouts";

const MIN = 60_000;
const T0 = new Date("2026-12-03T07:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * MIN);
const ids = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `i-${String(i).padStart(4, "0")}`, canary: false }));

describe("planWaves", () => {
  it("splits 1,000 instances into 1, 10 %, 50 %, 100 % (cumulative)", () => {
    const waves = planWaves("r1", ids(1000), DEFAULT_WAVES);
    expect(waves.map((w) => w.instanceIds.length)).toEqual([1, 99, 400, 500]);
    expect(new Set(waves.flatMap((w) => w.instanceIds)).size).toBe(1000);
  });

  it("drops waves that add nobody and always ends at every instance", () => {
    expect(planWaves("r1", ids(3), DEFAULT_WAVES).map((w) => w.instanceIds.length)).toEqual([1, 1, 1]);
    expect(planWaves("r1", ids(1), DEFAULT_WAVES).map((w) => w.instanceIds.length)).toEqual([1]);
    expect(planWaves("r1", ids(10), [{ percent: 20 }]).map((w) => w.instanceIds.length)).toEqual([2, 8]);
    expect(planWaves("r1", [], DEFAULT_WAVES)).toEqual([]);
  });

  it("is deterministic per rollout and differs between rollouts", () => {
    const a = planWaves("r1", ids(50), DEFAULT_WAVES);
    expect(planWaves("r1", [...ids(50)].reverse(), DEFAULT_WAVES)).toEqual(a);
    expect(planWaves("r2", ids(50), DEFAULT_WAVES)[0]).not.toEqual(a[0]);
  });

  it("puts canaries first, widening the first wave to hold all of them", () => {
    const instances = ids(20).map((i, n) => ({ ...i, canary: n === 7 || n === 13 }));
    const waves = planWaves("r1", instances, DEFAULT_WAVES);
    expect(waves[0]?.instanceIds.sort()).toEqual(["i-0007", "i-0013"]);
    expect(orderInstances("r1", instances).slice(0, 2).every((i) => i.canary)).toBe(true);
  });
});

describe("resolveRolloutPolicy", () => {
  it("defaults, account settings and category overrides", () => {
    const account = { waves: null, soakMinutes: 10, deadlineMinutes: 30, successPercent: 100, autoRollback: true };
    expect(resolveRolloutPolicy(account)).toEqual(DEFAULT_ROLLOUT_POLICY);
    const p = resolveRolloutPolicy(account, { waves: [{ percent: 50 }], soakMinutes: 2, autoRollback: false, successPercent: null });
    expect(p).toMatchObject({ waves: [{ percent: 50 }], soakMs: 2 * MIN, deadlineMs: 30 * MIN, autoRollback: false, successRatio: 1 });
  });

  it("ignores stored waves that do not parse", () => {
    const p = resolveRolloutPolicy({ waves: [{ percent: "x" }], soakMinutes: 1, deadlineMinutes: 2, successPercent: 90, autoRollback: true });
    expect(p.waves).toEqual(DEFAULT_WAVES);
    expect(p.successRatio).toBe(0.9);
  });
});

describe("evaluateGate", () => {
  const NEW = "sha256:" + "b".repeat(64);
  const OLD = "sha256:" + "a".repeat(64);
  const policy = { soakMs: 10 * MIN, deadlineMs: 30 * MIN, successRatio: 1 };
  const node = (id: string, over: Partial<GateInstance> = {}): GateInstance => ({
    id,
    name: id,
    status: "running",
    digest: NEW,
    digestSince: at(1),
    lastHeartbeatAt: at(11),
    ...over,
  });
  const gate = (instances: GateInstance[], now: Date, extra: Partial<typeof policy> = {}) =>
    evaluateGate({ toDigest: NEW, releasedAt: T0, instances, policy: { ...policy, ...extra }, staleAfterMs: 5 * MIN, now });

  it("waits during the soak and passes when it ends (inclusive)", () => {
    expect(gate([node("a")], at(10.9)).verdict).toBe("waiting");
    expect(gate([node("a")], at(10.9)).instances[0]).toMatchObject({ health: "soaking", soakEndsAt: at(11) });
    expect(gate([node("a")], at(11)).verdict).toBe("pass");
  });

  it("counts the soak from the release when the digest was running before it", () => {
    expect(gate([node("a", { digestSince: at(-60), lastHeartbeatAt: at(9) })], at(9.99)).verdict).toBe("waiting");
    expect(gate([node("a", { digestSince: at(-60), lastHeartbeatAt: at(9) })], at(10)).verdict).toBe("pass");
  });

  it("fails at once when an instance reports error on the new digest", () => {
    const r = gate([node("a"), node("b", { status: "error" })], at(2));
    expect(r.verdict).toBe("fail");
    expect(r.failure).toMatchObject({ instanceId: "b", status: "error", digest: NEW });
  });

  it("an error on the old digest is not the new version's fault: wait", () => {
    expect(gate([node("a", { status: "error", digest: OLD })], at(2)).verdict).toBe("waiting");
  });

  it("fails at the deadline with fewer than the success ratio converged", () => {
    const instances = [node("a", { lastHeartbeatAt: at(29) }), node("b", { digest: OLD, lastHeartbeatAt: at(29) })];
    expect(gate(instances, at(29.9)).verdict).toBe("waiting");
    const r = gate(instances, at(30));
    expect(r).toMatchObject({ verdict: "fail", converged: 1, required: 2 });
    expect(r.failure?.instanceId).toBe("b");
  });

  it("passes with a success ratio below 100 % once enough converged", () => {
    const instances = [node("a"), node("b"), node("c"), node("d", { digest: OLD })];
    expect(gate(instances, at(12), { successRatio: 0.75 })).toMatchObject({ verdict: "pass", converged: 3, required: 3 });
  });

  it("a node that stopped reporting is not healthy", () => {
    expect(gate([node("a", { lastHeartbeatAt: at(1) })], at(12)).instances[0]?.health).toBe("stale");
  });

  it("an empty wave passes", () => {
    expect(gate([], at(0)).verdict).toBe("pass");
  });
});
