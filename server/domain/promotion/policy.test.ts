import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_APPROVAL_POLICY,
  activeFreezeWindows,
  approvalPolicyOverrideSchema,
  approvalPolicySchema,
  canDecide,
  evaluateApprovals,
  evaluateLiveRequest,
  resolvePolicy,
  validateDecision,
  type ApprovalDecision,
  type ApprovalPolicy,
  type FreezeWindow,
  type PromotionRequestFacts,
} from "@/server/domain/promotion";

const HOUR = 3_600_000;
const T0 = new Date("2024-03-01T12:00:00Z");
const plus = (ms: number, from: Date = T0) => new Date(from.getTime() + ms);

const policy = (overrides: Partial<ApprovalPolicy> = {}): ApprovalPolicy => ({ ...DEFAULT_APPROVAL_POLICY, ...overrides });

const freeze: FreezeWindow = {
  id: "f1",
  startsAt: plus(-HOUR),
  endsAt: plus(HOUR),
  reason: "Quarter-end change freeze",
};

describe("policy schema and defaults", () => {
  it("has the documented defaults (docs/promotion.md)", () => {
    expect(DEFAULT_APPROVAL_POLICY).toEqual({
      requireApproval: true,
      requiredApprovals: 1,
      requestTtlHours: 4,
      stagingStaleHours: 24,
      freezeWindows: [],
    });
    expect(Object.isFrozen(DEFAULT_APPROVAL_POLICY)).toBe(true);
    expect(Object.isFrozen(DEFAULT_APPROVAL_POLICY.freezeWindows)).toBe(true);
  });

  it("fills defaults from an empty object", () => {
    expect(approvalPolicySchema.parse({})).toEqual(DEFAULT_APPROVAL_POLICY);
  });

  it("coerces ISO dates in freeze windows and trims their reason", () => {
    const parsed = approvalPolicySchema.parse({
      freezeWindows: [{ startsAt: "2024-12-20T00:00:00Z", endsAt: "2025-01-02T00:00:00Z", reason: " holidays " }],
    });
    expect(parsed.freezeWindows[0]).toEqual({
      startsAt: new Date("2024-12-20T00:00:00Z"),
      endsAt: new Date("2025-01-02T00:00:00Z"),
      reason: "holidays",
    });
  });

  it.each([
    [{ requiredApprovals: 0 }],
    [{ requiredApprovals: 1.5 }],
    [{ requiredApprovals: 21 }],
    [{ requestTtlHours: 0 }],
    [{ requestTtlHours: -1 }],
    [{ stagingStaleHours: 0 }],
    [{ requireApproval: "yes" }],
    [{ freezeWindows: [{ startsAt: "2024-01-02", endsAt: "2024-01-01", reason: "r" }] }],
    [{ freezeWindows: [{ startsAt: "2024-01-01", endsAt: "2024-01-01", reason: "r" }] }],
    [{ freezeWindows: [{ startsAt: "2024-01-01", endsAt: "2024-01-02", reason: "  " }] }],
    [{ freezeWindows: [{ startsAt: "not a date", endsAt: "2024-01-02", reason: "r" }] }],
  ])("rejects %j", (input) => {
    expect(approvalPolicySchema.safeParse(input).success).toBe(false);
  });

  it("points an inverted window's error at endsAt", () => {
    const r = approvalPolicySchema.safeParse({
      freezeWindows: [{ startsAt: "2024-01-02", endsAt: "2024-01-01", reason: "r" }],
    });
    expect(r.success).toBe(false);
    if (!r.success) expect(r.error.issues[0]?.path).toEqual(["freezeWindows", 0, "endsAt"]);
  });

  it("override schema has no defaults: absent means inherit", () => {
    expect(approvalPolicyOverrideSchema.parse({})).toEqual({});
    expect(approvalPolicyOverrideSchema.parse({ requiredApprovals: 2 })).toEqual({ requiredApprovals: 2 });
    expect(approvalPolicyOverrideSchema.safeParse({ requiredApprovals: 0 }).success).toBe(false);
  });
});

describe("resolvePolicy", () => {
  const account = policy({ freezeWindows: [freeze] });

  it("returns the account policy without an override", () => {
    expect(resolvePolicy(account)).toEqual({ ...account, overriddenFields: [] });
    expect(resolvePolicy(account, null)).toEqual({ ...account, overriddenFields: [] });
  });

  it("replaces scalars and adds freeze windows", () => {
    const categoryFreeze: FreezeWindow = { startsAt: plus(2 * HOUR), endsAt: plus(3 * HOUR), reason: "kernel rollout" };
    const r = resolvePolicy(account, { requiredApprovals: 2, requireApproval: false, freezeWindows: [categoryFreeze] });
    expect(r.requiredApprovals).toBe(2);
    expect(r.requireApproval).toBe(false);
    expect(r.requestTtlHours).toBe(4);
    expect(r.freezeWindows).toEqual([freeze, categoryFreeze]);
    expect(r.overriddenFields).toEqual(["requireApproval", "requiredApprovals", "freezeWindows"]);
  });

  it("an empty freeze list in the override cannot lift the account's freeze", () => {
    const r = resolvePolicy(account, { freezeWindows: [] });
    expect(r.freezeWindows).toEqual([freeze]);
    expect(r.overriddenFields).toEqual([]);
  });

  it("does not mutate its inputs", () => {
    const windows = [freeze];
    const acc = policy({ freezeWindows: windows });
    resolvePolicy(acc, { freezeWindows: [freeze] });
    expect(windows).toHaveLength(1);
  });
});

describe("freeze windows", () => {
  it("are half-open [startsAt, endsAt)", () => {
    expect(activeFreezeWindows([freeze], freeze.startsAt)).toEqual([freeze]);
    expect(activeFreezeWindows([freeze], plus(-1, freeze.startsAt))).toEqual([]);
    expect(activeFreezeWindows([freeze], plus(-1, freeze.endsAt))).toEqual([freeze]);
    expect(activeFreezeWindows([freeze], freeze.endsAt)).toEqual([]);
  });
});

describe("evaluateLiveRequest", () => {
  const base = { now: T0, requesterId: "alice", isAdmin: false, reason: "ship 2.1" };

  it("creates a pending request that expires after requestTtlHours", () => {
    const r = evaluateLiveRequest({ ...base, policy: policy() });
    expect(r).toEqual({
      ok: true,
      requesterId: "alice",
      reason: "ship 2.1",
      expiresAt: plus(4 * HOUR),
      appliesImmediately: false,
      requiredApprovals: 1,
    });
    const longer = evaluateLiveRequest({ ...base, policy: policy({ requestTtlHours: 0.5, requiredApprovals: 3 }) });
    expect(longer).toMatchObject({ ok: true, expiresAt: plus(HOUR / 2), requiredApprovals: 3 });
  });

  it("requires a reason", () => {
    for (const reason of [undefined, null, "", "  \n"]) {
      expect(evaluateLiveRequest({ ...base, reason, policy: policy() })).toMatchObject({
        ok: false,
        code: "REASON_REQUIRED",
      });
    }
  });

  it("applies immediately when approval is not required", () => {
    const r = evaluateLiveRequest({ ...base, policy: policy({ requireApproval: false, requiredApprovals: 2 }) });
    expect(r).toMatchObject({ ok: true, appliesImmediately: true, requiredApprovals: 0 });
  });

  it("a freeze window blocks a non-admin, with or without an override reason", () => {
    const p = policy({ freezeWindows: [freeze] });
    const blocked = evaluateLiveRequest({ ...base, policy: p });
    expect(blocked).toMatchObject({ ok: false, code: "FROZEN", canOverrideFreeze: false, activeFreezeWindows: [freeze] });
    if (!blocked.ok) {
      expect(blocked.message).toContain("Quarter-end change freeze");
      expect(blocked.message).toContain(freeze.endsAt.toISOString());
    }
    expect(evaluateLiveRequest({ ...base, policy: p, freezeOverrideReason: "hotfix" })).toMatchObject({
      ok: false,
      code: "FREEZE_OVERRIDE_FORBIDDEN",
      canOverrideFreeze: false,
    });
  });

  it("a freeze window blocks even when approval is not required", () => {
    const p = policy({ requireApproval: false, freezeWindows: [freeze] });
    expect(evaluateLiveRequest({ ...base, policy: p })).toMatchObject({ ok: false, code: "FROZEN" });
  });

  it("an admin overrides a freeze only with a reason", () => {
    const p = policy({ freezeWindows: [freeze] });
    for (const freezeOverrideReason of [undefined, "   "]) {
      expect(evaluateLiveRequest({ ...base, isAdmin: true, policy: p, freezeOverrideReason })).toMatchObject({
        ok: false,
        code: "FROZEN",
        canOverrideFreeze: true,
      });
    }
    const r = evaluateLiveRequest({ ...base, isAdmin: true, policy: p, freezeOverrideReason: " CVE hotfix " });
    expect(r).toMatchObject({ ok: true, freezeOverride: { reason: "CVE hotfix", windows: [freeze] } });
  });

  it("an admin override still needs the request reason", () => {
    const p = policy({ freezeWindows: [freeze] });
    expect(
      evaluateLiveRequest({ ...base, reason: "", isAdmin: true, policy: p, freezeOverrideReason: "hotfix" }),
    ).toMatchObject({ ok: false, code: "REASON_REQUIRED" });
  });

  it("windows that have ended or not started do not block", () => {
    const p = policy({
      freezeWindows: [
        { startsAt: plus(-3 * HOUR), endsAt: T0, reason: "past" },
        { startsAt: plus(1), endsAt: plus(HOUR), reason: "future" },
      ],
    });
    const r = evaluateLiveRequest({ ...base, policy: p, freezeOverrideReason: "ignored" });
    expect(r).toMatchObject({ ok: true });
    if (r.ok) expect(r.freezeOverride).toBeUndefined();
  });
});

const request = (overrides: Partial<PromotionRequestFacts> = {}): PromotionRequestFacts => ({
  requesterId: "alice",
  createdAt: T0,
  expiresAt: plus(4 * HOUR),
  status: "pending",
  ...overrides,
});
const approve = (userId: string, minutes: number): ApprovalDecision => ({
  userId,
  decision: "approve",
  at: plus(minutes * 60_000),
});
const reject = (userId: string, minutes: number, comment = "breaks DNS"): ApprovalDecision => ({
  userId,
  decision: "reject",
  comment,
  at: plus(minutes * 60_000),
});

describe("validateDecision", () => {
  it("refuses a rejection without a comment", () => {
    for (const comment of [undefined, null, "", "   "]) {
      expect(validateDecision({ decision: "reject", comment })).toEqual({
        ok: false,
        code: "COMMENT_REQUIRED",
        message: expect.any(String),
      });
    }
  });
  it("accepts a rejection with a comment and an approval without one", () => {
    expect(validateDecision({ decision: "reject", comment: " no " })).toEqual({ ok: true, decision: "reject", comment: "no" });
    expect(validateDecision({ decision: "approve" })).toEqual({ ok: true, decision: "approve" });
    expect(validateDecision({ decision: "approve", comment: "lgtm" })).toEqual({
      ok: true,
      decision: "approve",
      comment: "lgtm",
    });
  });
});

describe("evaluateApprovals", () => {
  const now = plus(HOUR);

  it("is pending with no decisions", () => {
    expect(evaluateApprovals({ policy: policy(), request: request(), decisions: [], now })).toEqual({
      status: "pending",
      countedApprovals: 0,
      requiredApprovals: 1,
      missing: 1,
      ignoredSelfApprovals: 0,
      approvedBy: [],
    });
  });

  it("ignores the requester's own approval", () => {
    const r = evaluateApprovals({ policy: policy(), request: request(), decisions: [approve("alice", 1)], now });
    expect(r).toMatchObject({ status: "pending", countedApprovals: 0, missing: 1, ignoredSelfApprovals: 1 });
  });

  it("approves with one approval from someone else", () => {
    const r = evaluateApprovals({
      policy: policy(),
      request: request(),
      decisions: [approve("alice", 1), approve("bob", 2)],
      now,
    });
    expect(r).toMatchObject({
      status: "approved",
      countedApprovals: 1,
      missing: 0,
      ignoredSelfApprovals: 1,
      approvedBy: ["bob"],
      decidedAt: plus(2 * 60_000),
    });
  });

  it("needs two distinct approvers when two are required", () => {
    const p = policy({ requiredApprovals: 2 });
    const one = evaluateApprovals({ policy: p, request: request(), decisions: [approve("bob", 1)], now });
    expect(one).toMatchObject({ status: "pending", countedApprovals: 1, requiredApprovals: 2, missing: 1 });
    const dup = evaluateApprovals({
      policy: p,
      request: request(),
      decisions: [approve("bob", 1), approve("bob", 2), approve("alice", 3)],
      now,
    });
    expect(dup).toMatchObject({ status: "pending", countedApprovals: 1, missing: 1, ignoredSelfApprovals: 1 });
    const two = evaluateApprovals({
      policy: p,
      request: request(),
      decisions: [approve("carol", 5), approve("bob", 1)],
      now,
    });
    expect(two).toMatchObject({ status: "approved", countedApprovals: 2, missing: 0, approvedBy: ["bob", "carol"] });
  });

  it("uses the request's snapshot of requiredApprovals over the current policy", () => {
    const r = evaluateApprovals({
      policy: policy({ requiredApprovals: 1 }),
      request: request({ requiredApprovals: 2 }),
      decisions: [approve("bob", 1)],
      now,
    });
    expect(r).toMatchObject({ status: "pending", requiredApprovals: 2, missing: 1 });
  });

  it("any rejection rejects", () => {
    const r = evaluateApprovals({
      policy: policy({ requiredApprovals: 2 }),
      request: request(),
      decisions: [approve("bob", 1), reject("carol", 2)],
      now,
    });
    expect(r).toMatchObject({
      status: "rejected",
      rejectedBy: { userId: "carol", comment: "breaks DNS", at: plus(2 * 60_000) },
      countedApprovals: 1,
      missing: 1,
    });
  });

  it("a rejection after the request was approved changes nothing", () => {
    const r = evaluateApprovals({
      policy: policy(),
      request: request(),
      decisions: [reject("carol", 5), approve("bob", 1)],
      now,
    });
    expect(r).toMatchObject({ status: "approved" });
    expect(r.rejectedBy).toBeUndefined();
  });

  it("expires at expiresAt when not decided", () => {
    const req = request();
    const before = evaluateApprovals({ policy: policy(), request: req, decisions: [], now: plus(-1, req.expiresAt) });
    expect(before.status).toBe("pending");
    const atExpiry = evaluateApprovals({ policy: policy(), request: req, decisions: [], now: req.expiresAt });
    expect(atExpiry).toMatchObject({ status: "expired", decidedAt: req.expiresAt, missing: 1 });
  });

  it("ignores decisions at or after expiry", () => {
    const req = request();
    const late = { ...approve("bob", 0), at: req.expiresAt };
    const r = evaluateApprovals({ policy: policy(), request: req, decisions: [late], now: plus(HOUR, req.expiresAt) });
    expect(r).toMatchObject({ status: "expired", countedApprovals: 0 });
  });

  it("an approval reached before expiry stays approved afterwards", () => {
    const req = request();
    const r = evaluateApprovals({
      policy: policy(),
      request: req,
      decisions: [approve("bob", 10)],
      now: plus(HOUR, req.expiresAt),
    });
    expect(r.status).toBe("approved");
  });

  it("keeps a stored terminal status", () => {
    for (const status of ["approved", "rejected", "expired", "cancelled"] as const) {
      const r = evaluateApprovals({ policy: policy(), request: request({ status }), decisions: [], now });
      expect(r.status).toBe(status);
    }
  });

  it("counts a stored rejection without a comment", () => {
    const r = evaluateApprovals({
      policy: policy(),
      request: request(),
      decisions: [{ userId: "bob", decision: "reject", at: plus(60_000) }],
      now,
    });
    expect(r.status).toBe("rejected");
    expect(r.rejectedBy).toEqual({ userId: "bob", at: plus(60_000) });
  });

  it("the requester rejecting withdraws the request", () => {
    const r = evaluateApprovals({ policy: policy(), request: request(), decisions: [reject("alice", 1)], now });
    expect(r.status).toBe("rejected");
  });

  it("property: the requester's approvals never change the count", () => {
    const user = fc.constantFrom("alice", "bob", "carol", "dave", "erin");
    const decision = fc.record({
      userId: user,
      decision: fc.constant("approve" as const),
      at: fc.integer({ min: 0, max: 5 * HOUR }).map((ms) => plus(ms)),
    });
    fc.assert(
      fc.property(fc.array(decision, { maxLength: 20 }), fc.integer({ min: 1, max: 4 }), (decisions, n) => {
        const p = policy({ requiredApprovals: n });
        const withSelf = evaluateApprovals({ policy: p, request: request(), decisions, now });
        const withoutSelf = evaluateApprovals({
          policy: p,
          request: request(),
          decisions: decisions.filter((d) => d.userId !== "alice"),
          now,
        });
        expect(withSelf.countedApprovals).toBe(withoutSelf.countedApprovals);
        expect(withSelf.status).toBe(withoutSelf.status);
        expect(withSelf.approvedBy).not.toContain("alice");
        expect(new Set(withSelf.approvedBy).size).toBe(withSelf.approvedBy.length);
        expect(withSelf.countedApprovals).toBeLessThanOrEqual(n);
        expect(withSelf.countedApprovals + withSelf.missing).toBe(n);
      }),
    );
  });

  it("property: the order decisions are listed in does not matter", () => {
    const decision = fc.record({
      userId: fc.constantFrom("alice", "bob", "carol", "dave"),
      decision: fc.constantFrom("approve" as const, "reject" as const),
      comment: fc.constant("c"),
      at: fc.integer({ min: 0, max: 5 * HOUR }).map((ms) => plus(ms)),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(decision, { maxLength: 12, selector: (d) => d.at.getTime() }),
        fc.integer({ min: 1, max: 3 }),
        (decisions, n) => {
          const p = policy({ requiredApprovals: n });
          const a = evaluateApprovals({ policy: p, request: request(), decisions, now: plus(6 * HOUR) });
          const b = evaluateApprovals({ policy: p, request: request(), decisions: [...decisions].reverse(), now: plus(6 * HOUR) });
          expect(b).toEqual(a);
        },
      ),
    );
  });
});

describe("canDecide", () => {
  const now = plus(HOUR);

  it("explains why the requester cannot approve", () => {
    expect(canDecide({ request: request(), userId: "alice", now })).toEqual({
      allowed: false,
      code: "SELF_APPROVAL",
      reason: "You requested this promotion; another approver must approve it.",
    });
  });

  it("lets another approver approve and the requester withdraw by rejecting", () => {
    expect(canDecide({ request: request(), userId: "bob", now })).toEqual({ allowed: true });
    expect(canDecide({ request: request(), userId: "alice", now, decision: "reject" })).toEqual({ allowed: true });
  });

  it("refuses decided and expired requests", () => {
    expect(canDecide({ request: request({ status: "approved" }), userId: "bob", now })).toMatchObject({
      allowed: false,
      code: "NOT_PENDING",
      reason: "This request is already approved.",
    });
    const req = request();
    expect(canDecide({ request: req, userId: "bob", now: req.expiresAt })).toMatchObject({
      allowed: false,
      code: "EXPIRED",
    });
  });

  it("refuses a second approval from the same user but allows changing to a rejection", () => {
    const decisions = [approve("bob", 1)];
    expect(canDecide({ request: request(), userId: "bob", now, decisions })).toMatchObject({
      allowed: false,
      code: "ALREADY_DECIDED",
    });
    expect(canDecide({ request: request(), userId: "bob", now, decisions, decision: "reject" })).toEqual({
      allowed: true,
    });
  });

  it("refuses non-approvers, but tells a requester why first and lets them withdraw", () => {
    expect(canDecide({ request: request(), userId: "bob", now, isApprover: false })).toMatchObject({
      allowed: false,
      code: "NOT_APPROVER",
    });
    expect(canDecide({ request: request(), userId: "alice", now, isApprover: false })).toMatchObject({
      allowed: false,
      code: "SELF_APPROVAL",
    });
    expect(canDecide({ request: request(), userId: "alice", now, isApprover: false, decision: "reject" })).toEqual({
      allowed: true,
    });
  });

  it("refuses approvals during a freeze unless the request overrode it; rejections stay possible", () => {
    const p = { freezeWindows: [freeze] };
    expect(canDecide({ request: request(), userId: "bob", now: T0, policy: p })).toMatchObject({
      allowed: false,
      code: "FROZEN",
    });
    expect(canDecide({ request: request(), userId: "bob", now: T0, policy: p, decision: "reject" })).toEqual({
      allowed: true,
    });
    expect(canDecide({ request: request({ freezeOverridden: true }), userId: "bob", now: T0, policy: p })).toEqual({
      allowed: true,
    });
  });
});
