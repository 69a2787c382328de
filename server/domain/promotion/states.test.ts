import { describe, expect, it } from "vitest";
import {
  DELIVERABLE_STATES,
  LEGACY_STATE_NAMES,
  PROMOTION_STATES,
  STATE_TIMESTAMP_FIELD,
  isDeliverableState,
  isLegacyStateName,
  isPromotionState,
  normalizeLegacyState,
} from "@/server/domain/promotion";

describe("promotion states", () => {
  it("lists the five states in pipeline order", () => {
    expect(PROMOTION_STATES).toEqual(["built", "staging", "blessed", "live", "retired"]);
  });

  it("maps the legacy words draft and archived", () => {
    expect(LEGACY_STATE_NAMES).toEqual({ draft: "built", archived: "retired" });
    expect(normalizeLegacyState("draft")).toBe("built");
    expect(normalizeLegacyState("archived")).toBe("retired");
  });

  it.each(PROMOTION_STATES)("passes the current word %s through", (state) => {
    expect(normalizeLegacyState(state)).toBe(state);
  });

  it("ignores case and surrounding whitespace", () => {
    expect(normalizeLegacyState("  Draft ")).toBe("built");
    expect(normalizeLegacyState("LIVE")).toBe("live");
  });

  it("returns undefined for unknown words, including prototype keys", () => {
    expect(normalizeLegacyState("published")).toBeUndefined();
    expect(normalizeLegacyState("")).toBeUndefined();
    expect(normalizeLegacyState("constructor")).toBeUndefined();
    expect(normalizeLegacyState("toString")).toBeUndefined();
  });

  it("guards", () => {
    expect(isPromotionState("blessed")).toBe(true);
    expect(isPromotionState("draft")).toBe(false);
    expect(isPromotionState(3)).toBe(false);
    expect(isLegacyStateName("archived")).toBe(true);
    expect(isLegacyStateName("hasOwnProperty")).toBe(false);
  });

  it("only blessed and live are deliverable to node agents", () => {
    expect(DELIVERABLE_STATES).toEqual(["blessed", "live"]);
    expect(PROMOTION_STATES.filter(isDeliverableState)).toEqual(["blessed", "live"]);
  });

  it("names a timestamp column for every state entered after build", () => {
    expect(STATE_TIMESTAMP_FIELD).toEqual({
      built: null,
      staging: "stagingAt",
      blessed: "blessedAt",
      live: "liveAt",
      retired: "retiredAt",
    });
  });
});
