import { describe, expect, it } from "vitest";
import { applyRolloutHolds, desiredStateEtag, heldDesiredStateEtag, parseHolds, type TemplateDesiredState } from "./fleet-desired-state";

const state: TemplateDesiredState = {
  templateId: "t1",
  templateName: "edge",
  revision: 7,
  modules: [
    { name: "base", version: "1.0.0", oci_ref: "r/base:1", oci_digest: `sha256:${"a".repeat(64)}`, composefs_digest: null, effective_priority: 10, metadata: {} },
    { name: "web", version: "2.0.0", oci_ref: "r/web:2", oci_digest: `sha256:${"b".repeat(64)}`, composefs_digest: null, effective_priority: 20, metadata: { role: "x" } },
  ],
  undeliverable: [],
  ignoredPins: [],
  instanceModules: {},
  contentHash: "hash",
};
const hold = { module: "web", version: "1.0.0", ociRef: "r/web:1", ociDigest: `sha256:${"c".repeat(64)}`, composefsDigest: null };

describe("rollout holds in desired state (docs/rollouts.md)", () => {
  it("no holds: the shared template state itself, and the template's ETag", () => {
    expect(applyRolloutHolds(state, [])).toBe(state);
    expect(heldDesiredStateEtag("n1", state, 0, [])).toBe(desiredStateEtag("n1", state));
  });

  it("a hold serves the previous version in the same layer, keeping the assignment's metadata", () => {
    const held = applyRolloutHolds(state, [hold]);
    expect(held.modules.map((m) => [m.name, m.version, m.oci_digest])).toEqual([
      ["base", "1.0.0", state.modules[0]!.oci_digest],
      ["web", "1.0.0", hold.ociDigest],
    ]);
    expect(held.modules[1]?.metadata).toEqual({ role: "x" });
  });

  it("a hold without a previous version leaves the module undeliverable until the node's wave", () => {
    const held = applyRolloutHolds(state, [{ ...hold, version: null, ociRef: null, ociDigest: null }]);
    expect(held.modules.map((m) => m.name)).toEqual(["base"]);
    expect(held.undeliverable[0]?.reason).toMatch(/later wave of its rollout/);
  });

  it("the ETag changes with the node's holds and hold revision, and only with them", () => {
    const heldTag = heldDesiredStateEtag("n1", state, 1, [hold]);
    expect(heldTag).not.toBe(desiredStateEtag("n1", state));
    expect(heldDesiredStateEtag("n1", state, 1, [hold])).toBe(heldTag);
    expect(heldDesiredStateEtag("n1", state, 2, [])).not.toBe(heldTag);
    expect(heldDesiredStateEtag("n2", state, 1, [hold])).not.toBe(heldTag);
  });

  it("parses only well-formed holds", () => {
    expect(parseHolds([hold, { nope: 1 }, null])).toEqual([hold]);
    expect(parseHolds({})).toEqual([]);
  });
});
