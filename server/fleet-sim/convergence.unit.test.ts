import { describe, expect, it } from "vitest";
import {
  adoptAtOnce,
  chooseProfile,
  completeInstall,
  heartbeatBody,
  initialModel,
  installDue,
  needsRefetch,
  onDesiredState,
  onNotModified,
  phaseOf,
  sameDigests,
  type DesiredStateBody,
} from "./convergence";
import { mulberry32 } from "./random";

const d = (c: string) => `sha256:${c.repeat(64)}`;
const state = (revision: number, modules: Record<string, string>): DesiredStateBody => ({
  instance_id: "i-1",
  template: { id: "t-1", name: "edge" },
  revision,
  modules: Object.entries(modules).map(([name, oci_digest]) => ({ name, oci_digest, version: "1.0.0" })),
  undeliverable: [],
});

describe("onDesiredState", () => {
  it("starts an install that finishes after the delay, and reports provisioning meanwhile", () => {
    const model = onDesiredState(initialModel("healthy"), state(3, { base: d("a"), web: d("b") }), '"e3"', 1_000, 5_000);
    expect(model.install).toEqual({ target: { base: d("a"), web: d("b") }, dueAt: 6_000 });
    expect(model.status).toBe("provisioning");
    expect(model.desired).toEqual({ revision: 3, digests: { base: d("a"), web: d("b") }, etag: '"e3"' });
    expect(model.knownRevision).toBe(3);
    expect(installDue(model, 5_999)).toBe(false);
    expect(installDue(model, 6_000)).toBe(true);
    expect(phaseOf(model)).toBe("installing");
  });

  it("does nothing to install when the node already runs the desired digests (case-insensitively)", () => {
    const model = onDesiredState(initialModel("healthy", { running: { base: d("A") }, status: "pending" }), state(1, { base: d("a") }), null, 0, 5_000);
    expect(model.install).toBeNull();
    expect(model.status).toBe("running");
    expect(phaseOf(model)).toBe("converged");
  });

  it("keeps the finishing time of an install already under way towards the same digests", () => {
    const first = onDesiredState(initialModel("healthy"), state(1, { base: d("a") }), '"e1"', 0, 10_000);
    const again = onDesiredState(first, state(2, { base: d("a") }), '"e2"', 4_000, 50_000);
    expect(again.install?.dueAt).toBe(10_000);
    expect(again.knownRevision).toBe(2);
    const changed = onDesiredState(first, state(3, { base: d("c") }), '"e3"', 4_000, 1_000);
    expect(changed.install).toEqual({ target: { base: d("c") }, dueAt: 5_000 });
  });

  it("a frozen agent records the desired state but never installs", () => {
    const model = onDesiredState(initialModel("frozen", { running: { base: d("a") }, status: "stopped" }), state(1, { base: d("b") }), null, 0, 1);
    expect(model.install).toBeNull();
    expect(model.status).toBe("stopped");
    expect(phaseOf(model)).toBe("drifted");
  });
});

describe("completeInstall by profile", () => {
  const installing = (profile: "healthy" | "error" | "stale" | "silent", running: Record<string, string>, target: Record<string, string>) =>
    onDesiredState(initialModel(profile, { running, status: "running" }), state(2, target), null, 0, 1_000);

  it("healthy and silent agents converge to the target", () => {
    for (const profile of ["healthy", "silent"] as const) {
      const done = completeInstall(installing(profile, { base: d("a") }, { base: d("b"), web: d("c") }), mulberry32(1));
      expect(done).toMatchObject({ running: { base: d("b"), web: d("c") }, status: "running", install: null });
      expect(phaseOf(done)).toBe("converged");
    }
  });

  it("installing a --fail-digest reports error with the new digest, whatever the profile; other digests install", () => {
    const bad = new Set([d("b")]);
    const failed = completeInstall(installing("healthy", { base: d("a") }, { base: d("b") }), mulberry32(1), bad);
    expect(failed).toMatchObject({ running: { base: d("b") }, status: "error", install: null });
    // Rolled back: the old digest installs and the node is running again.
    const back = completeInstall(onDesiredState(failed, state(3, { base: d("a") }), null, 0, 1_000), mulberry32(1), bad);
    expect(back).toMatchObject({ running: { base: d("a") }, status: "running" });
  });

  it("an error agent keeps every old digest and reports error", () => {
    const done = completeInstall(installing("error", { base: d("a") }, { base: d("b") }), mulberry32(1));
    expect(done).toMatchObject({ running: { base: d("a") }, status: "error", install: null });
    expect(phaseOf(done)).toBe("drifted");
  });

  it("a stale agent keeps one changed module's old digest, or leaves a new module missing", () => {
    const done = completeInstall(installing("stale", { base: d("a"), web: d("c") }, { base: d("b"), web: d("c") }), mulberry32(1));
    expect(done.running).toEqual({ base: d("a"), web: d("c") });
    expect(done.status).toBe("running");
    const fresh = completeInstall(installing("stale", {}, { base: d("b") }), mulberry32(1));
    expect(fresh.running).toEqual({});
  });

  it("a stale agent whose install only removes modules keeps one removed module as an extra", () => {
    const done = completeInstall(installing("stale", { base: d("a"), old: d("f") }, { base: d("a") }), mulberry32(1));
    expect(done.running).toEqual({ base: d("a"), old: d("f") });
  });

  it("adoptAtOnce finishes the first install at once, failing the way the profile fails", () => {
    const healthy = adoptAtOnce(onDesiredState(initialModel("healthy"), state(1, { base: d("a") }), null, 0, 60_000), mulberry32(1));
    expect(healthy).toMatchObject({ running: { base: d("a") }, status: "running", install: null });
    const error = adoptAtOnce(onDesiredState(initialModel("error"), state(1, { base: d("a") }), null, 0, 60_000), mulberry32(1));
    expect(error).toMatchObject({ running: {}, status: "error" });
  });
});

describe("refetching", () => {
  it("refetches when a heartbeat names another revision; a 304 then records the revision so it stops asking", () => {
    const model = onDesiredState(initialModel("healthy"), state(4, {}), '"e4"', 0, 0);
    expect(needsRefetch(model, 4)).toBe(false);
    expect(needsRefetch(model, 5)).toBe(true);
    const confirmed = onNotModified(model, 5);
    expect(needsRefetch(confirmed, 5)).toBe(false);
    expect(onNotModified(model, null)).toBe(model);
    expect(needsRefetch(initialModel("healthy"), 0)).toBe(true);
  });
});

describe("heartbeatBody and helpers", () => {
  it("reports status, agent version and a copy of the running digests", () => {
    const model = initialModel("healthy", { running: { base: d("a") }, status: "running" });
    const body = heartbeatBody(model, "sim/1");
    expect(body).toEqual({ status: "running", agent_version: "sim/1", modules: { base: d("a") } });
    body.modules.base = d("z");
    expect(model.running.base).toBe(d("a"));
  });

  it("sameDigests compares keys and values", () => {
    expect(sameDigests({}, {})).toBe(true);
    expect(sameDigests({ a: d("a") }, { a: d("a"), b: d("b") })).toBe(false);
    expect(sameDigests({ a: d("a") }, { b: d("a") })).toBe(false);
  });

  it("chooseProfile fails about failRate of agents, spread over error, stale and silent", () => {
    const random = mulberry32(7);
    const counts: Record<string, number> = {};
    for (let i = 0; i < 20_000; i++) {
      const profile = chooseProfile(random, 0.3);
      counts[profile] = (counts[profile] ?? 0) + 1;
    }
    expect((counts.healthy ?? 0) / 20_000).toBeCloseTo(0.7, 1);
    for (const p of ["error", "stale", "silent"]) expect((counts[p] ?? 0) / 20_000).toBeCloseTo(0.1, 1);
    expect(chooseProfile(mulberry32(1), 0)).toBe("healthy");
  });
});
