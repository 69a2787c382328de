/**
 * Phased rollouts on a real database (docs/rollouts.md): a rollout driven to completion wave by wave with
 * concurrent ticks (exactly one transition each), the desired state and ETags following the waves, a canary failure
 * halting with automatic rollback and a bad mark, pause / resume / promote now / abort, and bad versions refused
 * without an admin override.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../../server/errors";
import {
  abortRollout,
  advanceRollout,
  advanceRollouts,
  getRollout,
  markVersionBad,
  clearVersionBad,
  pauseRollout,
  previewRolloutPlan,
  promoteRolloutNow,
  resumeRollout,
} from "../../server/services/rollouts";
import { requestLive, transitionVersion } from "../../server/services/promotion";
import { createModuleVersion } from "../../server/services/versions";
import { createTestDatabase, type TestDatabase } from "./db";
import { createTestAccount, type TestAccount } from "./fixtures";
import { at, clock, digestOf, manifestFor } from "./promotion-fixtures";
import { approveNewVersion, beat, convergeAll, desiredOf, fleetWithModule } from "./rollout-fixtures";

let tdb: TestDatabase;
let acct: TestAccount;
const time = clock(new Date("2026-12-03T07:00:00Z"));

beforeAll(async () => {
  tdb = await createTestDatabase();
  acct = await createTestAccount(tdb.db, "rollouts");
});
afterAll(async () => {
  await tdb?.close();
});

const approver = () => at(tdb.db, acct.users.approver.actor, time.now);
const admin = () => at(tdb.db, acct.users.admin.actor, time.now);
const operator = () => at(tdb.db, acct.users.operator.actor, time.now);

async function failure(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/**
 * Ten ticks at once, as ten replicas would, on one rollout (other tests' rollouts share the database): how many
 * transitions they made together.
 */
async function concurrentTicks(rolloutId: string, n = 10) {
  const outcomes = await Promise.all(Array.from({ length: n }, () => advanceRollout(tdb.db, rolloutId, time.now())));
  return outcomes.filter((o) => o !== "waiting" && o !== "lost_race").length;
}

describe("a rollout to completion", () => {
  it("releases wave by wave behind the health gate; concurrent ticks make exactly one transition each", async () => {
    const fleet = await fleetWithModule(tdb.db, acct, 10, time.now);
    await convergeAll(tdb.db, fleet.nodes, fleet.module, time.now());
    const before = new Map(await Promise.all(fleet.nodes.map(async (n) => [n.id, (await desiredOf(tdb.db, n)).etag] as const)));

    const v2 = await approveNewVersion(tdb.db, acct, fleet.module, "2.0.0", time.now);
    let rollout = await getRollout(approver(), { rolloutId: v2.rolloutId });
    expect(rollout.state).toBe("progressing");
    // 10 nodes: 1, 10 % (still 1: dropped), 50 % (+4), 100 % (+5).
    expect(rollout.waves.map((w) => w.size)).toEqual([1, 4, 5]);
    const waveOf = (index: number) => rollout.waves[index]!.instances.map((i) => i.id);
    const [canary] = waveOf(0);

    // Only the first wave receives 2.0.0; everyone else stays on 1.0.0, the previous live version.
    for (const node of fleet.nodes) {
      const desired = await desiredOf(tdb.db, node);
      const want = node.id === canary ? v2.digest : fleet.v1Digest;
      expect(desired.body.modules.find((m) => m.name === fleet.module)?.oci_digest).toBe(want);
    }
    const afterStart = new Map(await Promise.all(fleet.nodes.map(async (n) => [n.id, (await desiredOf(tdb.db, n)).etag] as const)));
    expect([...afterStart].every(([id, etag]) => etag !== before.get(id))).toBe(true);

    // Gate: the canary runs the new digest; nothing moves before the soak (10 minutes) ends.
    await convergeAll(tdb.db, fleet.nodes, fleet.module, time.now());
    time.advanceMinutes(5);
    await convergeAll(tdb.db, fleet.nodes, fleet.module, time.now());
    expect(await concurrentTicks(v2.rolloutId)).toBe(0);
    time.advanceMinutes(5);
    await convergeAll(tdb.db, fleet.nodes, fleet.module, time.now());
    expect(await concurrentTicks(v2.rolloutId)).toBe(1);
    rollout = await getRollout(approver(), { rolloutId: v2.rolloutId });
    expect(rollout.currentWave).toBe(1);

    // A wave release changes the ETag (and revision) of exactly the released nodes.
    const released = new Set(waveOf(1));
    for (const node of fleet.nodes) {
      const now = await desiredOf(tdb.db, node);
      expect(now.etag !== afterStart.get(node.id)).toBe(released.has(node.id));
      if (released.has(node.id)) expect(now.body.modules[0]?.oci_digest).toBe(v2.digest);
    }
    // Nothing more happens while the same gate holds, however many ticks run.
    expect(await concurrentTicks(v2.rolloutId)).toBe(0);

    for (const wave of [1, 2]) {
      await convergeAll(tdb.db, fleet.nodes, fleet.module, time.now());
      time.advanceMinutes(10);
      await convergeAll(tdb.db, fleet.nodes, fleet.module, time.now());
      expect(await concurrentTicks(v2.rolloutId)).toBe(1);
      rollout = await getRollout(approver(), { rolloutId: v2.rolloutId });
      expect(rollout.state).toBe(wave === 2 ? "completed" : "progressing");
    }
    expect(rollout.waves.every((w) => w.passedAt !== null)).toBe(true);
    // The job's entry point finds nothing left to do for it.
    const tally = await advanceRollouts(tdb.db, time.now());
    expect(tally.wave_released + tally.completed).toBe(0);
    for (const node of fleet.nodes) expect((await desiredOf(tdb.db, node)).body.modules[0]?.oci_digest).toBe(v2.digest);
    const events = await tdb.db.auditEvent.findMany({ where: { targetId: v2.rolloutId, targetType: "rollout" }, select: { action: true }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => e.action)).toEqual(["rollout.started", "rollout.wave_released", "rollout.wave_released", "rollout.completed"]);
  });

  it("the approval page's plan is the rollout's plan", async () => {
    const fleet = await fleetWithModule(tdb.db, acct, 6, time.now);
    const created = await createModuleVersion(admin(), fleet.module, {
      version: "3.0.0",
      ociRef: `registry.example/${fleet.module}:3.0.0`,
      ociDigest: digestOf(`${fleet.module}@3.0.0`),
      manifestYaml: manifestFor(fleet.module),
      fileList: [],
      packageList: [],
    });
    await transitionVersion(operator(), { versionId: created.id, targetState: "staging", reason: "t" });
    await transitionVersion(operator(), { versionId: created.id, targetState: "blessed", reason: "t" });
    const request = await requestLive(operator(), { versionId: created.id, reason: "ship" });
    const plan = await previewRolloutPlan(approver(), { requestId: request.requestId });
    expect(plan.waves.map((w) => w.size)).toEqual([1, 2, 3]);
    const { approveRequest } = await import("../../server/services/promotion");
    await approveRequest(approver(), { requestId: request.requestId, comment: "ok" });
    const rollout = await getRollout(approver(), { rolloutId: request.requestId });
    expect(rollout.waves.map((w) => w.instances.map((i) => i.id))).toEqual(plan.waves.map((w) => w.instances.map((i) => i.id)));
  });
});

describe("a failing canary", () => {
  it("halts, rolls every released node back, retires the version and marks it bad", async () => {
    const fleet = await fleetWithModule(tdb.db, acct, 5, time.now);
    const v2 = await approveNewVersion(tdb.db, acct, fleet.module, "2.0.0", time.now);
    const rollout = await getRollout(approver(), { rolloutId: v2.rolloutId });
    const canary = fleet.nodes.find((n) => n.id === rollout.waves[0]!.instances[0]!.id)!;
    time.advanceMinutes(1);
    await beat(tdb.db, canary, fleet.module, v2.digest, "error", time.now());
    expect(await concurrentTicks(v2.rolloutId)).toBe(1);

    const after = await getRollout(approver(), { rolloutId: v2.rolloutId });
    expect(after.state).toBe("rolled_back");
    expect(after.failure).toMatchObject({ instanceId: canary.id, status: "error", digest: v2.digest });
    expect(after.failure?.report?.modules).toEqual({ [fleet.module]: v2.digest });
    expect(after.toVersion.bad).toBe(true);
    const version = await tdb.db.moduleVersion.findUniqueOrThrow({ where: { id: v2.versionId }, select: { promotionState: true, retiredReason: true, badReason: true } });
    expect(version.promotionState).toBe("retired");
    expect(version.retiredReason).toMatch(/Wave 1 failed its health gate/);
    expect(version.badReason).toMatch(/reports error/);
    // Everyone, the canary included, is told 1.0.0 again; no holds are left behind.
    for (const node of fleet.nodes) expect((await desiredOf(tdb.db, node)).body.modules[0]?.oci_digest).toBe(fleet.v1Digest);
    const holds = await tdb.db.nodeInstance.findMany({ where: { id: { in: fleet.nodes.map((n) => n.id) } }, select: { rolloutHolds: true } });
    expect(holds.every((h) => Array.isArray(h.rolloutHolds) && h.rolloutHolds.length === 0)).toBe(true);
    expect(await concurrentTicks(v2.rolloutId)).toBe(0);
  });

  it("without auto_rollback halts for a person, who aborts and rolls back", async () => {
    await tdb.db.account.update({ where: { id: acct.accountId }, data: { rolloutAutoRollback: false } });
    try {
      const fleet = await fleetWithModule(tdb.db, acct, 3, time.now);
      const v2 = await approveNewVersion(tdb.db, acct, fleet.module, "2.0.0", time.now);
      const rollout = await getRollout(approver(), { rolloutId: v2.rolloutId });
      const canary = fleet.nodes.find((n) => n.id === rollout.waves[0]!.instances[0]!.id)!;
      // Deadline: the canary never converges within 30 minutes.
      time.advanceMinutes(31);
      await beat(tdb.db, canary, fleet.module, fleet.v1Digest, "running", time.now());
      expect(await concurrentTicks(v2.rolloutId)).toBe(1);
      const halted = await getRollout(approver(), { rolloutId: v2.rolloutId });
      expect(halted.state).toBe("halted");
      expect(halted.haltReason).toMatch(/Deadline passed with 0 of 1 converged/);
      expect(halted.toVersion.bad).toBe(false);

      expect((await failure(abortRollout(approver(), { rolloutId: v2.rolloutId, reason: " " }))).code).toBe("BAD_REQUEST");
      await abortRollout(approver(), { rolloutId: v2.rolloutId, reason: "the canary never came up" });
      const aborted = await getRollout(approver(), { rolloutId: v2.rolloutId });
      expect(aborted.state).toBe("rolled_back");
      for (const node of fleet.nodes) expect((await desiredOf(tdb.db, node)).body.modules[0]?.oci_digest).toBe(fleet.v1Digest);
    } finally {
      await tdb.db.account.update({ where: { id: acct.accountId }, data: { rolloutAutoRollback: true } });
    }
  });
});

describe("people's actions", () => {
  it("pause stops the tick, resume restarts the wave's clock, promote now releases everyone", async () => {
    const fleet = await fleetWithModule(tdb.db, acct, 8, time.now);
    const v2 = await approveNewVersion(tdb.db, acct, fleet.module, "2.0.0", time.now);
    await pauseRollout(approver(), { rolloutId: v2.rolloutId, reason: "watching a dashboard" });
    expect((await failure(pauseRollout(approver(), { rolloutId: v2.rolloutId, reason: "again" }))).code).toBe("CONFLICT");
    await convergeAll(tdb.db, fleet.nodes, fleet.module, time.now());
    time.advanceMinutes(11);
    await convergeAll(tdb.db, fleet.nodes, fleet.module, time.now());
    expect(await concurrentTicks(v2.rolloutId)).toBe(0);
    await resumeRollout(approver(), { rolloutId: v2.rolloutId, reason: "looks fine" });
    // The wave's clock restarted at resume: the soak counts from now.
    expect(await concurrentTicks(v2.rolloutId)).toBe(0);
    time.advanceMinutes(10);
    await convergeAll(tdb.db, fleet.nodes, fleet.module, time.now());
    expect(await concurrentTicks(v2.rolloutId)).toBe(1);

    const done = await promoteRolloutNow(approver(), { rolloutId: v2.rolloutId, reason: "hotfix everywhere" });
    expect(done.state).toBe("completed");
    for (const node of fleet.nodes) expect((await desiredOf(tdb.db, node)).body.modules[0]?.oci_digest).toBe(v2.digest);
    const actions = await tdb.db.auditEvent.findMany({ where: { targetId: v2.rolloutId, targetType: "rollout", reason: { not: null } }, select: { action: true, reason: true, actorLabel: true } });
    expect(actions.map((a) => a.action).sort()).toEqual(["rollout.paused", "rollout.promoted_now", "rollout.resumed"]);
  });

  it("abort rolls back by hand; a new live version waits while a rollout is unfinished", async () => {
    const fleet = await fleetWithModule(tdb.db, acct, 4, time.now);
    const v2 = await approveNewVersion(tdb.db, acct, fleet.module, "2.0.0", time.now);
    const blocked = await failure(approveNewVersion(tdb.db, acct, fleet.module, "2.0.1", time.now));
    expect(blocked.code).toBe("CONFLICT");
    expect(blocked.message).toMatch(/progressing rollout/);
    await abortRollout(approver(), { rolloutId: v2.rolloutId, reason: "wrong build" });
    const rollout = await getRollout(approver(), { rolloutId: v2.rolloutId });
    expect(rollout.state).toBe("rolled_back");
    expect(rollout.toVersion.bad).toBe(false);
    for (const node of fleet.nodes) expect((await desiredOf(tdb.db, node)).body.modules[0]?.oci_digest).toBe(fleet.v1Digest);
    expect((await failure(resumeRollout(approver(), { rolloutId: v2.rolloutId, reason: "x" }))).code).toBe("CONFLICT");
  });

  it("a version marked bad is not promoted again without an admin override with a reason", async () => {
    const fleet = await fleetWithModule(tdb.db, acct, 1, time.now);
    const created = await createModuleVersion(admin(), fleet.module, {
      version: "4.0.0",
      ociRef: `registry.example/${fleet.module}:4.0.0`,
      ociDigest: digestOf(`${fleet.module}@4.0.0`),
      manifestYaml: manifestFor(fleet.module),
      fileList: [],
      packageList: [],
    });
    await transitionVersion(operator(), { versionId: created.id, targetState: "staging", reason: "t" });
    await markVersionBad(admin(), { versionId: created.id, reason: "kernel panic on arm64" });
    const refused = await failure(transitionVersion(operator(), { versionId: created.id, targetState: "blessed", reason: "t" }));
    expect(refused.code).toBe("UNPROCESSABLE");
    expect(refused.message).toMatch(/marked bad/);
    expect((await failure(transitionVersion(operator(), { versionId: created.id, targetState: "blessed", reason: "t", badOverrideReason: "fixed" }))).code).toBe("FORBIDDEN");
    await transitionVersion(admin(), { versionId: created.id, targetState: "blessed", reason: "t", badOverrideReason: "panic was the test rig" });
    const live = await failure(requestLive(operator(), { versionId: created.id, reason: "ship" }));
    expect(live.code).toBe("UNPROCESSABLE");
    await clearVersionBad(admin(), { versionId: created.id, reason: "false alarm" });
    const request = await requestLive(operator(), { versionId: created.id, reason: "ship" });
    expect(request.requestId).toBeTruthy();
  });
});
