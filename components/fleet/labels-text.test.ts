import { describe, expect, it } from "vitest";
import { labelsToText, parseLabelsText } from "./labels-text";

describe("instance labels as text", () => {
  it("round-trips key=value lines, skipping blank lines and comments", () => {
    const parsed = parseLabelsText("rack=r4\n\n# where\nzone = eu-1\nurl=a=b\n");
    expect(parsed).toEqual({ ok: true, labels: { rack: "r4", zone: "eu-1", url: "a=b" } });
    expect(labelsToText({ rack: "r4", zone: "eu-1" })).toBe("rack=r4\nzone=eu-1");
  });

  it("names the line of a bad key, a missing =, a repeated key", () => {
    expect(parseLabelsText("Rack=1")).toEqual({ ok: false, error: 'Line 1: "Rack" is not a label key (lowercase letters, digits, . _ -)' });
    expect(parseLabelsText("a=1\nnovalue")).toEqual({ ok: false, error: "Line 2: write key=value" });
    expect(parseLabelsText("a=1\na=2")).toEqual({ ok: false, error: 'Line 2: "a" appears twice' });
  });
});
