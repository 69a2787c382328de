import { describe, expect, it } from "vitest";
import { PROMOTION_STATES } from "../promotion/states";
import { pinRefusal, resolvePin } from "./pins";

const live = { id: "v-live", version: "1.1.0" };
const pin = (state: (typeof PROMOTION_STATES)[number]) => ({ id: `v-${state}`, version: "1.0.0", state });

describe("resolvePin", () => {
  it("deploys a blessed or live pin, whatever the live version", () => {
    expect(resolvePin(pin("blessed"), live)).toEqual({ source: "pinned", deploying: pin("blessed"), ignoredPin: null });
    expect(resolvePin(pin("live"), null)).toEqual({ source: "pinned", deploying: pin("live"), ignoredPin: null });
  });

  it("follows live without a pin, and deploys nothing without either", () => {
    expect(resolvePin(null, live)).toEqual({ source: "live", deploying: live, ignoredPin: null });
    expect(resolvePin(undefined, undefined)).toEqual({ source: null, deploying: null, ignoredPin: null });
  });

  it.each(["built", "staging", "retired"] as const)("passes over a %s pin: live deploys instead, and the pin is reported", (state) => {
    expect(resolvePin(pin(state), live)).toEqual({ source: "live", deploying: live, ignoredPin: pin(state) });
    expect(resolvePin(pin(state), null)).toEqual({ source: null, deploying: null, ignoredPin: pin(state) });
  });
});

describe("pinRefusal", () => {
  it("accepts blessed and live versions", () => {
    expect(pinRefusal("nginx", "1.0.0", { state: "blessed" })).toBeNull();
    expect(pinRefusal("nginx", "1.0.0", { state: "live" })).toBeNull();
  });

  it("refuses a version the module does not have", () => {
    expect(pinRefusal("nginx", "9.9.9", null)).toEqual({ reason: "unknown_version", message: "nginx@9.9.9 does not exist.", fieldError: "No such version" });
  });

  it.each(["built", "staging", "retired"] as const)("refuses a %s version, naming its state", (state) => {
    expect(pinRefusal("nginx", "1.2.0", { state })).toEqual({
      reason: "not_deliverable",
      message: `Only blessed or live versions can be pinned; nginx@1.2.0 is ${state}.`,
      fieldError: "Must be blessed or live",
    });
  });
});
