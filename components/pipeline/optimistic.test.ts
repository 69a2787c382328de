import { describe, expect, it } from "vitest";
import { applyLiveRequest, applyRollback, applyTransition, withPendingRequestId } from "./optimistic";
import type { PipelineData, PipelineVersion } from "./types";

const t0 = new Date("2026-11-20T10:00:00Z");
const now = new Date("2026-11-25T10:00:00Z");

function version(id: string, state: PipelineVersion["promotionState"], extra: Partial<PipelineVersion> = {}): PipelineVersion {
  return {
    id,
    version: id,
    promotionState: state,
    ociRef: `r/x:${id}`,
    ociDigest: `sha256:${"0".repeat(64)}`,
    composefsDigest: null,
    signerIdentity: null,
    signerIssuer: null,
    signatureVerifiedAt: null,
    signerChain: [],
    sbomUri: null,
    createdAt: t0,
    stagingAt: null,
    blessedAt: null,
    liveAt: null,
    retiredAt: null,
    retiredReason: null,
    previouslyLive: false,
    stateChangedAt: t0,
    badAt: null,
    badReason: null,
    hoursInState: 120,
    sensors: { stale: null, ready: null },
    pendingRequest: null,
    history: [{ state: "built", at: t0 }],
    ...extra,
  };
}

function pipeline(versions: PipelineVersion[], requireApproval = true): PipelineData {
  const live = versions.find((v) => v.promotionState === "live");
  const target = versions.find((v) => v.promotionState === "blessed" && v.previouslyLive);
  return {
    module: { id: "m", name: "nginx", displayName: "nginx", category: { slug: "userland", name: "Userland" } },
    policy: { requireApproval, requiredApprovals: 1, requestTtlHours: 4, stagingStaleHours: 24, overriddenFields: [], activeFreezeWindows: [], blessRequiresEvidence: false },
    can: { promote: true, demote: true, retire: true, requestLive: true, approve: false, rollback: false, overrideFreeze: false },
    now: t0,
    versions,
    live: live ? { id: live.id, version: live.version } : null,
    rollbackTarget: target ? { id: target.id, version: target.version } : null,
    timeline: { from: t0, to: t0 },
  };
}

describe("optimistic pipeline updates", () => {
  it("moves a card to its new lane and resets its age and sensors", () => {
    const data = pipeline([version("1.0.0", "staging", { sensors: { stale: null, ready: null } })]);
    const next = applyTransition(data, "1.0.0", "blessed", now);
    expect(next.versions[0]).toMatchObject({ promotionState: "blessed", hoursInState: 0, stateChangedAt: now });
    expect(next.versions[0]!.history.at(-1)).toEqual({ state: "blessed", at: now });
    expect(data.versions[0]!.promotionState).toBe("staging"); // the snapshot is untouched
  });

  it("retiring a blessed version drops its pending request and records the reason", () => {
    const data = pipeline([version("1.0.0", "blessed", { pendingRequest: { id: "r", requestedByLabel: "op", reason: "x", createdAt: t0, expiresAt: now, requiredApprovals: 1, approvals: 0 } })]);
    const next = applyTransition(data, "1.0.0", "retired", now, "broken");
    expect(next.versions[0]).toMatchObject({ promotionState: "retired", pendingRequest: null, retiredReason: "broken" });
  });

  it("rolls back: live → retired, previously live → live", () => {
    const data = pipeline([version("1.1.0", "live"), version("1.0.0", "blessed", { previouslyLive: true })]);
    const next = applyRollback(data, now, "502s");
    expect(next.versions.map((v) => [v.id, v.promotionState])).toEqual([
      ["1.1.0", "retired"],
      ["1.0.0", "live"],
    ]);
    expect(next.live).toEqual({ id: "1.0.0", version: "1.0.0" });
    expect(next.rollbackTarget).toBeNull();
    expect(applyRollback(pipeline([version("1.0.0", "live")]), now, "x").versions[0]!.promotionState).toBe("live");
  });

  it("a live request shows as pending when approval is required, and goes live when it is not", () => {
    const versions = [version("1.0.0", "live"), version("1.1.0", "blessed")];
    const pending = applyLiveRequest(pipeline(versions), "1.1.0", "ship it", "operator@x", now);
    expect(pending.versions[1]).toMatchObject({ promotionState: "blessed", pendingRequest: { reason: "ship it", approvals: 0, requiredApprovals: 1 } });
    const named = withPendingRequestId(pending, "1.1.0", "req-1");
    expect(named.versions[1]!.pendingRequest?.id).toBe("req-1");
    expect(withPendingRequestId(pending, "1.0.0", "req-1").versions[0]!.pendingRequest).toBeNull();
    const applied = applyLiveRequest(pipeline(versions, false), "1.1.0", "ship it", "operator@x", now);
    expect(applied.versions.map((v) => [v.id, v.promotionState, v.previouslyLive])).toEqual([
      ["1.0.0", "blessed", true],
      ["1.1.0", "live", false],
    ]);
    expect(applied.rollbackTarget).toEqual({ id: "1.0.0", version: "1.0.0" });
  });
});
