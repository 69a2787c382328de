/**
 * runFleet end to end on a virtual clock against an in-memory agent API: minutes of fleet time in milliseconds,
 * and the same seed gives the same run.
 */
import { describe, expect, it } from "vitest";
import type { Clock } from "./counters";
import { runFleet, type FleetOptions } from "./fleet";
import { mulberry32 } from "./random";
import { statusLine, summaryText, takeMark } from "./report";

const digest = (c: string) => `sha256:${c.repeat(64)}`;

class VirtualClock implements Clock {
  t = 0;
  private timers: Array<{ at: number; seq: number; resolve: () => void }> = [];
  private seq = 0;
  now = () => this.t;
  sleep = (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve) => {
      if (signal?.aborted) return resolve();
      this.timers.push({ at: this.t + Math.max(0, ms), seq: this.seq++, resolve });
      signal?.addEventListener("abort", () => resolve(), { once: true });
    });

  /** Fires timers in time order up to `end`, letting every reply settle in between. */
  async runUntil(end: number): Promise<void> {
    for (;;) {
      for (let i = 0; i < 4; i++) await new Promise((resolve) => setImmediate(resolve));
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.timers[0];
      if (!next || next.at > end) break;
      this.timers.shift();
      this.t = next.at;
      next.resolve();
    }
    this.t = end;
  }
}

/** The agent API's contract in memory: enroll, desired state with a per-revision ETag, heartbeats. */
class FakeStrata {
  revision = 1;
  modules: Record<string, string> = { base: digest("a"), web: digest("b") };
  instances = new Map<string, { name: string; status: string; modules: Record<string, string>; beats: number }>();
  calls = { enroll: 0, desired200: 0, desired304: 0, heartbeat: 0 };
  enrollUsesLeft = Number.POSITIVE_INFINITY;

  fetch = async (input: string, init: RequestInit): Promise<Response> => {
    const path = new URL(input).pathname;
    const auth = new Headers(init.headers).get("authorization")?.replace(/^Bearer /, "") ?? "";
    if (path === "/api/v1/agent/enroll") {
      this.calls.enroll += 1;
      if (auth !== "sne_ok" || this.enrollUsesLeft <= 0) return Response.json({ error: { code: "UNAUTHORIZED" } }, { status: 401 });
      this.enrollUsesLeft -= 1;
      const { name } = JSON.parse(String(init.body)) as { name: string };
      const token = `sna_${name}`;
      this.instances.set(token, { name, status: "pending", modules: {}, beats: 0 });
      return Response.json({ instance_id: name, agent_token: token }, { status: 201 });
    }
    const instance = this.instances.get(auth);
    if (!instance) return Response.json({ error: { code: "UNAUTHORIZED" } }, { status: 401 });
    const etag = `"${instance.name}-${this.revision}"`;
    if (path === "/api/v1/agent/desired_state") {
      if (new Headers(init.headers).get("if-none-match") === etag) {
        this.calls.desired304 += 1;
        return new Response(null, { status: 304, headers: { etag } });
      }
      this.calls.desired200 += 1;
      const modules = Object.entries(this.modules).map(([name, oci_digest]) => ({ name, version: "1", oci_digest }));
      return Response.json({ instance_id: instance.name, template: { id: "t", name: "edge" }, revision: this.revision, modules, undeliverable: [] }, { headers: { etag } });
    }
    if (path === "/api/v1/agent/heartbeat") {
      this.calls.heartbeat += 1;
      const body = JSON.parse(String(init.body)) as { status: string; modules: Record<string, string> };
      instance.status = body.status;
      instance.modules = body.modules;
      instance.beats += 1;
      return Response.json({ desired_revision: this.revision });
    }
    return Response.json({ error: { code: "NOT_FOUND" } }, { status: 404 });
  };

  converged(): number {
    return [...this.instances.values()].filter((i) => JSON.stringify(i.modules) === JSON.stringify(this.modules) && i.status === "running").length;
  }
}

async function simulate(seed: number, overrides: Partial<FleetOptions> = {}, rollout?: { atMs: number }) {
  const strata = new FakeStrata();
  const clock = new VirtualClock();
  const controller = new AbortController();
  const run = runFleet({
    url: "http://strata.test",
    enrollToken: "sne_ok",
    instances: 20,
    intervalSeconds: 10,
    convergeDelay: [1, 5],
    random: mulberry32(seed),
    fetch: strata.fetch,
    clock,
    signal: controller.signal,
    ...overrides,
  });
  if (rollout) {
    await clock.runUntil(rollout.atMs);
    strata.revision = 2;
    strata.modules = { base: digest("c"), web: digest("b") };
  }
  await clock.runUntil(120_000);
  const beforeStop = run.snapshot();
  controller.abort();
  const final = await run.done;
  return { strata, run, beforeStop, final };
}

describe("runFleet on a virtual clock", () => {
  it("enrolls every agent, converges the healthy ones, and polls mostly 304", async () => {
    const { strata, final } = await simulate(1);
    expect(strata.instances.size).toBe(20);
    expect(final.enrollments).toEqual({ ok: 20, failed: 0 });
    expect(strata.converged()).toBe(20);
    expect(final.agents).toMatchObject({ total: 20, converged: 20 });
    // 120 s at one heartbeat per 10 s, first beats spread over the first interval: 11–13 beats each.
    for (const instance of strata.instances.values()) expect(instance.beats).toBeGreaterThanOrEqual(11);
    expect(final.heartbeats.ok).toBe(strata.calls.heartbeat);
    expect(final.desiredState.ok200).toBe(20);
    expect(final.desiredState.notModifiedRatio).toBeGreaterThan(0.9);
    expect(final.errors).toBe(0);
    expect([...strata.instances.values()].map((i) => i.name).sort()[0]).toBe("sim-00001");
  });

  it("follows a rollout: a heartbeat names the new revision, the agent refetches and installs it", async () => {
    const { strata, final } = await simulate(2, {}, { atMs: 40_000 });
    expect(strata.converged()).toBe(20);
    expect(final.desiredState.ok200).toBe(40);
    expect(final.installs.completed).toBe(40);
  });

  it("failing agents fail their way: error status, a stale digest, or silence", async () => {
    const { strata, beforeStop } = await simulate(3, { failRate: 1, instances: 30 });
    expect(beforeStop.profiles.healthy).toBe(0);
    const byStatus = [...strata.instances.values()];
    const errors = byStatus.filter((i) => i.status === "error");
    expect(errors.length).toBe(beforeStop.profiles.error);
    for (const i of errors) expect(i.modules).toEqual({});
    expect(beforeStop.agents.silent).toBe(beforeStop.profiles.silent);
    expect(beforeStop.agents.drifted).toBe(beforeStop.profiles.error + beforeStop.profiles.stale);
    // Silent agents stop calling: fewer beats than the others.
    expect(Math.min(...byStatus.map((i) => i.beats))).toBeLessThan(11);
  });

  it("is deterministic for a seed", async () => {
    const a = await simulate(4, { failRate: 0.3 }, { atMs: 30_000 });
    const b = await simulate(4, { failRate: 0.3 }, { atMs: 30_000 });
    const c = await simulate(5, { failRate: 0.3 }, { atMs: 30_000 });
    const view = (s: FakeStrata) => JSON.stringify([...s.instances.values()]);
    expect(view(a.strata)).toBe(view(b.strata));
    expect(a.strata.calls).toEqual(b.strata.calls);
    expect(a.beforeStop.profiles).toEqual(b.beforeStop.profiles);
    expect(view(c.strata)).not.toBe(view(a.strata));
  });

  it("stops enrolling agents the server refuses, without retrying them", async () => {
    const strata = new FakeStrata();
    strata.enrollUsesLeft = 5;
    const clock = new VirtualClock();
    const controller = new AbortController();
    const rejected: string[] = [];
    const run = runFleet({ url: "http://strata.test/api/v1", enrollToken: "sne_ok", instances: 8, intervalSeconds: 10, random: mulberry32(6), fetch: strata.fetch, clock, signal: controller.signal, onEvent: (e) => e.kind === "rejected" && rejected.push(e.agent) });
    await clock.runUntil(60_000);
    controller.abort();
    const final = await run.done;
    expect(final.enrollments).toEqual({ ok: 5, failed: 3 });
    expect(final.agents.rejected).toBe(3);
    expect(rejected).toHaveLength(3);
    expect(strata.calls.enroll).toBe(8);
    expect(final.errorsByKind).toEqual({ http_401: 3 });
  });

  it("plays existing agent tokens with what they run now", async () => {
    const strata = new FakeStrata();
    strata.instances.set("sna_x", { name: "edge-1", status: "running", modules: {}, beats: 0 });
    const clock = new VirtualClock();
    const controller = new AbortController();
    const run = runFleet({
      url: "http://strata.test",
      agentTokens: [{ token: "sna_x", running: { base: digest("a") }, status: "running", profile: "frozen", name: "edge-1" }],
      intervalSeconds: 10,
      random: mulberry32(7),
      fetch: strata.fetch,
      clock,
      signal: controller.signal,
    });
    await clock.runUntil(30_000);
    controller.abort();
    await run.done;
    expect(strata.instances.get("sna_x")).toMatchObject({ status: "running", modules: { base: digest("a") } });
    expect(() => runFleet({ url: "http://strata.test", agentTokens: ["sna_x"], instances: 2 })).toThrow(/no enrollment token/);
  });

  it("reports a status line over a window and a summary", async () => {
    const strata = new FakeStrata();
    const clock = new VirtualClock();
    const controller = new AbortController();
    const run = runFleet({ url: "http://strata.test", enrollToken: "sne_ok", instances: 10, intervalSeconds: 10, convergeDelay: [1, 2], random: mulberry32(8), fetch: strata.fetch, clock, signal: controller.signal });
    await clock.runUntil(20_000);
    const before = takeMark(run.counters, clock.now());
    await clock.runUntil(40_000);
    const line = statusLine(run.snapshot(), before, takeMark(run.counters, clock.now()));
    expect(line).toMatch(/^t=40s agents 10: 10 converged, 0 installing, 0 drifted, 0 starting, 0 silent, 0 rejected \| hb (0\.9|1\.[01])\/s p50 0\.0ms/);
    expect(line).toContain("| errors +0 (0)");
    const text = summaryText(run.snapshot());
    expect(text).toContain("Fleet simulation: 40 s, 10 agents");
    expect(text).toContain("enrollments 10 ok, 0 failed");
    expect(text).toMatch(/desired {5}10 × 200, \d+ × 304/);
    // Counters zeroed between two marks: the window starts at the reset, never goes negative.
    const beforeReset = takeMark(run.counters, clock.now());
    run.resetCounters();
    await clock.runUntil(50_000);
    expect(statusLine(run.snapshot(), beforeReset, takeMark(run.counters, clock.now()))).toMatch(/\| hb \d+\.\d\/s p50 0\.0ms .*\| errors \+0 \(0\)/);
    controller.abort();
    expect((await run.done).enrollments).toEqual({ ok: 0, failed: 0 });
  });
});
