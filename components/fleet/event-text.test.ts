import { describe, expect, it } from "vitest";
import { describeInstanceEvent, isDriftEvent } from "./event-text";

describe("describeInstanceEvent", () => {
  it("names the drift and the modules involved", () => {
    expect(describeInstanceEvent("drift_appeared", { from: "none", to: "high", differences: 3, missing: ["base"], extra: ["old"], mismatched: ["nginx"] })).toEqual({
      title: "Drift appeared (high)",
      detail: "missing base; mismatched nginx; extra old",
      tone: "warning",
    });
    expect(describeInstanceEvent("drift_changed", { from: "high", to: "critical", missing: [] }).tone).toBe("error");
    expect(describeInstanceEvent("drift_resolved", { from: "medium", to: "none" })).toMatchObject({ title: "Drift resolved: in sync", detail: "was medium", tone: "good" });
  });

  it("tolerates stored JSON of any shape", () => {
    expect(describeInstanceEvent("status_changed", null)).toEqual({ title: "Status ? → ?", detail: null, tone: "neutral" });
    expect(describeInstanceEvent("drift_appeared", { to: "medium", missing: [1, "a"] }).detail).toBe("missing a");
    expect(describeInstanceEvent("something_new", [])).toEqual({ title: "something new", detail: null, tone: "neutral" });
  });

  it("shows the decommission reason and who did it", () => {
    expect(describeInstanceEvent("decommissioned", { reason: "rack moved", by: "op@example.com" }).detail).toBe("rack moved — by op@example.com");
    expect(describeInstanceEvent("status_changed", { from: "running", to: "error" }).tone).toBe("error");
  });

  it("tells drift events apart", () => {
    expect(["drift_appeared", "drift_changed", "drift_resolved", "status_changed"].map(isDriftEvent)).toEqual([true, true, true, false]);
  });
  it("describes the stale-marking job's events", () => {
    expect(describeInstanceEvent("went_stale", { lastHeartbeatAt: "2026-12-03T07:00:00.000Z" })).toEqual({
      title: "Went stale: no heartbeat",
      detail: "last heartbeat 2026-12-03T07:00:00.000Z",
      tone: "warning",
    });
    expect(describeInstanceEvent("heartbeat_resumed", {}).tone).toBe("good");
  });
});
