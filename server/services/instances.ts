import "server-only";
import { actorLabel } from "../auth/actor";
import { newAgentToken, newEnrollmentToken, sha256Hex, tokenDisplayPrefix } from "../auth/secrets";
import type {
  CreateEnrollmentTokenInput,
  CreateInstanceInput,
  DriftReportInput,
  HeartbeatInput,
  ListInstancesInput,
  UpdateInstanceMetadataInput,
} from "../contracts/instances";
import { computeDrift, DEFAULT_HEARTBEAT_STALE_MINUTES, DRIFT_SEVERITIES, type DriftReport } from "../domain/drift/drift";
import type { Prisma } from "../db/generated/client";
import { AppError } from "../errors";
import { recordAudit } from "./audit";
import type { ServiceContext } from "./context";
import { agentTokenColumns, recordAgentHeartbeat } from "./fleet-agent";
import { applyRolloutHolds, modulesForInstance, parseHolds, templateDesiredState } from "./fleet-desired-state";
import { runInTransaction } from "./transaction";

/**
 * The operator's side of the fleet (docs/fleet.md): register nodes and enrollment tokens, see what runs where and
 * what drifted, rotate or revoke agent tokens, decommission. The agent's side is server/services/fleet-agent.ts.
 */

// ---------------------------------------------------------------------------------------------------------
// Registration and agent tokens

/** Registers a node; returns its agent token once (only the hash is stored). */
export async function createInstance(ctx: ServiceContext, input: CreateInstanceInput) {
  const agentToken = newAgentToken();
  return runInTransaction(
    ctx,
    async (tx) => {
      if (input.templateId) {
        const template = await tx.template.findFirst({ where: { id: input.templateId, accountId: ctx.actor.accountId }, select: { id: true } });
        if (!template) throw new AppError("NOT_FOUND", "Template not found.", { fieldErrors: { templateId: "Unknown template" } });
      }
      const now = ctx.now();
      const instance = await tx.nodeInstance.create({
        data: {
          accountId: ctx.actor.accountId,
          templateId: input.templateId,
          name: input.name,
          arch: input.arch,
          status: "pending",
          ...agentTokenColumns(agentToken, now),
          createdAt: now,
        },
        select: { id: true, name: true },
      });
      await tx.instanceEvent.create({ data: { accountId: ctx.actor.accountId, instanceId: instance.id, kind: "registered", detail: { by: actorLabel(ctx.actor) }, createdAt: now } });
      await recordAudit(tx, ctx, { action: "instance.registered", targetType: "instance", targetId: instance.id, targetLabel: instance.name, after: { arch: input.arch, templateId: input.templateId } });
      return { ...instance, agentToken };
    },
    { uniqueViolation: () => new AppError("CONFLICT", `An instance named ${input.name} already exists.`, { fieldErrors: { name: "This name is taken" } }) },
  );
}

async function requireInstance(ctx: ServiceContext, instanceId: string) {
  const instance = await ctx.db.nodeInstance.findFirst({
    where: { id: instanceId, accountId: ctx.actor.accountId },
    select: {
      id: true,
      name: true,
      arch: true,
      templateId: true,
      decommissionedAt: true,
      hostname: true,
      site: true,
      labels: true,
      rolloutHolds: true,
      holdRevision: true,
      template: { select: { desiredRevision: true } },
    },
  });
  if (!instance) throw new AppError("NOT_FOUND", "Instance not found.");
  return instance;
}

/**
 * Heartbeat on behalf of a node the caller's account owns: the demo seed and tests replay history through it.
 * Agents use the agent API, which reaches the same function (recordAgentHeartbeat).
 */
export async function recordHeartbeat(ctx: ServiceContext, instanceId: string, input: HeartbeatInput) {
  const instance = await requireInstance(ctx, instanceId);
  const now = ctx.now();
  await recordAgentHeartbeat(
    ctx.db,
    {
      instanceId: instance.id,
      accountId: ctx.actor.accountId,
      name: instance.name,
      templateId: instance.templateId,
      desiredRevision: instance.template?.desiredRevision ?? null,
      arch: instance.arch,
      hostname: instance.hostname,
      site: instance.site,
      labels: labelsOf(instance.labels),
      rolloutHolds: instance.rolloutHolds,
      holdRevision: instance.holdRevision,
    },
    input,
    now,
  );
  return { id: instance.id, lastHeartbeatAt: now };
}

/** A new agent token; the old one stops working at once. Shown once. */
export async function rotateAgentToken(ctx: ServiceContext, instanceId: string) {
  const instance = await requireInstance(ctx, instanceId);
  if (instance.decommissionedAt) throw new AppError("CONFLICT", `${instance.name} is decommissioned; register a new instance instead.`);
  const agentToken = newAgentToken();
  return runInTransaction(ctx, async (tx) => {
    const now = ctx.now();
    await tx.nodeInstance.update({
      where: { id: instance.id },
      data: agentTokenColumns(agentToken, now),
    });
    await tx.instanceEvent.create({ data: { accountId: ctx.actor.accountId, instanceId: instance.id, kind: "token_rotated", detail: { by: actorLabel(ctx.actor) }, createdAt: now } });
    await recordAudit(tx, ctx, { action: "instance.token_rotated", targetType: "instance", targetId: instance.id, targetLabel: instance.name });
    return { id: instance.id, agentToken };
  });
}

/** The agent can no longer call in until a new token is issued (rotate). */
export async function revokeAgentToken(ctx: ServiceContext, instanceId: string) {
  const instance = await requireInstance(ctx, instanceId);
  return runInTransaction(ctx, async (tx) => {
    const now = ctx.now();
    await tx.nodeInstance.update({ where: { id: instance.id }, data: { agentTokenHash: null, agentTokenPrefix: null, agentTokenIssuedAt: null } });
    await tx.instanceEvent.create({ data: { accountId: ctx.actor.accountId, instanceId: instance.id, kind: "token_revoked", detail: { by: actorLabel(ctx.actor) }, createdAt: now } });
    await recordAudit(tx, ctx, { action: "instance.token_revoked", targetType: "instance", targetId: instance.id, targetLabel: instance.name });
    return { id: instance.id };
  });
}

/** Retires a node for good: its token is revoked, it leaves the fleet's counts, its history stays. */
export async function decommissionInstance(ctx: ServiceContext, input: { instanceId: string; reason: string }) {
  const instance = await requireInstance(ctx, input.instanceId);
  if (instance.decommissionedAt) throw new AppError("CONFLICT", `${instance.name} is already decommissioned.`);
  return runInTransaction(ctx, async (tx) => {
    const now = ctx.now();
    const updated = await tx.nodeInstance.updateMany({
      where: { id: instance.id, decommissionedAt: null },
      data: { status: "terminated", decommissionedAt: now, agentTokenHash: null, agentTokenPrefix: null, agentTokenIssuedAt: null },
    });
    if (updated.count !== 1) throw new AppError("CONFLICT", `${instance.name} was decommissioned meanwhile.`);
    await tx.instanceEvent.create({ data: { accountId: ctx.actor.accountId, instanceId: instance.id, kind: "decommissioned", detail: { by: actorLabel(ctx.actor), reason: input.reason }, createdAt: now } });
    await recordAudit(tx, ctx, { action: "instance.decommissioned", targetType: "instance", targetId: instance.id, targetLabel: instance.name, reason: input.reason });
    return { id: instance.id, decommissionedAt: now };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Instance metadata (docs/authoring.md, "Instance metadata")

function labelsOf(value: unknown): Record<string, string> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter((e): e is [string, string] => typeof e[1] === "string"));
}

/**
 * Replaces a node's hostname, site and labels: the values of `${instance.*}` in its instance modules' files. The
 * node's desired-state ETag is derived from them (fleet-desired-state.ts), so its agent gets the new bindings on
 * its next poll; no template revision moves, because no other node is affected. Audited with before and after.
 */
export async function updateInstanceMetadata(ctx: ServiceContext, input: UpdateInstanceMetadataInput) {
  const instance = await requireInstance(ctx, input.instanceId);
  if (instance.decommissionedAt) throw new AppError("CONFLICT", `${instance.name} is decommissioned; its metadata can no longer change.`);
  const before = { hostname: instance.hostname, site: instance.site, labels: labelsOf(instance.labels) };
  const after = { hostname: input.hostname, site: input.site, labels: Object.fromEntries(Object.entries(input.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) };
  if (JSON.stringify(before) === JSON.stringify(after)) return { id: instance.id, changed: false, ...after };
  return runInTransaction(ctx, async (tx) => {
    const now = ctx.now();
    await tx.nodeInstance.update({ where: { id: instance.id }, data: { ...after, metadataUpdatedAt: now } });
    await tx.instanceEvent.create({ data: { accountId: ctx.actor.accountId, instanceId: instance.id, kind: "metadata_updated", detail: { by: actorLabel(ctx.actor), before, after }, createdAt: now } });
    await recordAudit(tx, ctx, { action: "instance.metadata_updated", targetType: "instance", targetId: instance.id, targetLabel: instance.name, before, after });
    return { id: instance.id, changed: true, ...after };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Enrollment tokens

export async function createEnrollmentToken(ctx: ServiceContext, input: CreateEnrollmentTokenInput) {
  const template = await ctx.db.template.findFirst({ where: { id: input.templateId, accountId: ctx.actor.accountId }, select: { id: true, name: true } });
  if (!template) throw new AppError("NOT_FOUND", "Template not found.");
  const secret = newEnrollmentToken();
  return runInTransaction(ctx, async (tx) => {
    const now = ctx.now();
    const expiresAt = new Date(now.getTime() + input.expiresInHours * 3_600_000);
    const token = await tx.enrollmentToken.create({
      data: {
        accountId: ctx.actor.accountId,
        templateId: template.id,
        tokenHash: sha256Hex(secret),
        prefix: tokenDisplayPrefix(secret),
        maxUses: input.maxUses,
        expiresAt,
        createdBy: actorLabel(ctx.actor),
        createdAt: now,
      },
      select: { id: true, prefix: true, maxUses: true, expiresAt: true },
    });
    await recordAudit(tx, ctx, {
      action: "enrollment_token.created",
      targetType: "template",
      targetId: template.id,
      targetLabel: template.name,
      after: { tokenId: token.id, prefix: token.prefix, maxUses: input.maxUses, expiresAt: expiresAt.toISOString() },
    });
    return { ...token, token: secret };
  });
}

export async function listEnrollmentTokens(ctx: ServiceContext, templateId: string) {
  const template = await ctx.db.template.findFirst({ where: { id: templateId, accountId: ctx.actor.accountId }, select: { id: true } });
  if (!template) throw new AppError("NOT_FOUND", "Template not found.");
  const now = ctx.now();
  const tokens = await ctx.db.enrollmentToken.findMany({
    where: { templateId: template.id, accountId: ctx.actor.accountId },
    orderBy: { createdAt: "desc" },
    take: 100,
    select: { id: true, prefix: true, maxUses: true, uses: true, expiresAt: true, revokedAt: true, createdBy: true, createdAt: true },
  });
  return tokens.map((t) => ({
    ...t,
    usesLeft: Math.max(0, t.maxUses - t.uses),
    state: t.revokedAt ? ("revoked" as const) : t.expiresAt <= now ? ("expired" as const) : t.uses >= t.maxUses ? ("used_up" as const) : ("active" as const),
  }));
}

export async function revokeEnrollmentToken(ctx: ServiceContext, tokenId: string) {
  const token = await ctx.db.enrollmentToken.findFirst({ where: { id: tokenId, accountId: ctx.actor.accountId }, select: { id: true, prefix: true, revokedAt: true, template: { select: { id: true, name: true } } } });
  if (!token) throw new AppError("NOT_FOUND", "Enrollment token not found.");
  if (token.revokedAt) return { id: token.id, revokedAt: token.revokedAt };
  return runInTransaction(ctx, async (tx) => {
    const now = ctx.now();
    await tx.enrollmentToken.update({ where: { id: token.id }, data: { revokedAt: now } });
    await recordAudit(tx, ctx, { action: "enrollment_token.revoked", targetType: "template", targetId: token.template.id, targetLabel: token.template.name, after: { tokenId: token.id, prefix: token.prefix } });
    return { id: token.id, revokedAt: now };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Reading the fleet

async function staleMinutesOf(ctx: ServiceContext): Promise<number> {
  const account = await ctx.db.account.findUnique({ where: { id: ctx.actor.accountId }, select: { heartbeatStaleMinutes: true } });
  return account?.heartbeatStaleMinutes ?? DEFAULT_HEARTBEAT_STALE_MINUTES;
}

function staleBefore(now: Date, minutes: number): Date {
  return new Date(now.getTime() - minutes * 60_000);
}

function listWhere(ctx: ServiceContext, input: Omit<ListInstancesInput, "sort" | "page" | "pageSize">, cutoff: Date): Prisma.NodeInstanceWhereInput {
  const and: Prisma.NodeInstanceWhereInput[] = [{ accountId: ctx.actor.accountId }];
  // Decommissioned nodes leave the fleet; they are listed only when asked for by status.
  if (input.status === "terminated") and.push({ status: "terminated" });
  else and.push({ decommissionedAt: null }, ...(input.status ? [{ status: input.status }] : []));
  if (input.templateId) and.push({ templateId: input.templateId });
  if (input.drift === "drifted") and.push({ driftSeverity: { not: "none" } });
  else if (input.drift) and.push({ driftSeverity: input.drift });
  if (input.stale === true) and.push({ OR: [{ lastHeartbeatAt: null }, { lastHeartbeatAt: { lt: cutoff } }] });
  if (input.stale === false) and.push({ lastHeartbeatAt: { gte: cutoff } });
  if (input.neverReported === true) and.push({ lastHeartbeatAt: null });
  if (input.neverReported === false) and.push({ lastHeartbeatAt: { not: null } });
  if (input.q) and.push({ name: { contains: input.q.toLowerCase() } });
  return { AND: and };
}

const SORTS: Record<ListInstancesInput["sort"], Prisma.NodeInstanceOrderByWithRelationInput[]> = {
  name: [{ name: "asc" }],
  lastHeartbeat: [{ lastHeartbeatAt: { sort: "desc", nulls: "last" } }, { name: "asc" }],
  drift: [{ driftSeverity: "desc" }, { driftDifferences: "desc" }, { name: "asc" }],
  created: [{ createdAt: "desc" }, { name: "asc" }],
};

const listSelect = {
  id: true,
  name: true,
  arch: true,
  status: true,
  lastHeartbeatAt: true,
  agentVersion: true,
  driftSeverity: true,
  driftDifferences: true,
  modulesInSync: true,
  modulesDesired: true,
  decommissionedAt: true,
  createdAt: true,
  template: { select: { id: true, name: true } },
} satisfies Prisma.NodeInstanceSelect;

export async function listInstances(ctx: ServiceContext, input: ListInstancesInput) {
  const now = ctx.now();
  const staleMinutes = await staleMinutesOf(ctx);
  const cutoff = staleBefore(now, staleMinutes);
  const where = listWhere(ctx, input, cutoff);
  const [total, rows, summary] = await Promise.all([
    ctx.db.nodeInstance.count({ where }),
    ctx.db.nodeInstance.findMany({ where, orderBy: SORTS[input.sort], skip: (input.page - 1) * input.pageSize, take: input.pageSize, select: listSelect }),
    fleetSummary(ctx, { templateId: input.templateId }),
  ]);
  return {
    total,
    page: input.page,
    pageSize: input.pageSize,
    staleAfterMinutes: staleMinutes,
    summary,
    instances: rows.map((row) => ({
      ...row,
      stale: !row.decommissionedAt && (row.lastHeartbeatAt === null || row.lastHeartbeatAt < cutoff),
      neverReported: row.lastHeartbeatAt === null,
    })),
  };
}

export interface FleetSummary {
  total: number;
  inSync: number;
  drifted: { critical: number; high: number; medium: number };
  stale: number;
  neverReported: number;
}

/**
 * Counts for the summary strip and the drift report, in one grouped query. `inSync` = no difference and a fresh
 * heartbeat; a stale node counts as stale whatever its last report said.
 */
export async function fleetSummary(ctx: ServiceContext, filter: { templateId?: string | undefined } = {}): Promise<FleetSummary> {
  const cutoff = staleBefore(ctx.now(), await staleMinutesOf(ctx));
  const rows = await ctx.db.$queryRaw<{ severity: string; stale: boolean; never: boolean; count: bigint }[]>`
    SELECT "driftSeverity"::text AS severity,
           ("lastHeartbeatAt" IS NULL OR "lastHeartbeatAt" < ${cutoff}) AS stale,
           ("lastHeartbeatAt" IS NULL) AS never,
           count(*) AS count
    FROM node_instances
    WHERE "accountId" = ${ctx.actor.accountId} AND "decommissionedAt" IS NULL
      AND (${filter.templateId ?? null}::text IS NULL OR "templateId" = ${filter.templateId ?? null}::text)
    GROUP BY 1, 2, 3`;
  const summary: FleetSummary = { total: 0, inSync: 0, drifted: { critical: 0, high: 0, medium: 0 }, stale: 0, neverReported: 0 };
  for (const row of rows) {
    const count = Number(row.count);
    summary.total += count;
    if (row.never) summary.neverReported += count;
    if (row.stale) summary.stale += count;
    if (row.severity === "critical" || row.severity === "high" || row.severity === "medium") summary.drifted[row.severity] += count;
    else if (!row.stale) summary.inSync += count;
  }
  return summary;
}

/** Per template: how many live nodes it has and how many are in sync (templates list and editor). */
export async function fleetCountsByTemplate(ctx: ServiceContext) {
  const cutoff = staleBefore(ctx.now(), await staleMinutesOf(ctx));
  const rows = await ctx.db.$queryRaw<{ templateId: string; total: bigint; in_sync: bigint }[]>`
    SELECT "templateId", count(*) AS total,
           count(*) FILTER (WHERE "driftSeverity" = 'none' AND "lastHeartbeatAt" >= ${cutoff}) AS in_sync
    FROM node_instances
    WHERE "accountId" = ${ctx.actor.accountId} AND "decommissionedAt" IS NULL AND "templateId" IS NOT NULL
    GROUP BY 1`;
  return Object.fromEntries(rows.map((r) => [r.templateId, { total: Number(r.total), inSync: Number(r.in_sync) }]));
}

export interface ModuleRow {
  name: string;
  desired: { version: string; ociDigest: string } | null;
  running: { ociDigest: string; since: string | null } | null;
  state: "in_sync" | "missing" | "extra" | "mismatched";
}

/** One node: desired vs running per module (computed now, not as of the last heartbeat), drift, recent events. */
export async function getInstance(ctx: ServiceContext, instanceId: string) {
  const now = ctx.now();
  const staleMinutes = await staleMinutesOf(ctx);
  const instance = await ctx.db.nodeInstance.findFirst({
    where: { id: instanceId, accountId: ctx.actor.accountId },
    select: {
      ...listSelect,
      runningModules: true,
      runningSince: true,
      agentTokenPrefix: true,
      agentTokenIssuedAt: true,
      hostname: true,
      site: true,
      labels: true,
      metadataUpdatedAt: true,
      rolloutHolds: true,
      holdRevision: true,
      template: { select: { id: true, name: true, desiredRevision: true } },
    },
  });
  if (!instance) throw new AppError("NOT_FOUND", "Instance not found.");
  const templateState = instance.template ? await templateDesiredState(ctx.db, instance.template.id, instance.template.desiredRevision) : null;
  // What this node is told, rollout holds included (docs/rollouts.md), so drift here matches the agent's view.
  const state = templateState ? applyRolloutHolds(templateState, parseHolds(instance.rolloutHolds)) : null;
  const running = (instance.runningModules ?? {}) as Record<string, string>;
  const since = (instance.runningSince ?? {}) as Record<string, string>;
  const desired = (state?.modules ?? []).map((m) => ({ moduleName: m.name, ociDigest: m.oci_digest, version: m.version }));
  const drift: DriftReport = computeDrift({ desired, reported: running, lastHeartbeatAt: instance.lastHeartbeatAt, now, staleAfterMinutes: staleMinutes });
  const modules: ModuleRow[] = desired.map((d) => {
    const have = Object.hasOwn(running, d.moduleName) ? running[d.moduleName] : undefined;
    return {
      name: d.moduleName,
      desired: { version: d.version, ociDigest: d.ociDigest },
      running: have ? { ociDigest: have, since: since[d.moduleName] ?? null } : null,
      state: have === undefined ? "missing" : have.toLowerCase() === d.ociDigest.toLowerCase() ? "in_sync" : "mismatched",
    };
  });
  for (const extra of drift.extra) modules.push({ name: extra.moduleName, desired: null, running: { ociDigest: extra.have, since: since[extra.moduleName] ?? null }, state: "extra" });
  const events = await ctx.db.instanceEvent.findMany({
    where: { instanceId: instance.id },
    orderBy: { createdAt: "desc" },
    take: 50,
    select: { id: true, kind: true, detail: true, createdAt: true },
  });
  const labels = labelsOf(instance.labels);
  // What this node's instance modules get: the same function the agent's desired state is made with.
  const instanceModules = modulesForInstance(templateState && state ? { ...templateState, ...state } : null, { name: instance.name, arch: instance.arch, hostname: instance.hostname, site: instance.site, labels })
    .filter((m) => m.bindings !== undefined)
    .map((m) => ({ name: m.name, version: m.version, bindings: m.bindings ?? {}, unboundPlaceholders: m.unbound_placeholders ?? [] }));
  return {
    ...instance,
    labels,
    instanceModules,
    template: instance.template ? { id: instance.template.id, name: instance.template.name } : null,
    desiredRevision: templateState ? templateState.revision + instance.holdRevision : 0,
    undeliverable: state?.undeliverable ?? [],
    staleAfterMinutes: staleMinutes,
    stale: !instance.decommissionedAt && drift.stale,
    neverReported: instance.lastHeartbeatAt === null,
    drift,
    modules,
    events,
  };
}

/** Drifted or stale nodes, worst first, with the fleet's counts. At most `limit` rows; `truncated` says if more. */
export async function driftReport(ctx: ServiceContext, input: Partial<DriftReportInput> & { limit?: number } = {}) {
  const limit = Math.min(Math.max(input.limit ?? 500, 1), 1_000);
  const now = ctx.now();
  const staleMinutes = await staleMinutesOf(ctx);
  const cutoff = staleBefore(now, staleMinutes);
  if (input.templateId) {
    const template = await ctx.db.template.findFirst({ where: { id: input.templateId, accountId: ctx.actor.accountId }, select: { id: true } });
    if (!template) throw new AppError("NOT_FOUND", "Template not found.");
  }
  const atLeast = input.severity ? DRIFT_SEVERITIES.slice(DRIFT_SEVERITIES.indexOf(input.severity)) : null;
  const where: Prisma.NodeInstanceWhereInput = {
    accountId: ctx.actor.accountId,
    decommissionedAt: null,
    ...(input.templateId ? { templateId: input.templateId } : {}),
    OR: atLeast
      ? [{ driftSeverity: { in: [...atLeast] } }]
      : [{ driftSeverity: { not: "none" } }, { lastHeartbeatAt: null }, { lastHeartbeatAt: { lt: cutoff } }],
  };
  const [rows, matching, summary] = await Promise.all([
    ctx.db.nodeInstance.findMany({ where, orderBy: SORTS.drift, take: limit, select: listSelect }),
    ctx.db.nodeInstance.count({ where }),
    fleetSummary(ctx, { templateId: input.templateId }),
  ]);
  return {
    staleAfterMinutes: staleMinutes,
    summary,
    truncated: matching > rows.length,
    instances: rows.map((row) => ({ ...row, stale: row.lastHeartbeatAt === null || row.lastHeartbeatAt < cutoff, neverReported: row.lastHeartbeatAt === null })),
  };
}

export async function listInstanceEvents(ctx: ServiceContext, input: { instanceId: string; limit: number }) {
  const instance = await requireInstance(ctx, input.instanceId);
  return ctx.db.instanceEvent.findMany({
    where: { instanceId: instance.id },
    orderBy: { createdAt: "desc" },
    take: input.limit,
    select: { id: true, kind: true, detail: true, createdAt: true },
  });
}

// ---------------------------------------------------------------------------------------------------------
// Rollout progress

/**
 * After a version goes live: per template that delivers it, how many of its nodes run the version's digest,
 * which lag and which report `error`. "Runs" = the last heartbeat reported the digest (GIN-indexed containment).
 */
export async function rolloutProgress(ctx: ServiceContext, input: { moduleName: string; version: string }) {
  const version = await ctx.db.moduleVersion.findFirst({
    where: { accountId: ctx.actor.accountId, version: input.version, module: { name: input.moduleName } },
    select: { id: true, ociDigest: true, promotionState: true, module: { select: { id: true, name: true } } },
  });
  if (!version) throw new AppError("NOT_FOUND", `${input.moduleName}@${input.version} not found.`);
  const cutoff = staleBefore(ctx.now(), await staleMinutesOf(ctx));
  const digestFilter = JSON.stringify({ [version.module.name]: version.ociDigest });
  const rows = await ctx.db.$queryRaw<{ templateId: string; templateName: string; pinned: string | null; total: bigint; converged: bigint; errors: bigint; stale: bigint }[]>`
    SELECT t.id AS "templateId", t.name AS "templateName", pv.version AS pinned,
           count(n.id) AS total,
           count(n.id) FILTER (WHERE n."runningModules" @> ${digestFilter}::jsonb) AS converged,
           count(n.id) FILTER (WHERE n.status = 'error') AS errors,
           count(n.id) FILTER (WHERE n."lastHeartbeatAt" IS NULL OR n."lastHeartbeatAt" < ${cutoff}) AS stale
    FROM template_modules tm
    JOIN templates t ON t.id = tm."templateId"
    LEFT JOIN module_versions pv ON pv.id = tm."pinnedVersionId"
    LEFT JOIN node_instances n ON n."templateId" = t.id AND n."decommissionedAt" IS NULL
    WHERE tm."moduleId" = ${version.module.id} AND tm.enabled AND t."accountId" = ${ctx.actor.accountId}
    GROUP BY t.id, t.name, pv.version
    ORDER BY t.name`;
  const templates = await Promise.all(
    rows.map(async (row) => {
      // Containment, not a path comparison: a node that reports nothing for the module lags too.
      const lagging = await ctx.db.$queryRaw<{ id: string; name: string; status: string; lastHeartbeatAt: Date | null }[]>`
        SELECT id, name, status::text AS status, "lastHeartbeatAt" FROM node_instances
        WHERE "templateId" = ${row.templateId} AND "decommissionedAt" IS NULL AND NOT ("runningModules" @> ${digestFilter}::jsonb)
        ORDER BY (status = 'error') DESC, name
        LIMIT 20`;
      return {
        templateId: row.templateId,
        templateName: row.templateName,
        /** A template that pins another version does not take this one; its nodes are not expected to converge. */
        pinnedVersion: row.pinned,
        total: Number(row.total),
        converged: Number(row.converged),
        errors: Number(row.errors),
        stale: Number(row.stale),
        lagging: lagging.map((l) => ({ ...l, stale: l.lastHeartbeatAt === null || l.lastHeartbeatAt < cutoff })),
      };
    }),
  );
  const expected = templates.filter((t) => t.pinnedVersion === null || t.pinnedVersion === input.version);
  return {
    moduleName: version.module.name,
    version: input.version,
    ociDigest: version.ociDigest,
    state: version.promotionState,
    total: expected.reduce((n, t) => n + t.total, 0),
    converged: expected.reduce((n, t) => n + t.converged, 0),
    errors: expected.reduce((n, t) => n + t.errors, 0),
    templates,
  };
}
