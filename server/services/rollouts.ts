/**
 * Phased live rollouts (docs/rollouts.md). Applying a live promotion starts a rollout: the new version is live, but
 * only the instances of released waves receive it; the others are *held* on the previous live version through
 * `node_instances.rolloutHolds` (read by the agent's desired state). A periodic tick (`advanceRollouts`) evaluates
 * the current wave's health gate and makes at most one transition per rollout, as a compare-and-set on the
 * rollout's `revision`, so concurrent ticks on several replicas make exactly one.
 */
import "server-only";
import type { Actor } from "../auth/actor";
import { actorHas, actorLabel } from "../auth/actor";
import type { Db, Tx } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { planRollback, type StateChange } from "../domain/promotion";
import {
  evaluateGate,
  planWaves,
  resolveRolloutPolicy,
  type GateInstance,
  type GateResult,
  type RolloutPolicy,
} from "../domain/rollouts";
import { AppError } from "../errors";
import {
  ACTIVE_ROLLOUT_STATES,
  ROLLOUT_WAVE_INSTANCE_LIMIT,
  type RolloutStateName,
  type UpdateRolloutPolicyInput,
} from "../contracts/rollouts";
import { recordAudit } from "./audit";
import { serviceContext, type ServiceContext } from "./context";
import { type RolloutHold } from "./fleet-desired-state";
import { applyChanges, cancelRequestsOfVersionsLeavingBlessed } from "./promotion";
import { runInTransaction } from "./transaction";

/** Who the audit log names for a transition the tick made: nobody acted, the gate did. */
export const ROLLOUT_ACTOR_LABEL = "system:rollouts";

function rolloutActor(accountId: string, accountSlug: string): Actor {
  return { kind: "system", label: ROLLOUT_ACTOR_LABEL, accountId, accountSlug, role: "viewer" };
}

/** Stored per wave on the rollout row. */
export interface StoredWave {
  size: number;
  releasedAt: string | null;
  passedAt: string | null;
  failedAt: string | null;
}

interface StoredPolicy {
  waves: RolloutPolicy["waves"];
  soakMs: number;
  deadlineMs: number;
  successRatio: number;
  autoRollback: boolean;
}

export interface RolloutFailure {
  instanceId: string;
  name: string;
  status: string;
  digest: string | null;
  reason: string;
  at: string;
  /** What the node last reported: its modules and heartbeat time. */
  report: { modules: Record<string, string>; lastHeartbeatAt: string | null } | null;
}

const MINUTE_MS = 60_000;

// ---------------------------------------------------------------------------------------------------------
// Policy and plan

/** The rollout policy of a module's category (docs/rollouts.md). */
export async function loadRolloutPolicy(db: Db | Tx, accountId: string, categoryId: string): Promise<RolloutPolicy> {
  const [account, category] = await Promise.all([
    db.account.findUnique({
      where: { id: accountId },
      select: { rolloutWaves: true, rolloutSoakMinutes: true, rolloutDeadlineMinutes: true, rolloutSuccessPercent: true, rolloutAutoRollback: true },
    }),
    db.category.findUnique({
      where: { id: categoryId },
      select: {
        rolloutWavesOverride: true,
        rolloutSoakMinutesOverride: true,
        rolloutDeadlineMinutesOverride: true,
        rolloutSuccessPercentOverride: true,
        rolloutAutoRollbackOverride: true,
      },
    }),
  ]);
  if (!account) throw new AppError("NOT_FOUND", "Account not found.");
  return resolveRolloutPolicy(
    {
      waves: account.rolloutWaves,
      soakMinutes: account.rolloutSoakMinutes,
      deadlineMinutes: account.rolloutDeadlineMinutes,
      successPercent: account.rolloutSuccessPercent,
      autoRollback: account.rolloutAutoRollback,
    },
    category
      ? {
          waves: category.rolloutWavesOverride,
          soakMinutes: category.rolloutSoakMinutesOverride,
          deadlineMinutes: category.rolloutDeadlineMinutesOverride,
          successPercent: category.rolloutSuccessPercentOverride,
          autoRollback: category.rolloutAutoRollbackOverride,
        }
      : null,
  );
}

/**
 * The instances a new live version of the module reaches: nodes (not decommissioned) of templates with an enabled
 * assignment that follows live. Templates pinning a blessed/live version keep their pin and are not part of the
 * rollout (the desired state serves the pin; docs/fleet.md).
 */
async function deliveringInstances(db: Db | Tx, accountId: string, moduleId: string) {
  const rows = await db.nodeInstance.findMany({
    where: {
      // The module id already belongs to one account; the account scope is the house rule for every query.
      accountId,
      decommissionedAt: null,
      template: {
        assignments: {
          some: {
            moduleId,
            enabled: true,
            OR: [{ pinnedVersionId: null }, { pinnedVersion: { promotionState: { notIn: ["blessed", "live"] } } }],
          },
        },
      },
    },
    select: { id: true, name: true, labels: true },
  });
  return rows.map((row) => ({ id: row.id, name: row.name, canary: isCanary(row.labels) }));
}

function isCanary(labels: unknown): boolean {
  if (!labels || typeof labels !== "object" || Array.isArray(labels)) return false;
  const value = (labels as Record<string, unknown>).canary;
  return value === true || value === "true";
}

/**
 * The plan a live promotion would start, for the approval page before anyone approves. The rollout's id is its
 * request's id, so this is exactly the order the rollout will use.
 */
export async function previewRolloutPlan(ctx: ServiceContext, input: { requestId: string }) {
  const request = await ctx.db.promotionRequest.findFirst({
    where: { id: input.requestId, accountId: ctx.actor.accountId },
    select: { id: true, moduleVersion: { select: { moduleId: true, module: { select: { categoryId: true } } } } },
  });
  if (!request) throw new AppError("NOT_FOUND", "Promotion request not found.");
  const policy = await loadRolloutPolicy(ctx.db, ctx.actor.accountId, request.moduleVersion.module.categoryId);
  const instances = await deliveringInstances(ctx.db, ctx.actor.accountId, request.moduleVersion.moduleId);
  const byId = new Map(instances.map((i) => [i.id, i]));
  const waves = planWaves(request.id, instances, policy.waves);
  return {
    policy: describeStoredPolicy(policy),
    totalInstances: instances.length,
    waves: waves.map((wave) => ({
      index: wave.index,
      size: wave.instanceIds.length,
      instances: wave.instanceIds.slice(0, ROLLOUT_WAVE_INSTANCE_LIMIT).map((id) => ({ id, name: byId.get(id)?.name ?? id, canary: byId.get(id)?.canary ?? false })),
    })),
  };
}

function describeStoredPolicy(policy: StoredPolicy) {
  return {
    waves: policy.waves,
    soakMinutes: policy.soakMs / MINUTE_MS,
    deadlineMinutes: policy.deadlineMs / MINUTE_MS,
    successPercent: Math.round(policy.successRatio * 100),
    autoRollback: policy.autoRollback,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Holds: what keeps nodes outside released waves on the previous version

/** Adds (or replaces) the module's hold on these nodes; their holdRevision moves, nobody else's. */
async function holdInstances(tx: Tx, instanceIds: readonly string[], hold: RolloutHold): Promise<void> {
  if (instanceIds.length === 0) return;
  await tx.$executeRaw`
    UPDATE node_instances SET
      "rolloutHolds" = COALESCE((SELECT jsonb_agg(h) FROM jsonb_array_elements("rolloutHolds") h WHERE h->>'module' <> ${hold.module}), '[]'::jsonb)
                       || jsonb_build_array(${JSON.stringify(hold)}::jsonb),
      "holdRevision" = "holdRevision" + 1
    WHERE id = ANY(${[...instanceIds]}::text[])`;
}

/** Removes the module's hold from these nodes (a wave released, or the rollout ended). */
async function releaseInstances(tx: Tx, instanceIds: readonly string[], moduleName: string): Promise<void> {
  if (instanceIds.length === 0) return;
  await tx.$executeRaw`
    UPDATE node_instances SET
      "rolloutHolds" = COALESCE((SELECT jsonb_agg(h) FROM jsonb_array_elements("rolloutHolds") h WHERE h->>'module' <> ${moduleName}), '[]'::jsonb),
      "holdRevision" = "holdRevision" + 1
    WHERE id = ANY(${[...instanceIds]}::text[]) AND "rolloutHolds" @> jsonb_build_array(jsonb_build_object('module', ${moduleName}::text))`;
}

async function heldInstanceIds(tx: Tx, rolloutId: string): Promise<string[]> {
  const rows = await tx.rolloutInstance.findMany({ where: { rolloutId, releasedAt: null }, select: { instanceId: true } });
  return rows.map((r) => r.instanceId);
}

// ---------------------------------------------------------------------------------------------------------
// Start (inside the live promotion's transaction)

/** Refuses a live promotion while the module has an unfinished rollout (docs/rollouts.md, "One at a time"). */
export async function assertNoActiveRollout(tx: Tx, moduleId: string, moduleName: string): Promise<void> {
  const active = await tx.rollout.findFirst({
    where: { moduleId, state: { in: [...ACTIVE_ROLLOUT_STATES] } },
    select: { id: true, state: true },
  });
  if (active) {
    throw new AppError("CONFLICT", `${moduleName} has a ${active.state} rollout; finish, promote now or abort it before another version goes live.`, {
      details: { reason: "ROLLOUT_ACTIVE", rolloutId: active.id },
    });
  }
}

export interface StartRolloutInput {
  moduleId: string;
  moduleName: string;
  categoryId: string;
  toVersion: { id: string; version: string };
  fromVersion: { id: string; version: string } | null;
  requestId: string;
}

/**
 * Called by the transaction that applies a live promotion, after the version changes: plans the waves, releases the
 * first, holds everybody else on the previous version. The rollout's id is the request's (one request starts at
 * most one rollout), so the approval page's preview shows the same order.
 */
export async function startRollout(tx: Tx, ctx: ServiceContext, input: StartRolloutInput) {
  const now = ctx.now();
  const policy = await loadRolloutPolicy(tx, ctx.actor.accountId, input.categoryId);
  const instances = await deliveringInstances(tx, ctx.actor.accountId, input.moduleId);
  const planned = planWaves(input.requestId, instances, policy.waves);
  const canaries = new Set(instances.filter((i) => i.canary).map((i) => i.id));
  const waves: StoredWave[] = planned.map((wave, index) => ({
    size: wave.instanceIds.length,
    releasedAt: index === 0 ? now.toISOString() : null,
    passedAt: null,
    failedAt: null,
  }));
  const state: RolloutStateName = planned.length === 0 ? "completed" : "progressing";
  const storedPolicy: StoredPolicy = { ...policy };
  await tx.rollout.create({
    data: {
      id: input.requestId,
      accountId: ctx.actor.accountId,
      moduleId: input.moduleId,
      fromVersionId: input.fromVersion?.id ?? null,
      toVersionId: input.toVersion.id,
      requestId: input.requestId,
      state,
      policy: storedPolicy as unknown as Prisma.InputJsonValue,
      waves: waves as unknown as Prisma.InputJsonValue,
      createdAt: now,
      updatedAt: now,
      finishedAt: state === "completed" ? now : null,
    },
  });
  if (planned.length > 0) {
    await tx.rolloutInstance.createMany({
      data: planned.flatMap((wave) =>
        wave.instanceIds.map((instanceId, position) => ({
          rolloutId: input.requestId,
          instanceId,
          wave: wave.index,
          position,
          canary: canaries.has(instanceId),
          releasedAt: wave.index === 0 ? now : null,
        })),
      ),
    });
  }
  const from = input.fromVersion
    ? await tx.moduleVersion.findUnique({ where: { id: input.fromVersion.id }, select: { version: true, ociRef: true, ociDigest: true, composefsDigest: true } })
    : null;
  const held = planned.slice(1).flatMap((wave) => wave.instanceIds);
  await holdInstances(tx, held, {
    module: input.moduleName,
    version: from?.version ?? null,
    ociRef: from?.ociRef ?? null,
    ociDigest: from?.ociDigest ?? null,
    composefsDigest: from?.composefsDigest ?? null,
  });
  await recordAudit(tx, ctx, {
    action: "rollout.started",
    targetType: "rollout",
    targetId: input.requestId,
    targetLabel: `${input.moduleName}@${input.toVersion.version}`,
    after: { state, from: input.fromVersion?.version ?? null, waves: waves.map((w) => w.size), policy: describeStoredPolicy(storedPolicy) },
  });
  return { rolloutId: input.requestId, state, waves: waves.map((w) => w.size) };
}

// ---------------------------------------------------------------------------------------------------------
// The tick

const rolloutSelect = {
  id: true,
  accountId: true,
  state: true,
  revision: true,
  currentWave: true,
  waves: true,
  policy: true,
  toVersionId: true,
  fromVersionId: true,
  account: { select: { slug: true, heartbeatStaleMinutes: true } },
  module: { select: { id: true, name: true } },
  toVersion: { select: { id: true, version: true, ociDigest: true, promotionState: true } },
  fromVersion: { select: { id: true, version: true, promotionState: true, liveAt: true } },
} as const;
type LoadedRollout = Prisma.RolloutGetPayload<{ select: typeof rolloutSelect }>;

/** Another tick (or a person) moved this rollout first: this attempt's transaction rolls back, harmlessly. */
class LostRace extends Error {}

/**
 * The compare-and-set every transition starts with: bumps `revision` only if nobody else did since we read it.
 * PGlite serializes transactions and PostgreSQL's row lock makes a second UPDATE wait for the first to commit and
 * then match zero rows, so of N concurrent ticks exactly one proceeds.
 */
async function claim(tx: Tx, rollout: Pick<LoadedRollout, "id" | "revision">, data: Prisma.RolloutUpdateManyMutationInput, expected: readonly RolloutStateName[]) {
  const updated = await tx.rollout.updateMany({
    where: { id: rollout.id, revision: rollout.revision, state: { in: [...expected] } },
    data: { ...data, revision: { increment: 1 } },
  });
  if (updated.count !== 1) throw new LostRace();
}

async function gateOf(tx: Tx | Db, rollout: LoadedRollout, waveIndex: number, now: Date): Promise<{ gate: GateResult; instances: GateInstance[]; reports: Map<string, Record<string, string>> }> {
  const waves = rollout.waves as unknown as StoredWave[];
  const policy = rollout.policy as unknown as StoredPolicy;
  const wave = waves[waveIndex];
  const members = await tx.rolloutInstance.findMany({
    where: { rolloutId: rollout.id, wave: waveIndex },
    select: { instance: { select: { id: true, name: true, status: true, runningModules: true, runningSince: true, lastHeartbeatAt: true } } },
  });
  const reports = new Map<string, Record<string, string>>();
  const instances: GateInstance[] = members.map(({ instance }) => {
    const running = (instance.runningModules ?? {}) as Record<string, string>;
    const since = (instance.runningSince ?? {}) as Record<string, string>;
    reports.set(instance.id, running);
    const digest = Object.hasOwn(running, rollout.module.name) ? (running[rollout.module.name] ?? null) : null;
    const sinceText = Object.hasOwn(since, rollout.module.name) ? since[rollout.module.name] : undefined;
    return {
      id: instance.id,
      name: instance.name,
      status: instance.status,
      digest,
      digestSince: sinceText ? new Date(sinceText) : null,
      lastHeartbeatAt: instance.lastHeartbeatAt,
    };
  });
  const gate = evaluateGate({
    toDigest: rollout.toVersion.ociDigest,
    releasedAt: wave?.releasedAt ? new Date(wave.releasedAt) : now,
    instances,
    policy,
    staleAfterMs: rollout.account.heartbeatStaleMinutes * MINUTE_MS,
    now,
  });
  return { gate, instances, reports };
}

export type TickOutcome = "waiting" | "wave_released" | "completed" | "halted" | "rolled_back" | "lost_race";

/**
 * One rollout's step: evaluate the current wave's gate and make at most one transition. Idempotent: a tick with
 * nothing to do writes nothing, and a tick that lost the race to another writes nothing either.
 */
export async function advanceRollout(db: Db, rolloutId: string, now: Date): Promise<TickOutcome> {
  try {
    return await runInTransaction(db, async (tx) => {
      const rollout = await tx.rollout.findUnique({ where: { id: rolloutId }, select: rolloutSelect });
      if (!rollout || rollout.state !== "progressing") return "waiting";
      const ctx = serviceContext(db, rolloutActor(rollout.accountId, rollout.account.slug), () => now);
      const { gate, instances, reports } = await gateOf(tx, rollout, rollout.currentWave, now);
      if (gate.verdict === "waiting") return "waiting";
      const waves = (rollout.waves as unknown as StoredWave[]).map((w) => ({ ...w }));
      const label = `${rollout.module.name}@${rollout.toVersion.version}`;
      const current = waves[rollout.currentWave];
      if (!current) return "waiting";
      if (gate.verdict === "pass") {
        current.passedAt = now.toISOString();
        const next = rollout.currentWave + 1;
        const nextWave = waves[next];
        if (!nextWave) {
          await claim(tx, rollout, { state: "completed", waves: waves as unknown as Prisma.InputJsonValue, updatedAt: now, finishedAt: now }, ["progressing"]);
          await recordAudit(tx, ctx, {
            action: "rollout.completed",
            targetType: "rollout",
            targetId: rollout.id,
            targetLabel: label,
            before: { state: "progressing" },
            after: { state: "completed", waves: waves.length },
          });
          return "completed";
        }
        nextWave.releasedAt = now.toISOString();
        await claim(tx, rollout, { currentWave: next, waves: waves as unknown as Prisma.InputJsonValue, updatedAt: now }, ["progressing"]);
        await releaseWave(tx, rollout, next, now);
        await recordAudit(tx, ctx, {
          action: "rollout.wave_released",
          targetType: "rollout",
          targetId: rollout.id,
          targetLabel: label,
          before: { wave: rollout.currentWave + 1, converged: gate.converged, of: gate.total },
          after: { wave: next + 1, size: nextWave.size },
        });
        return "wave_released";
      }
      // The gate failed.
      current.failedAt = now.toISOString();
      const failing = gate.failure;
      const instance = failing ? instances.find((i) => i.id === failing.instanceId) : undefined;
      const failure: RolloutFailure | null = failing
        ? {
            ...failing,
            at: now.toISOString(),
            report: instance ? { modules: reports.get(instance.id) ?? {}, lastHeartbeatAt: instance.lastHeartbeatAt?.toISOString() ?? null } : null,
          }
        : null;
      const reason = `Wave ${rollout.currentWave + 1} failed its health gate: ${failing?.reason ?? "deadline passed"}`;
      const policy = rollout.policy as unknown as StoredPolicy;
      if (!policy.autoRollback) {
        await claim(
          tx,
          rollout,
          { state: "halted", haltReason: reason, failure: (failure ?? undefined) as unknown as Prisma.InputJsonValue, waves: waves as unknown as Prisma.InputJsonValue, updatedAt: now },
          ["progressing"],
        );
        await recordAudit(tx, ctx, {
          action: "rollout.halted",
          targetType: "rollout",
          targetId: rollout.id,
          targetLabel: label,
          before: { state: "progressing" },
          after: { state: "halted", wave: rollout.currentWave + 1, failure },
          reason,
        });
        return "halted";
      }
      await claim(
        tx,
        rollout,
        { state: "rolled_back", haltReason: reason, failure: (failure ?? undefined) as unknown as Prisma.InputJsonValue, waves: waves as unknown as Prisma.InputJsonValue, updatedAt: now, finishedAt: now },
        ["progressing"],
      );
      await rollBack(tx, ctx, rollout, reason, { markBad: true });
      await recordAudit(tx, ctx, {
        action: "rollout.rolled_back",
        targetType: "rollout",
        targetId: rollout.id,
        targetLabel: label,
        before: { state: "progressing" },
        after: { state: "rolled_back", wave: rollout.currentWave + 1, failure, automatic: true, markedBad: true },
        reason,
      });
      return "rolled_back";
    });
  } catch (error) {
    if (error instanceof LostRace) return "lost_race";
    throw error;
  }
}

/** Releases one wave: its nodes lose their hold (their revision and ETag move; nobody else's). */
async function releaseWave(tx: Tx, rollout: Pick<LoadedRollout, "id" | "module">, waveIndex: number, now: Date) {
  const members = await tx.rolloutInstance.findMany({ where: { rolloutId: rollout.id, wave: waveIndex }, select: { instanceId: true } });
  await tx.rolloutInstance.updateMany({ where: { rolloutId: rollout.id, wave: waveIndex, releasedAt: null }, data: { releasedAt: now } });
  await releaseInstances(tx, members.map((m) => m.instanceId), rollout.module.name);
}

/**
 * Every released node back to the previous version: the new version retired with the reason, the previous live
 * version live again (one rollback, as `rollbackModule` does), holds cleared. Optionally marks the version bad.
 */
async function rollBack(tx: Tx, ctx: ServiceContext, rollout: LoadedRollout, reason: string, options: { markBad: boolean }) {
  const now = ctx.now();
  let changes: StateChange[] = [];
  if (rollout.toVersion.promotionState === "live") {
    const from = rollout.fromVersion;
    if (from && from.promotionState === "blessed") {
      const plan = planRollback({
        live: { id: rollout.toVersion.id, state: "live" },
        blessedCandidates: [{ id: from.id, state: "blessed", liveAt: from.liveAt }],
        reason,
        actorPermissions: new Set(["versions.rollback"]),
      });
      if (!plan.ok) throw new AppError("UNPROCESSABLE", plan.message, { details: { reason: plan.code } });
      changes = plan.changes;
    } else {
      // Nothing to return to (the first live version of the module, or the previous one was retired meanwhile).
      changes = [{ versionId: rollout.toVersion.id, from: "live", to: "retired", stamp: "retiredAt" }];
    }
    await applyChanges(tx, changes, now, reason);
    await cancelRequestsOfVersionsLeavingBlessed(tx, ctx, changes);
  }
  // Held nodes were never given the new version: their hold goes, and the template state (now the previous
  // version again) is what they keep running.
  await releaseInstances(tx, await heldInstanceIds(tx, rollout.id), rollout.module.name);
  if (options.markBad) {
    await tx.moduleVersion.updateMany({ where: { id: rollout.toVersion.id, badAt: null }, data: { badAt: now, badReason: reason, badBy: actorLabel(ctx.actor) } });
  }
  return changes;
}

/**
 * A version retired by hand while its rollout is unfinished (a manual rollback, a retire of the live version): the
 * rollout ends as rolled back and its held nodes lose their hold, so nothing keeps serving the old hold.
 */
export async function closeRolloutsOfRetiredVersions(tx: Tx, ctx: ServiceContext, changes: readonly StateChange[], reason: string) {
  const retired = changes.filter((c) => c.to === "retired").map((c) => c.versionId);
  if (retired.length === 0) return;
  const open = await tx.rollout.findMany({ where: { toVersionId: { in: retired }, state: { in: [...ACTIVE_ROLLOUT_STATES] } }, select: rolloutSelect });
  const now = ctx.now();
  for (const rollout of open) {
    await claim(tx, rollout, { state: "rolled_back", haltReason: reason, updatedAt: now, finishedAt: now }, [...ACTIVE_ROLLOUT_STATES]);
    await releaseInstances(tx, await heldInstanceIds(tx, rollout.id), rollout.module.name);
    await audit(tx, ctx, rollout, "rollout.rolled_back", rollout.state, "rolled_back", reason, { byVersionRetired: true });
  }
}

/**
 * The periodic job's body (server/jobs/advance-rollouts.ts): every progressing rollout, oldest first, one step each.
 * Bounded per tick; the next tick continues.
 */
export async function advanceRollouts(db: Db, now: Date, options: { limit?: number } = {}): Promise<Record<TickOutcome, number>> {
  const due = await db.rollout.findMany({
    where: { state: "progressing" },
    orderBy: { updatedAt: "asc" },
    take: options.limit ?? 100,
    select: { id: true },
  });
  const tally: Record<TickOutcome, number> = { waiting: 0, wave_released: 0, completed: 0, halted: 0, rolled_back: 0, lost_race: 0 };
  for (const rollout of due) tally[await advanceRollout(db, rollout.id, now)] += 1;
  return tally;
}

// ---------------------------------------------------------------------------------------------------------
// People's actions (approver; reason required; audited)

async function loadForAction(tx: Tx, ctx: ServiceContext, rolloutId: string) {
  const rollout = await tx.rollout.findFirst({ where: { id: rolloutId, accountId: ctx.actor.accountId }, select: rolloutSelect });
  if (!rollout) throw new AppError("NOT_FOUND", "Rollout not found.");
  return rollout;
}

function notIn(rollout: LoadedRollout, action: string): AppError {
  return new AppError("CONFLICT", `This rollout is ${rollout.state.replace("_", " ")}; it cannot be ${action}.`, {
    details: { reason: "ROLLOUT_STATE", currentState: rollout.state },
  });
}

/** Every action on a rollout names its reason (audited); whitespace is no reason. */
function actionTransaction<T>(ctx: ServiceContext, input: { reason: string }, run: (tx: Tx) => Promise<T>): Promise<T> {
  if (!input.reason.trim()) throw new AppError("BAD_REQUEST", "Say why.", { fieldErrors: { reason: "Say why" } });
  return runInTransaction(ctx, async (tx) => {
    try {
      return await run(tx);
    } catch (error) {
      if (error instanceof LostRace) throw new AppError("CONFLICT", "The rollout moved on meanwhile; reload and try again.", { details: { reason: "STATE_CHANGED" } });
      throw error;
    }
  });
}

export async function pauseRollout(ctx: ServiceContext, input: { rolloutId: string; reason: string }) {
  return actionTransaction(ctx, input, async (tx) => {
    const rollout = await loadForAction(tx, ctx, input.rolloutId);
    if (rollout.state !== "progressing") throw notIn(rollout, "paused");
    const now = ctx.now();
    await claim(tx, rollout, { state: "paused", updatedAt: now }, ["progressing"]);
    await audit(tx, ctx, rollout, "rollout.paused", "progressing", "paused", input.reason);
    return { rolloutId: rollout.id, state: "paused" as const };
  });
}

/**
 * Resumes a paused or halted rollout. The current wave's clock restarts (its release time becomes now): the gate's
 * deadline counted while nobody was watching would otherwise fail it at once.
 */
export async function resumeRollout(ctx: ServiceContext, input: { rolloutId: string; reason: string }) {
  return actionTransaction(ctx, input, async (tx) => {
    const rollout = await loadForAction(tx, ctx, input.rolloutId);
    if (rollout.state !== "paused" && rollout.state !== "halted") throw notIn(rollout, "resumed");
    const now = ctx.now();
    const waves = (rollout.waves as unknown as StoredWave[]).map((w) => ({ ...w }));
    const current = waves[rollout.currentWave];
    if (current) {
      current.releasedAt = now.toISOString();
      current.failedAt = null;
    }
    await claim(tx, rollout, { state: "progressing", haltReason: null, waves: waves as unknown as Prisma.InputJsonValue, updatedAt: now }, ["paused", "halted"]);
    await audit(tx, ctx, rollout, "rollout.resumed", rollout.state, "progressing", input.reason);
    return { rolloutId: rollout.id, state: "progressing" as const };
  });
}

/** Skip to 100 % ("promote now"): every remaining wave released at once, the rollout completed. */
export async function promoteRolloutNow(ctx: ServiceContext, input: { rolloutId: string; reason: string }) {
  return actionTransaction(ctx, input, async (tx) => {
    const rollout = await loadForAction(tx, ctx, input.rolloutId);
    if (!(ACTIVE_ROLLOUT_STATES as readonly string[]).includes(rollout.state)) throw notIn(rollout, "promoted now");
    const now = ctx.now();
    const waves = (rollout.waves as unknown as StoredWave[]).map((w) => ({ ...w, releasedAt: w.releasedAt ?? now.toISOString() }));
    await claim(tx, rollout, { state: "completed", currentWave: Math.max(0, waves.length - 1), waves: waves as unknown as Prisma.InputJsonValue, updatedAt: now, finishedAt: now }, [...ACTIVE_ROLLOUT_STATES]);
    const held = await heldInstanceIds(tx, rollout.id);
    await tx.rolloutInstance.updateMany({ where: { rolloutId: rollout.id, releasedAt: null }, data: { releasedAt: now } });
    await releaseInstances(tx, held, rollout.module.name);
    await audit(tx, ctx, rollout, "rollout.promoted_now", rollout.state, "completed", input.reason, { released: held.length });
    return { rolloutId: rollout.id, state: "completed" as const, released: held.length };
  });
}

/** Abort and roll back: released nodes return to the previous version, the new one is retired with the reason. */
export async function abortRollout(ctx: ServiceContext, input: { rolloutId: string; reason: string }) {
  return actionTransaction(ctx, input, async (tx) => {
    const rollout = await loadForAction(tx, ctx, input.rolloutId);
    if (!(ACTIVE_ROLLOUT_STATES as readonly string[]).includes(rollout.state)) throw notIn(rollout, "aborted");
    const now = ctx.now();
    await claim(tx, rollout, { state: "rolled_back", haltReason: input.reason, updatedAt: now, finishedAt: now }, [...ACTIVE_ROLLOUT_STATES]);
    await rollBack(tx, ctx, rollout, input.reason, { markBad: false });
    await audit(tx, ctx, rollout, "rollout.aborted", rollout.state, "rolled_back", input.reason);
    return { rolloutId: rollout.id, state: "rolled_back" as const };
  });
}

async function audit(tx: Tx, ctx: ServiceContext, rollout: LoadedRollout, action: string, from: string, to: string, reason: string, extra: Record<string, unknown> = {}) {
  await recordAudit(tx, ctx, {
    action,
    targetType: "rollout",
    targetId: rollout.id,
    targetLabel: `${rollout.module.name}@${rollout.toVersion.version}`,
    before: { state: from, wave: rollout.currentWave + 1 },
    after: { state: to, ...extra },
    reason,
  });
}

// ---------------------------------------------------------------------------------------------------------
// Bad versions (admin)

export async function markVersionBad(ctx: ServiceContext, input: { versionId: string; reason: string }) {
  return runInTransaction(ctx, async (tx) => {
    const version = await tx.moduleVersion.findFirst({
      where: { id: input.versionId, accountId: ctx.actor.accountId },
      select: { id: true, version: true, badAt: true, module: { select: { name: true } } },
    });
    if (!version) throw new AppError("NOT_FOUND", "Module version not found.");
    const label = `${version.module.name}@${version.version}`;
    if (version.badAt) throw new AppError("CONFLICT", `${label} is already marked bad.`, { details: { reason: "ALREADY_BAD" } });
    const now = ctx.now();
    const updated = await tx.moduleVersion.updateMany({ where: { id: version.id, badAt: null }, data: { badAt: now, badReason: input.reason, badBy: actorLabel(ctx.actor) } });
    if (updated.count !== 1) throw new AppError("CONFLICT", `${label} was marked bad meanwhile.`);
    await recordAudit(tx, ctx, { action: "version.marked_bad", targetType: "module_version", targetId: version.id, targetLabel: label, after: { bad: true }, reason: input.reason });
    return { versionId: version.id, bad: true as const, badAt: now, badReason: input.reason };
  });
}

export async function clearVersionBad(ctx: ServiceContext, input: { versionId: string; reason: string }) {
  return runInTransaction(ctx, async (tx) => {
    const version = await tx.moduleVersion.findFirst({
      where: { id: input.versionId, accountId: ctx.actor.accountId },
      select: { id: true, version: true, badAt: true, badReason: true, module: { select: { name: true } } },
    });
    if (!version) throw new AppError("NOT_FOUND", "Module version not found.");
    const label = `${version.module.name}@${version.version}`;
    if (!version.badAt) throw new AppError("CONFLICT", `${label} is not marked bad.`, { details: { reason: "NOT_BAD" } });
    await tx.moduleVersion.update({ where: { id: version.id }, data: { badAt: null, badReason: null, badBy: null } });
    await recordAudit(tx, ctx, {
      action: "version.bad_cleared",
      targetType: "module_version",
      targetId: version.id,
      targetLabel: label,
      before: { bad: true, badReason: version.badReason },
      after: { bad: false },
      reason: input.reason,
    });
    return { versionId: version.id, bad: false as const };
  });
}

/**
 * The gate before promoting a bad version (docs/rollouts.md): refused unless an admin gives an override reason,
 * which the caller records in its audit event.
 */
export function checkBadVersion(version: { badAt: Date | null; badReason: string | null }, label: string, override: { isAdmin: boolean; reason?: string | undefined }): string | null {
  if (!version.badAt) return null;
  const reason = override.reason?.trim();
  if (!reason) {
    throw new AppError("UNPROCESSABLE", `${label} is marked bad (${version.badReason ?? "no reason"}); an admin must override with a reason to promote it.`, {
      details: { reason: "VERSION_BAD" },
      fieldErrors: { badOverrideReason: "Required to promote a version marked bad" },
    });
  }
  if (!override.isAdmin) throw new AppError("FORBIDDEN", `${label} is marked bad; only an admin can override.`, { details: { reason: "VERSION_BAD" } });
  return reason;
}

// ---------------------------------------------------------------------------------------------------------
// The account's policy (admins; category overrides are stored on the category, docs/rollouts.md)

const accountPolicySelect = {
  slug: true,
  rolloutWaves: true,
  rolloutSoakMinutes: true,
  rolloutDeadlineMinutes: true,
  rolloutSuccessPercent: true,
  rolloutAutoRollback: true,
} as const;

function policyView(row: { rolloutWaves: unknown; rolloutSoakMinutes: number; rolloutDeadlineMinutes: number; rolloutSuccessPercent: number; rolloutAutoRollback: boolean }) {
  return describeStoredPolicy(
    resolveRolloutPolicy({
      waves: row.rolloutWaves,
      soakMinutes: row.rolloutSoakMinutes,
      deadlineMinutes: row.rolloutDeadlineMinutes,
      successPercent: row.rolloutSuccessPercent,
      autoRollback: row.rolloutAutoRollback,
    }),
  );
}

export async function getRolloutPolicy(ctx: ServiceContext) {
  const row = await ctx.db.account.findUnique({ where: { id: ctx.actor.accountId }, select: accountPolicySelect });
  if (!row) throw new AppError("NOT_FOUND", "Account not found.");
  return policyView(row);
}

export async function updateRolloutPolicy(ctx: ServiceContext, input: UpdateRolloutPolicyInput) {
  return runInTransaction(ctx, async (tx) => {
    const before = await tx.account.findUniqueOrThrow({ where: { id: ctx.actor.accountId }, select: accountPolicySelect });
    const after = await tx.account.update({
      where: { id: ctx.actor.accountId },
      data: {
        rolloutWaves: input.waves as unknown as Prisma.InputJsonValue,
        rolloutSoakMinutes: input.soakMinutes,
        rolloutDeadlineMinutes: input.deadlineMinutes,
        rolloutSuccessPercent: input.successPercent,
        rolloutAutoRollback: input.autoRollback,
      },
      select: accountPolicySelect,
    });
    await recordAudit(tx, ctx, {
      action: "rollout_policy.updated",
      targetType: "account",
      targetId: ctx.actor.accountId,
      targetLabel: before.slug,
      before: policyView(before),
      after: policyView(after),
    });
    return policyView(after);
  });
}

// ---------------------------------------------------------------------------------------------------------
// Reads

const summarySelect = {
  id: true,
  state: true,
  currentWave: true,
  waves: true,
  policy: true,
  haltReason: true,
  failure: true,
  createdAt: true,
  updatedAt: true,
  finishedAt: true,
  requestId: true,
  module: { select: { name: true } },
  toVersion: { select: { id: true, version: true, ociDigest: true, badAt: true, badReason: true } },
  fromVersion: { select: { id: true, version: true, ociDigest: true } },
} as const;
type SummaryRow = Prisma.RolloutGetPayload<{ select: typeof summarySelect }>;

function summarize(row: SummaryRow) {
  const waves = row.waves as unknown as StoredWave[];
  const policy = row.policy as unknown as StoredPolicy;
  return {
    id: row.id,
    state: row.state,
    moduleName: row.module.name,
    requestId: row.requestId,
    toVersion: { id: row.toVersion.id, version: row.toVersion.version, ociDigest: row.toVersion.ociDigest, bad: row.toVersion.badAt !== null, badReason: row.toVersion.badReason },
    fromVersion: row.fromVersion,
    currentWave: row.currentWave,
    totalInstances: waves.reduce((sum, w) => sum + w.size, 0),
    releasedInstances: waves.filter((w) => w.releasedAt !== null).reduce((sum, w) => sum + w.size, 0),
    waves: waves.map((w, index) => ({ index, ...w })),
    policy: describeStoredPolicy(policy),
    haltReason: row.haltReason,
    failure: row.failure as unknown as RolloutFailure | null,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    finishedAt: row.finishedAt,
  };
}

export async function listRollouts(ctx: ServiceContext, input: { moduleName?: string | undefined; state: string; page: number; pageSize: number }) {
  const where: Prisma.RolloutWhereInput = {
    accountId: ctx.actor.accountId,
    ...(input.moduleName ? { module: { name: input.moduleName } } : {}),
    ...(input.state === "active" ? { state: { in: [...ACTIVE_ROLLOUT_STATES] } } : input.state !== "all" ? { state: input.state as RolloutStateName } : {}),
  };
  const [rows, total] = await Promise.all([
    ctx.db.rollout.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "asc" }], skip: (input.page - 1) * input.pageSize, take: input.pageSize, select: summarySelect }),
    ctx.db.rollout.count({ where }),
  ]);
  return { items: rows.map(summarize), total, page: input.page, pageSize: input.pageSize };
}

/** One rollout with its waves, per-wave instances (health, digest, soak timers; capped per wave) and the failure. */
export async function getRollout(ctx: ServiceContext, input: { rolloutId: string }) {
  const row = await ctx.db.rollout.findFirst({ where: { id: input.rolloutId, accountId: ctx.actor.accountId }, select: summarySelect });
  if (!row) throw new AppError("NOT_FOUND", "Rollout not found.");
  return detail(ctx, row);
}

/** The rollout a promotion request started, if any (the approval page after approval). */
export async function rolloutOfRequest(ctx: ServiceContext, input: { requestId: string }) {
  const request = await ctx.db.promotionRequest.findFirst({ where: { id: input.requestId, accountId: ctx.actor.accountId }, select: { id: true } });
  if (!request) throw new AppError("NOT_FOUND", "Promotion request not found.");
  const row = await ctx.db.rollout.findFirst({ where: { requestId: input.requestId, accountId: ctx.actor.accountId }, select: summarySelect });
  return row ? detail(ctx, row) : null;
}

async function detail(ctx: ServiceContext, row: SummaryRow) {
  const summary = summarize(row);
  const now = ctx.now();
  const account = await ctx.db.account.findUnique({ where: { id: ctx.actor.accountId }, select: { heartbeatStaleMinutes: true } });
  const policy = row.policy as unknown as StoredPolicy;
  const members = await ctx.db.$queryRaw<{ wave: number; position: number; canary: boolean; releasedAt: Date | null; id: string; name: string; status: string; runningModules: unknown; runningSince: unknown; lastHeartbeatAt: Date | null }[]>`
    SELECT ri.wave, ri.position, ri.canary, ri."releasedAt", n.id, n.name, n.status::text AS status, n."runningModules", n."runningSince", n."lastHeartbeatAt"
    FROM rollout_instances ri JOIN node_instances n ON n.id = ri."instanceId"
    WHERE ri."rolloutId" = ${row.id}
    ORDER BY ri.wave, ri.position`;
  const waves = summary.waves.map((wave) => {
    const rows = members.filter((m) => m.wave === wave.index);
    const instances: GateInstance[] = rows.map((m) => {
      const running = (m.runningModules ?? {}) as Record<string, string>;
      const since = (m.runningSince ?? {}) as Record<string, string>;
      const sinceText = since[row.module.name];
      return { id: m.id, name: m.name, status: m.status, digest: running[row.module.name] ?? null, digestSince: sinceText ? new Date(sinceText) : null, lastHeartbeatAt: m.lastHeartbeatAt };
    });
    const gate = wave.releasedAt
      ? evaluateGate({
          toDigest: row.toVersion.ociDigest,
          releasedAt: new Date(wave.releasedAt),
          instances,
          policy,
          staleAfterMs: (account?.heartbeatStaleMinutes ?? 5) * MINUTE_MS,
          now,
        })
      : null;
    return {
      ...wave,
      deadlineAt: gate?.deadlineAt ?? null,
      converged: gate?.converged ?? 0,
      required: gate?.required ?? Math.ceil(policy.successRatio * wave.size - 1e-9),
      // Counts cover the whole wave; the listed instances are capped (ROLLOUT_WAVE_INSTANCE_LIMIT).
      instances: instances.slice(0, ROLLOUT_WAVE_INSTANCE_LIMIT).map((instance, i) => ({
        id: instance.id,
        name: instance.name,
        status: instance.status,
        digest: instance.digest,
        canary: rows[i]?.canary ?? false,
        lastHeartbeatAt: instance.lastHeartbeatAt,
        health: gate?.instances[i]?.health ?? ("held" as const),
        soakEndsAt: gate?.instances[i]?.soakEndsAt ?? null,
      })),
      instancesTruncated: wave.size > rows.length,
    };
  });
  // What the caller may do here, from the same permission table the procedures check (the UI hides the rest).
  return { ...summary, waves, can: { manage: actorHas(ctx.actor, "rollouts.manage") } };
}
