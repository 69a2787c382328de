import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ALLOWED_TRANSITIONS,
  PERMISSION_FOR_ACTION,
  PROMOTION_PERMISSIONS,
  PROMOTION_STATES,
  canTransition,
  planRollback,
  planTransition,
  requiredPermissionFor,
  rollbackTarget,
  transitionKind,
  type PromotionState,
  type StateChange,
  type TransitionKind,
} from "@/server/domain/promotion";

/** docs/promotion.md's transitions, written out independently of the implementation's table. */
const EXPECTED: Record<string, TransitionKind> = {
  "built->staging": "promote",
  "staging->blessed": "promote",
  "staging->built": "demote",
  "blessed->live": "requestLive",
  "built->retired": "retire",
  "staging->retired": "retire",
  "blessed->retired": "retire",
  "live->retired": "retireLive",
};

const ALL_PAIRS = PROMOTION_STATES.flatMap((from) => PROMOTION_STATES.map((to) => [from, to] as const));

describe("transition table", () => {
  it("covers 25 pairs, 8 allowed", () => {
    expect(ALL_PAIRS).toHaveLength(25);
    expect(ALL_PAIRS.filter(([f, t]) => canTransition(f, t))).toHaveLength(8);
  });

  it.each(ALL_PAIRS)("%s -> %s", (from, to) => {
    const expectedKind = EXPECTED[`${from}->${to}`];
    expect(canTransition(from, to)).toBe(expectedKind !== undefined);
    expect(transitionKind(from, to)).toBe(expectedKind);
    expect(ALLOWED_TRANSITIONS[from].includes(to)).toBe(expectedKind !== undefined);

    const result = planTransition({
      version: { id: "v", state: from },
      target: to,
      currentLive: to === "live" ? { id: "old", state: "live" } : null,
      reason: "because",
    });
    if (expectedKind === undefined) {
      expect(result).toMatchObject({ ok: false, code: "TRANSITION_NOT_ALLOWED" });
      expect(requiredPermissionFor(from, to)).toBeUndefined();
    } else {
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.kind).toBe(expectedKind);
      expect(result.changes.at(-1)).toMatchObject({ versionId: "v", from, to });
      expect(requiredPermissionFor(from, to)).toBe(PERMISSION_FOR_ACTION[expectedKind]);
    }
  });

  it("retired is terminal", () => {
    for (const to of PROMOTION_STATES) expect(canTransition("retired", to)).toBe(false);
  });

  it("maps transitions to permission strings", () => {
    expect(requiredPermissionFor("built", "staging")).toBe("versions.promote");
    expect(requiredPermissionFor("staging", "blessed")).toBe("versions.promote");
    expect(requiredPermissionFor("staging", "built")).toBe("versions.demote");
    expect(requiredPermissionFor("blessed", "live")).toBe("versions.requestLive");
    expect(requiredPermissionFor("built", "retired")).toBe("versions.retire");
    expect(requiredPermissionFor("blessed", "retired")).toBe("versions.retire");
    expect(requiredPermissionFor("live", "retired")).toBe("versions.rollback");
    expect(PERMISSION_FOR_ACTION.rollback).toBe(PROMOTION_PERMISSIONS.rollback);
  });

  it("explains a refused transition", () => {
    const r = planTransition({ version: { id: "v", state: "built" }, target: "live" });
    expect(r).toMatchObject({ ok: false, code: "TRANSITION_NOT_ALLOWED" });
    if (!r.ok) expect(r.message).toContain("staging, retired");
    const same = planTransition({ version: { id: "v", state: "staging" }, target: "staging" });
    if (!same.ok) expect(same.message).toContain("already staging");
    const terminal = planTransition({ version: { id: "v", state: "retired" }, target: "built", reason: "x" });
    if (!terminal.ok) expect(terminal.message).toContain("retired is terminal");
  });
});

describe("planTransition", () => {
  it("promotes built -> staging and stamps stagingAt", () => {
    const r = planTransition({ version: { id: "v1", state: "built" }, target: "staging" });
    expect(r).toEqual({
      ok: true,
      kind: "promote",
      permission: "versions.promote",
      changes: [{ versionId: "v1", from: "built", to: "staging", stamp: "stagingAt" }],
      requiresApproval: false,
    });
  });

  it("demotes staging -> built without a reason, keeping one when given", () => {
    const r = planTransition({ version: { id: "v1", state: "staging" }, target: "built" });
    expect(r).toMatchObject({ ok: true, kind: "demote", changes: [{ stamp: null }] });
    const withReason = planTransition({ version: { id: "v1", state: "staging" }, target: "built", reason: "  flaky " });
    expect(withReason).toMatchObject({ ok: true, reason: "flaky" });
  });

  it.each(["built", "staging", "blessed", "live"] as const)("requires a reason to retire from %s", (from) => {
    for (const reason of [undefined, null, "", "   "]) {
      expect(planTransition({ version: { id: "v", state: from }, target: "retired", reason })).toMatchObject({
        ok: false,
        code: "REASON_REQUIRED",
      });
    }
    expect(planTransition({ version: { id: "v", state: from }, target: "retired", reason: "CVE-2024-1" })).toMatchObject({
      ok: true,
      reason: "CVE-2024-1",
      changes: [{ versionId: "v", from, to: "retired", stamp: "retiredAt" }],
    });
  });

  it("going live demotes the current live version to blessed, marked previously live, first", () => {
    const r = planTransition({
      version: { id: "v2", state: "blessed" },
      target: "live",
      currentLive: { id: "v1", state: "live" },
      reason: "roll out",
    });
    expect(r).toEqual({
      ok: true,
      kind: "requestLive",
      permission: "versions.requestLive",
      requiresApproval: true,
      reason: "roll out",
      replacesLiveVersionId: "v1",
      changes: [
        { versionId: "v1", from: "live", to: "blessed", previouslyLive: true, stamp: null },
        { versionId: "v2", from: "blessed", to: "live", stamp: "liveAt" },
      ],
    });
  });

  it("going live with no current live version changes one row", () => {
    const r = planTransition({ version: { id: "v1", state: "blessed" }, target: "live", reason: "first" });
    expect(r).toMatchObject({ ok: true, changes: [{ versionId: "v1", to: "live" }] });
    if (r.ok) {
      expect(r.changes).toHaveLength(1);
      expect(r.replacesLiveVersionId).toBeUndefined();
    }
  });

  it("going live needs a reason", () => {
    expect(planTransition({ version: { id: "v1", state: "blessed" }, target: "live" })).toMatchObject({
      ok: false,
      code: "REASON_REQUIRED",
    });
  });

  it("refuses an inconsistent current live version", () => {
    const notLive = planTransition({
      version: { id: "v2", state: "blessed" },
      target: "live",
      currentLive: { id: "v1", state: "blessed" },
      reason: "x",
    });
    expect(notLive).toMatchObject({ ok: false, code: "INCONSISTENT_LIVE" });
    const self = planTransition({
      version: { id: "v2", state: "blessed" },
      target: "live",
      currentLive: { id: "v2", state: "live" },
      reason: "x",
    });
    expect(self).toMatchObject({ ok: false, code: "INCONSISTENT_LIVE" });
  });

  it("ignores currentLive for transitions that do not go live", () => {
    const r = planTransition({
      version: { id: "v2", state: "staging" },
      target: "blessed",
      currentLive: { id: "v1", state: "live" },
    });
    expect(r).toMatchObject({ ok: true, changes: [{ versionId: "v2" }] });
    if (r.ok) expect(r.changes).toHaveLength(1);
  });

  it("checks actor permissions when given", () => {
    const base = { version: { id: "v", state: "staging" as const }, target: "blessed" as const };
    expect(planTransition({ ...base, actorPermissions: ["versions.demote"] })).toMatchObject({
      ok: false,
      code: "FORBIDDEN",
    });
    expect(planTransition({ ...base, actorPermissions: new Set(["versions.promote"]) })).toMatchObject({ ok: true });
    expect(planTransition({ ...base, actorPermissions: [] })).toMatchObject({ ok: false, code: "FORBIDDEN" });
    // An operator may retire a blessed version but not the live one.
    const operator = ["versions.promote", "versions.demote", "versions.retire", "versions.requestLive"];
    expect(
      planTransition({ version: { id: "v", state: "live" }, target: "retired", reason: "r", actorPermissions: operator }),
    ).toMatchObject({ ok: false, code: "FORBIDDEN" });
    expect(
      planTransition({ version: { id: "v", state: "blessed" }, target: "retired", reason: "r", actorPermissions: operator }),
    ).toMatchObject({ ok: true });
  });
});

const at = (iso: string) => new Date(iso);

describe("rollback", () => {
  const live = { id: "v3", state: "live" as const };

  it("retires the live version and makes the most recently live blessed version live", () => {
    const r = planRollback({
      live,
      reason: "5xx spike",
      blessedCandidates: [
        { id: "v1", liveAt: at("2024-01-01T00:00:00Z") },
        { id: "v2", liveAt: at("2024-02-01T00:00:00Z") },
        { id: "v0", liveAt: at("2023-06-01T00:00:00Z") },
      ],
    });
    expect(r).toEqual({
      ok: true,
      kind: "rollback",
      permission: "versions.rollback",
      targetVersionId: "v2",
      reason: "5xx spike",
      changes: [
        { versionId: "v3", from: "live", to: "retired", stamp: "retiredAt" },
        { versionId: "v2", from: "blessed", to: "live", stamp: "liveAt" },
      ],
    });
  });

  it("skips never-live and non-blessed candidates and the live version itself", () => {
    const r = planRollback({
      live,
      reason: "r",
      blessedCandidates: [
        { id: "never", liveAt: null },
        { id: "undef", liveAt: undefined },
        { id: "retired", liveAt: at("2024-05-01T00:00:00Z"), state: "retired" },
        { id: "v3", liveAt: at("2024-06-01T00:00:00Z") },
        { id: "old", liveAt: at("2024-01-01T00:00:00Z"), state: "blessed" },
        { id: "bad", liveAt: new Date(Number.NaN) },
      ],
    });
    expect(r).toMatchObject({ ok: true, targetVersionId: "old" });
  });

  it("fails with no candidate", () => {
    expect(planRollback({ live, reason: "r", blessedCandidates: [] })).toMatchObject({
      ok: false,
      code: "NO_ROLLBACK_CANDIDATE",
    });
    expect(planRollback({ live, reason: "r", blessedCandidates: [{ id: "b", liveAt: null }] })).toMatchObject({
      ok: false,
      code: "NO_ROLLBACK_CANDIDATE",
    });
  });

  it("requires a reason, a live version and the rollback permission", () => {
    const candidates = [{ id: "v1", liveAt: at("2024-01-01T00:00:00Z") }];
    expect(planRollback({ live, blessedCandidates: candidates, reason: " " })).toMatchObject({ code: "REASON_REQUIRED" });
    expect(
      planRollback({ live: { id: "v3", state: "blessed" }, blessedCandidates: candidates, reason: "r" }),
    ).toMatchObject({ code: "NOT_LIVE" });
    expect(
      planRollback({ live, blessedCandidates: candidates, reason: "r", actorPermissions: ["versions.promote"] }),
    ).toMatchObject({ code: "FORBIDDEN" });
    expect(
      planRollback({ live, blessedCandidates: candidates, reason: "r", actorPermissions: ["versions.rollback"] }),
    ).toMatchObject({ ok: true });
  });

  it("breaks liveAt ties deterministically", () => {
    const t = at("2024-01-01T00:00:00Z");
    const a = rollbackTarget([{ id: "a", liveAt: t }, { id: "b", liveAt: t }]);
    const b = rollbackTarget([{ id: "b", liveAt: t }, { id: "a", liveAt: t }]);
    expect(a?.id).toBe("b");
    expect(b?.id).toBe("b");
  });
});

// ---------------------------------------------------------------------------------------------------------
// Properties: a module's versions driven by random operations through the planner.

interface ModelVersion {
  id: string;
  state: PromotionState;
  liveAt: Date | null;
}

function apply(model: ModelVersion[], changes: readonly StateChange[], now: Date): void {
  for (const c of changes) {
    const v = model.find((m) => m.id === c.versionId);
    if (!v) throw new Error(`unknown version ${c.versionId}`);
    // The compare-and-set a service performs.
    if (v.state !== c.from) throw new Error(`CAS failed on ${v.id}: ${v.state} != ${c.from}`);
    v.state = c.to;
    if (c.stamp === "liveAt") v.liveAt = now;
    expect(model.filter((m) => m.state === "live").length).toBeLessThanOrEqual(1);
  }
}

type Op = { kind: "transition"; index: number; target: PromotionState } | { kind: "rollback" };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant("transition" as const),
      index: fc.nat({ max: 5 }),
      // Biased towards the pipeline's forward moves so that runs actually reach live and roll back.
      target: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom<PromotionState>("staging", "blessed", "live") },
        { weight: 1, arbitrary: fc.constantFrom(...PROMOTION_STATES) },
      ),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "rollback" as const }) },
);

describe("properties", () => {
  it("no sequence of planned transitions and rollbacks yields two live versions", () => {
    let replacements = 0;
    let rollbacks = 0;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(opArb, { minLength: 10, maxLength: 80, size: "max" }), (count, ops) => {
        const model: ModelVersion[] = Array.from({ length: count }, (_, i) => ({
          id: `v${i}`,
          state: "built",
          liveAt: null,
        }));
        let clock = Date.UTC(2024, 0, 1);
        for (const op of ops) {
          clock += 60_000;
          const now = new Date(clock);
          const live = model.find((m) => m.state === "live");
          if (op.kind === "rollback") {
            if (!live) continue;
            const plan = planRollback({ live, blessedCandidates: model, reason: "r" });
            if (plan.ok) {
              const expected = rollbackTarget(model.filter((m) => m.state === "blessed" && m.liveAt));
              expect(plan.targetVersionId).toBe(expected?.id);
              apply(model, plan.changes, now);
              rollbacks += 1;
            }
            continue;
          }
          const version = model[op.index % count];
          if (!version) continue;
          const before = version.state;
          const plan = planTransition({ version, target: op.target, currentLive: live ?? null, reason: "r" });
          expect(plan.ok).toBe(canTransition(before, op.target));
          if (plan.ok) {
            if (plan.replacesLiveVersionId !== undefined) replacements += 1;
            apply(model, plan.changes, now);
          } else expect(version.state).toBe(before);
        }
        expect(model.filter((m) => m.state === "live").length).toBeLessThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
    // Guard against a generator that never exercises the interesting paths.
    expect(replacements).toBeGreaterThan(0);
    expect(rollbacks).toBeGreaterThan(0);
  });

  it("a retired version never leaves retired", () => {
    fc.assert(
      fc.property(fc.constantFrom(...PROMOTION_STATES), (to) => {
        const r = planTransition({ version: { id: "v", state: "retired" }, target: to, reason: "r" });
        expect(r.ok).toBe(false);
      }),
    );
  });

  it("every successful plan ends with the requested version in the target state", () => {
    fc.assert(
      fc.property(fc.constantFrom(...PROMOTION_STATES), fc.constantFrom(...PROMOTION_STATES), (from, to) => {
        const r = planTransition({
          version: { id: "v", state: from },
          target: to,
          currentLive: { id: "cur", state: "live" },
          reason: "r",
        });
        if (!r.ok) return;
        const last = r.changes[r.changes.length - 1];
        expect(last).toMatchObject({ versionId: "v", from, to });
        expect(r.changes.filter((c) => c.to === "live").length).toBeLessThanOrEqual(1);
      }),
    );
  });
});
