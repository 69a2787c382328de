import { describe, expect, it } from "vitest";
import { PROMOTION_STATES } from "@/server/domain/promotion";
import { computeDrift, desiredStateFor, type DeliverableVersion } from "@/server/domain/drift";

const d = (c: string) => `sha256:${c.repeat(64)}`;
const v = (version: string, state: DeliverableVersion["state"], c: string): DeliverableVersion => ({
  version,
  state,
  ociRef: `registry.example/mods/nginx:${version}`,
  ociDigest: d(c),
});

const live = { nginx: v("2.0.0", "live", "2") };

describe("desiredStateFor", () => {
  it("uses the live version when nothing is pinned", () => {
    const r = desiredStateFor({ assignments: [{ moduleName: "nginx", enabled: true }], liveVersions: live });
    expect(r).toEqual({
      modules: [
        {
          moduleName: "nginx",
          version: "2.0.0",
          state: "live",
          ociRef: "registry.example/mods/nginx:2.0.0",
          ociDigest: d("2"),
          source: "live",
        },
      ],
      unresolved: [],
      ignoredPins: [],
    });
  });

  it.each(["blessed", "live"] as const)("uses a %s pin", (state) => {
    const r = desiredStateFor({
      assignments: [{ moduleName: "nginx", enabled: true, pinnedVersion: v("1.0.0", state, "1") }],
      liveVersions: live,
    });
    expect(r.modules).toEqual([expect.objectContaining({ version: "1.0.0", state, source: "pin", ociDigest: d("1") })]);
    expect(r.ignoredPins).toEqual([]);
  });

  it.each(PROMOTION_STATES.filter((s) => s !== "blessed" && s !== "live"))(
    "never hands out a %s pin: falls back to live and reports the ignored pin",
    (state) => {
      const r = desiredStateFor({
        assignments: [{ moduleName: "nginx", enabled: true, pinnedVersion: v("1.0.0", state, "1") }],
        liveVersions: live,
      });
      expect(r.modules).toEqual([expect.objectContaining({ version: "2.0.0", source: "live" })]);
      expect(r.ignoredPins).toEqual([{ moduleName: "nginx", version: "1.0.0", state }]);
    },
  );

  it("reports modules with neither a usable pin nor a live version as unresolved", () => {
    const r = desiredStateFor({
      assignments: [
        { moduleName: "chrony", enabled: true },
        { moduleName: "avahi", enabled: true, pinnedVersion: v("0.1.0", "retired", "3") },
      ],
      liveVersions: live,
    });
    expect(r.modules).toEqual([]);
    expect(r.unresolved).toEqual([
      { moduleName: "chrony", code: "NO_LIVE_VERSION", message: expect.stringContaining("no live version") },
      { moduleName: "avahi", code: "NO_LIVE_VERSION", message: expect.stringContaining("0.1.0 is retired") },
    ]);
    expect(r.ignoredPins).toEqual([{ moduleName: "avahi", version: "0.1.0", state: "retired" }]);
  });

  it("ignores a live-map entry whose state is not live", () => {
    const r = desiredStateFor({
      assignments: [{ moduleName: "nginx", enabled: true }],
      liveVersions: { nginx: v("2.0.0", "blessed", "2") },
    });
    expect(r.unresolved).toHaveLength(1);
  });

  it("skips disabled assignments and resolves a duplicated module once", () => {
    const r = desiredStateFor({
      assignments: [
        { moduleName: "nginx", enabled: false, pinnedVersion: v("1.0.0", "blessed", "1") },
        { moduleName: "nginx", enabled: true },
        { moduleName: "nginx", enabled: true, pinnedVersion: v("1.0.0", "blessed", "1") },
        { moduleName: "off", enabled: false },
      ],
      liveVersions: live,
    });
    expect(r.modules).toEqual([expect.objectContaining({ moduleName: "nginx", source: "live" })]);
    expect(r.unresolved).toEqual([]);
  });

  it("keeps assignment order and does not trip over prototype keys", () => {
    const r = desiredStateFor({
      assignments: [
        { moduleName: "zeta", enabled: true, pinnedVersion: v("1.0.0", "live", "1") },
        { moduleName: "nginx", enabled: true },
        { moduleName: "constructor", enabled: true },
      ],
      liveVersions: live,
    });
    expect(r.modules.map((m) => m.moduleName)).toEqual(["zeta", "nginx"]);
    expect(r.unresolved.map((m) => m.moduleName)).toEqual(["constructor"]);
  });

  it("feeds computeDrift directly", () => {
    const state = desiredStateFor({ assignments: [{ moduleName: "nginx", enabled: true }], liveVersions: live });
    const r = computeDrift({
      desired: state.modules,
      reported: { nginx: d("1") },
      lastHeartbeatAt: new Date("2024-01-01T00:00:00Z"),
      now: new Date("2024-01-01T00:01:00Z"),
      staleAfterMinutes: 5,
    });
    expect(r.mismatched).toEqual([{ moduleName: "nginx", want: d("2"), have: d("1"), version: "2.0.0" }]);
  });
});
