import { describe, expect, it } from "vitest";
import { compose } from "./compose";
import { compareLayers, deriveEffectivePriority } from "./priority";
import { input, mod } from "./test-fixtures";

describe("effective priority", () => {
  it("derives (position + varietyRank) × 1000 + priority, with the sentence the UI shows", () => {
    const d = deriveEffectivePriority({ categorySlug: "userland", categoryPosition: 90, variety: "config", priority: 5 });
    expect(d).toMatchObject({
      kind: "derived",
      categoryPosition: 90,
      varietyRank: 1,
      modulePriority: 5,
      derived: 91005,
      effective: 91005,
      override: null,
      text: "(userland 90 + config 1) × 1000 + 5 = 91005",
    });
  });

  it.each([
    ["subscription", 90005],
    ["config", 91005],
    ["instance", 92005],
  ] as const)("variety %s ranks to %d", (variety, expected) => {
    expect(deriveEffectivePriority({ categorySlug: "userland", categoryPosition: 90, variety, priority: 5 }).effective).toBe(expected);
  });

  it("an override replaces it and says what it would have been", () => {
    const d = deriveEffectivePriority({
      categorySlug: "userland",
      categoryPosition: 90,
      variety: "subscription",
      priority: 5,
      override: 95000,
    });
    expect(d.kind).toBe("override");
    expect(d.effective).toBe(95000);
    expect(d.derived).toBe(90005);
    expect(d.text).toBe("override 95000 (derived would be 90005)");
    expect(d.formula).toBe("(userland 90 + subscription 0) × 1000 + 5 = 90005");
  });

  it("an override of 0 is an override", () => {
    const d = deriveEffectivePriority({ categorySlug: "userland", categoryPosition: 90, variety: "subscription", priority: 5, override: 0 });
    expect(d.effective).toBe(0);
  });

  it("an unknown category counts as position 0 and is an error in compose", () => {
    const r = compose(input([mod("a", { category: "nope", priority: 7 })]));
    expect(r.layers[0]!.effectivePriority).toBe(7);
    expect(r.layers[0]!.derivation.categoryKnown).toBe(false);
    expect(r.errors.map((e) => e.code)).toContain("composition.unknown_category");
  });

  it("does not mistake an Object.prototype key for a category", () => {
    const r = compose(input([mod("a", { category: "constructor" })]));
    expect(r.layers[0]!.effectivePriority).toBe(0);
    expect(r.errors.map((e) => e.code)).toContain("composition.unknown_category");
  });

  it("rejects priorities outside 0–999 and non-integer overrides", () => {
    const r = compose(input([mod("a", { priority: 1000 }), mod("b", { effectivePriorityOverride: 1.5 })]));
    expect(r.errors.filter((e) => e.code === "composition.invalid_priority")).toHaveLength(2);
  });

  it("orders layers by effective priority, then name", () => {
    const layers = [
      { effectivePriority: 2, name: "a", owner: "o" },
      { effectivePriority: 1, name: "z", owner: "o" },
      { effectivePriority: 1, name: "b", owner: "o" },
    ].sort(compareLayers);
    expect(layers.map((l) => l.name)).toEqual(["b", "z", "a"]);
  });

  it("compose exposes every layer's derivation", () => {
    const r = compose(
      input([
        mod("base", { category: "system-base", priority: 3 }),
        mod("web", { category: "userland", variety: "config", parentModule: "app", priority: 5 }),
        mod("app", { category: "userland", priority: 5, effectivePriorityOverride: 95000 }),
      ]),
    );
    expect(r.layers.map((l) => [l.name, l.derivation.text])).toEqual([
      ["base", "(system-base 10 + subscription 0) × 1000 + 3 = 10003"],
      ["web", "(userland 90 + config 1) × 1000 + 5 = 91005"],
      ["app", "override 95000 (derived would be 90005)"],
    ]);
  });
});
