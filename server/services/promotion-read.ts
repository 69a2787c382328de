/**
 * Read models of the promotion pipeline: a module's pipeline (lanes, sensors, timeline), the fleet board, the
 * approvals queue and a request's detail with what the caller may do. Plain DTOs for tRPC and REST; every query is
 * scoped to the caller's account. Reads expire due requests first (server/services/promotion-expiry.ts), so a
 * stored `pending` never outlives its `expiresAt` on screen.
 */
import "server-only";
import { describeCertChain } from "./ingest-verify";
import type { z } from "zod";
import { actorHas, type Actor } from "../auth/actor";
import type { Prisma } from "../db/generated/client";
import { canDecide, PROMOTION_STATES, rollbackTarget, type PromotionState } from "../domain/promotion";
import { AppError } from "../errors";
import type { ServiceContext } from "./context";
import { requestDecisions, requestFacts, isRequester } from "./promotion";
import { expireDueRequests } from "./promotion-expiry";
import { describePolicy, loadPolicy } from "./promotion-policy";
import { computeSensors, type VersionSensors } from "./promotion-sensors";
import type { ListVersionsInput } from "../contracts/versions";
import { cappedCount, decodeCursor, keysetOrderBy, keysetWhere, pageOf, type SortKey } from "./keyset";
import type { fleetBoardInput, listRequestsInput, modulePipelineInput, requestIdInput } from "../contracts/promotion";

const HOUR_MS = 3_600_000;

/** What the caller may do in the pipeline, from the same permission table the procedures check. */
export function pipelineAbilities(actor: Actor) {
  return {
    promote: actorHas(actor, "versions.promote"),
    demote: actorHas(actor, "versions.demote"),
    retire: actorHas(actor, "versions.retire"),
    requestLive: actorHas(actor, "versions.requestLive"),
    approve: actorHas(actor, "versions.approve") && actor.kind === "user",
    rollback: actorHas(actor, "versions.rollback"),
    overrideFreeze: actorHas(actor, "freeze.override"),
  };
}

// ---------------------------------------------------------------------------------------------------------
// State history (the timeline)

export interface StateEntry {
  state: PromotionState;
  at: Date;
}

interface HistoryEvent {
  action: string;
  targetType: string;
  targetId: string | null;
  before: unknown;
  after: unknown;
  createdAt: Date;
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * When a version entered each state. The version's stamps keep only the latest entry per state, so the audit trail
 * fills in what they overwrote: a version that went live twice, the return to blessed when a newer version replaced
 * it, a demotion. Consecutive entries of the same state collapse into the first.
 */
export function stateHistory(
  version: {
    id: string;
    version: string;
    promotionState: PromotionState;
    createdAt: Date;
    stagingAt: Date | null;
    blessedAt: Date | null;
    liveAt: Date | null;
    retiredAt: Date | null;
    stateChangedAt: Date;
  },
  events: readonly HistoryEvent[],
): StateEntry[] {
  const entries: StateEntry[] = [{ state: "built", at: version.createdAt }];
  const stamp = (state: PromotionState, at: Date | null) => {
    if (at) entries.push({ state, at });
  };
  stamp("staging", version.stagingAt);
  stamp("blessed", version.blessedAt);
  stamp("live", version.liveAt);
  stamp("retired", version.retiredAt);
  entries.push({ state: version.promotionState, at: version.stateChangedAt });
  for (const event of events) {
    const at = event.createdAt;
    if (event.targetType === "module_version" && event.targetId === version.id) {
      if (event.action === "version.went_live") entries.push({ state: "live", at });
      else if (event.action === "version.created") entries.push({ state: "built", at });
      else {
        const state = field(event.after, "state");
        if (typeof state === "string" && (PROMOTION_STATES as readonly string[]).includes(state)) entries.push({ state: state as PromotionState, at });
      }
    } else if (event.targetType === "module_version" && event.action === "version.went_live" && field(event.before, "live") === version.version) {
      // Another version went live and this one, the live one until then, returned to blessed.
      entries.push({ state: "blessed", at });
    } else if (event.targetType === "module" && event.action === "module.rolled_back") {
      if (field(event.after, "live") === version.version) entries.push({ state: "live", at });
      if (field(event.after, "retired") === version.version) entries.push({ state: "retired", at });
    }
  }
  entries.sort((a, b) => a.at.getTime() - b.at.getTime() || PROMOTION_STATES.indexOf(a.state) - PROMOTION_STATES.indexOf(b.state));
  const collapsed: StateEntry[] = [];
  for (const entry of entries) {
    const last = collapsed[collapsed.length - 1];
    if (last && last.state === entry.state) continue;
    collapsed.push(entry);
  }
  // The stored state is the truth about the present: drop anything a partial history put after it.
  const currentAt = version.stateChangedAt.getTime();
  while (collapsed.length > 1 && collapsed[collapsed.length - 1]!.at.getTime() > currentAt) collapsed.pop();
  if (collapsed[collapsed.length - 1]?.state !== version.promotionState) collapsed.push({ state: version.promotionState, at: version.stateChangedAt });
  return collapsed;
}

// ---------------------------------------------------------------------------------------------------------
// Module pipeline

const pipelineVersionSelect = {
  id: true,
  version: true,
  promotionState: true,
  ociRef: true,
  ociDigest: true,
  composefsDigest: true,
  signerIdentity: true,
  signerIssuer: true,
  signatureVerifiedAt: true,
  signerCertChain: true,
  sbomUri: true,
  createdAt: true,
  stagingAt: true,
  blessedAt: true,
  liveAt: true,
  retiredAt: true,
  retiredReason: true,
  previouslyLive: true,
  stateChangedAt: true,
  badAt: true,
  badReason: true,
} satisfies Prisma.ModuleVersionSelect;

function pendingRequestSummary(request: {
  id: string;
  requestedByLabel: string;
  reason: string;
  createdAt: Date;
  expiresAt: Date;
  requiredApprovals: number;
  approvals: { decision: string }[];
}) {
  return {
    id: request.id,
    requestedByLabel: request.requestedByLabel,
    reason: request.reason,
    createdAt: request.createdAt,
    expiresAt: request.expiresAt,
    requiredApprovals: request.requiredApprovals,
    approvals: request.approvals.filter((a) => a.decision === "approve").length,
  };
}

export async function modulePipeline(ctx: ServiceContext, input: z.output<typeof modulePipelineInput>) {
  const accountId = ctx.actor.accountId;
  const now = ctx.now();
  const module = await ctx.db.module.findUnique({
    where: { accountId_name: { accountId, name: input.moduleName } },
    select: {
      id: true,
      name: true,
      displayName: true,
      category: { select: { slug: true, name: true, requireApprovalOverride: true, requiredApprovalsOverride: true } },
    },
  });
  if (!module) throw new AppError("NOT_FOUND", `Module ${input.moduleName} not found.`);
  await expireDueRequests(ctx.db, now, { accountId });
  const versions = await ctx.db.moduleVersion.findMany({
    where: { moduleId: module.id, accountId },
    select: pipelineVersionSelect,
    orderBy: [{ createdAt: "desc" }, { version: "desc" }],
  });
  const ids = versions.map((v) => v.id);
  const [pending, events, policy] = await Promise.all([
    ctx.db.promotionRequest.findMany({
      where: { accountId, moduleVersionId: { in: ids }, status: "pending" },
      select: {
        id: true,
        moduleVersionId: true,
        requestedByLabel: true,
        reason: true,
        createdAt: true,
        expiresAt: true,
        requiredApprovals: true,
        approvals: { select: { decision: true } },
      },
    }),
    ctx.db.auditEvent.findMany({
      where: {
        accountId,
        OR: [
          { targetType: "module_version", targetId: { in: ids } },
          { targetType: "module", targetId: module.id },
        ],
        action: { in: ["version.created", "version.promoted", "version.demoted", "version.retired", "version.went_live", "module.rolled_back"] },
      },
      select: { action: true, targetType: true, targetId: true, before: true, after: true, createdAt: true },
      orderBy: { createdAt: "asc" },
      take: 5000,
    }),
    loadPolicy(ctx.db, accountId, now, module.category),
  ]);
  const sensors = await computeSensors(
    ctx.db,
    accountId,
    versions.map((v) => ({ id: v.id, moduleName: module.name, state: v.promotionState, ociDigest: v.ociDigest, stagingAt: v.stagingAt })),
    policy,
    now,
  );
  const pendingByVersion = new Map(pending.map((r) => [r.moduleVersionId, r]));
  const live = versions.find((v) => v.promotionState === "live") ?? null;
  const target = live ? rollbackTarget(versions.map((v) => ({ id: v.id, liveAt: v.liveAt, state: v.promotionState, version: v.version })), live.id) : undefined;
  const dtoVersions = versions.map((v) => {
    const request = pendingByVersion.get(v.id);
    const s: VersionSensors = sensors.get(v.id) ?? { stale: null, ready: null };
    const { signerCertChain, ...rest } = v;
    return {
      ...rest,
      signerChain: describeCertChain(signerCertChain),
      hoursInState: Math.max(0, (now.getTime() - v.stateChangedAt.getTime()) / HOUR_MS),
      sensors: s,
      pendingRequest: request ? pendingRequestSummary(request) : null,
      history: stateHistory(v, events),
    };
  });
  const earliest = dtoVersions.reduce((min, v) => Math.min(min, v.history[0]?.at.getTime() ?? min), now.getTime());
  const gate = await ctx.db.account.findUnique({ where: { id: ctx.actor.accountId }, select: { blessRequiresEvidence: true } });
  return {
    module: { id: module.id, name: module.name, displayName: module.displayName, category: { slug: module.category.slug, name: module.category.name } },
    // The bless gate (docs/promotion.md) rides with the policy, so the Bless dialog knows to ask for an override.
    policy: { ...describePolicy(policy, now), blessRequiresEvidence: gate?.blessRequiresEvidence ?? false },
    can: pipelineAbilities(ctx.actor),
    now,
    versions: dtoVersions,
    live: live ? { id: live.id, version: live.version } : null,
    rollbackTarget: target ? { id: target.id, version: target.version } : null,
    timeline: { from: new Date(earliest), to: now },
  };
}

export type ModulePipeline = Awaited<ReturnType<typeof modulePipeline>>;

// ---------------------------------------------------------------------------------------------------------
// Fleet board

const BOARD_STATES = ["built", "staging", "blessed", "live"] as const;

export async function fleetBoard(ctx: ServiceContext, input: z.output<typeof fleetBoardInput>) {
  const accountId = ctx.actor.accountId;
  const now = ctx.now();
  await expireDueRequests(ctx.db, now, { accountId });
  const moduleWhere: Prisma.ModuleWhereInput = {
    accountId,
    ...(input.search ? { name: { contains: input.search, mode: "insensitive" } } : {}),
    ...(input.category ? { category: { slug: input.category } } : {}),
  };
  const [modules, categories, policy] = await Promise.all([
    ctx.db.module.findMany({
      where: moduleWhere,
      select: { id: true, name: true, displayName: true, category: { select: { slug: true, name: true, position: true } } },
      orderBy: [{ category: { position: "asc" } }, { name: "asc" }],
    }),
    ctx.db.category.findMany({ where: { accountId }, select: { slug: true, name: true }, orderBy: [{ position: "asc" }, { slug: "asc" }] }),
    loadPolicy(ctx.db, accountId, now),
  ]);
  const moduleIds = modules.map((m) => m.id);
  const [versions, retiredCounts, pending] = await Promise.all([
    ctx.db.moduleVersion.findMany({
      where: { accountId, moduleId: { in: moduleIds }, promotionState: { in: [...BOARD_STATES] } },
      select: { id: true, moduleId: true, version: true, promotionState: true, ociDigest: true, stagingAt: true, previouslyLive: true, stateChangedAt: true, badReason: true, badAt: true },
      orderBy: [{ createdAt: "desc" }, { version: "desc" }],
    }),
    ctx.db.moduleVersion.groupBy({
      by: ["moduleId"],
      where: { accountId, moduleId: { in: moduleIds }, promotionState: "retired" },
      _count: { _all: true },
    }),
    ctx.db.promotionRequest.findMany({
      where: { accountId, status: "pending", moduleVersion: { moduleId: { in: moduleIds } } },
      select: { id: true, moduleVersionId: true, requestedByLabel: true, reason: true, createdAt: true, expiresAt: true, requiredApprovals: true, approvals: { select: { decision: true } } },
    }),
  ]);
  const moduleName = new Map(modules.map((m) => [m.id, m.name]));
  const sensors = await computeSensors(
    ctx.db,
    accountId,
    versions.map((v) => ({ id: v.id, moduleName: moduleName.get(v.moduleId) ?? "", state: v.promotionState, ociDigest: v.ociDigest, stagingAt: v.stagingAt })),
    policy,
    now,
  );
  const pendingByVersion = new Map(pending.map((r) => [r.moduleVersionId, r]));
  const retiredByModule = new Map(retiredCounts.map((r) => [r.moduleId, r._count._all]));
  const versionsByModule = new Map<string, typeof versions>();
  for (const v of versions) {
    const list = versionsByModule.get(v.moduleId);
    if (list) list.push(v);
    else versionsByModule.set(v.moduleId, [v]);
  }

  const rows = modules.map((m) => {
    const columns: Record<(typeof BOARD_STATES)[number], Array<{
      id: string;
      version: string;
      state: PromotionState;
      ociDigest: string;
      previouslyLive: boolean;
      /** Marked bad (docs/rollouts.md): the reason, or null. */
      badReason: string | null;
      hoursInState: number;
      stale: boolean;
      ready: boolean;
      readySummary: string | null;
      pendingRequest: ReturnType<typeof pendingRequestSummary> | null;
    }>> = { built: [], staging: [], blessed: [], live: [] };
    let stale = 0;
    let ready = 0;
    let awaiting = 0;
    for (const v of versionsByModule.get(m.id) ?? []) {
      const s = sensors.get(v.id);
      const request = pendingByVersion.get(v.id);
      const isStale = s?.stale?.stale === true;
      const isReady = s?.ready?.ready === true;
      if (isStale) stale += 1;
      if (isReady) ready += 1;
      if (request) awaiting += 1;
      const column = columns[v.promotionState as (typeof BOARD_STATES)[number]];
      column.push({
        id: v.id,
        version: v.version,
        state: v.promotionState,
        ociDigest: v.ociDigest,
        previouslyLive: v.previouslyLive,
        badReason: v.badAt ? (v.badReason ?? "marked bad") : null,
        hoursInState: Math.max(0, (now.getTime() - v.stateChangedAt.getTime()) / HOUR_MS),
        stale: isStale,
        ready: isReady,
        readySummary: s?.ready?.summary ?? null,
        pendingRequest: request ? pendingRequestSummary(request) : null,
      });
    }
    return {
      module: { id: m.id, name: m.name, displayName: m.displayName, category: { slug: m.category.slug, name: m.category.name } },
      columns,
      retiredCount: retiredByModule.get(m.id) ?? 0,
      attention: { stale, ready, awaiting },
    };
  });
  const summary = {
    modules: rows.length,
    stale: rows.filter((r) => r.attention.stale > 0).length,
    ready: rows.filter((r) => r.attention.ready > 0).length,
    awaiting: rows.filter((r) => r.attention.awaiting > 0).length,
  };
  const filtered = rows.filter((r) => {
    switch (input.attention) {
      case undefined:
        return true;
      case "any":
        return r.attention.stale + r.attention.ready + r.attention.awaiting > 0;
      default:
        return r.attention[input.attention] > 0;
    }
  });
  const start = (input.page - 1) * input.pageSize;
  return {
    now,
    total: filtered.length,
    page: input.page,
    pageSize: input.pageSize,
    rows: filtered.slice(start, start + input.pageSize),
    summary,
    categories,
    stagingStaleHours: policy.stagingStaleHours,
  };
}

export type FleetBoard = Awaited<ReturnType<typeof fleetBoard>>;

// ---------------------------------------------------------------------------------------------------------
// Requests

const DECIDED = ["approved", "rejected", "cancelled", "expired"] as const;

const requestListSelect = {
  id: true,
  status: true,
  reason: true,
  requestedById: true,
  requestedByTokenId: true,
  requestedByLabel: true,
  requiredApprovals: true,
  freezeOverrideReason: true,
  createdAt: true,
  expiresAt: true,
  decidedAt: true,
  decisionNote: true,
  approvals: {
    select: { userId: true, decision: true, comment: true, createdAt: true, user: { select: { email: true, name: true } } },
    orderBy: { createdAt: "asc" },
  },
  moduleVersion: {
    select: {
      id: true,
      version: true,
      promotionState: true,
      ociDigest: true,
      module: { select: { name: true, displayName: true, category: { select: { slug: true, name: true } } } },
    },
  },
} satisfies Prisma.PromotionRequestSelect;

type RequestRow = Prisma.PromotionRequestGetPayload<{ select: typeof requestListSelect }>;

function requestDto(r: RequestRow) {
  return {
    id: r.id,
    status: r.status,
    reason: r.reason,
    requestedByLabel: r.requestedByLabel,
    requiredApprovals: r.requiredApprovals,
    approvals: r.approvals.filter((a) => a.decision === "approve").length,
    freezeOverrideReason: r.freezeOverrideReason,
    createdAt: r.createdAt,
    expiresAt: r.expiresAt,
    decidedAt: r.decidedAt,
    decisionNote: r.decisionNote,
    decisions: r.approvals.map((a) => ({ userEmail: a.user.email, userName: a.user.name, decision: a.decision, comment: a.comment, at: a.createdAt })),
    version: {
      id: r.moduleVersion.id,
      version: r.moduleVersion.version,
      state: r.moduleVersion.promotionState,
      ociDigest: r.moduleVersion.ociDigest,
      moduleName: r.moduleVersion.module.name,
      moduleDisplayName: r.moduleVersion.module.displayName,
      category: r.moduleVersion.module.category,
    },
  };
}

export async function listRequests(ctx: ServiceContext, input: z.output<typeof listRequestsInput>) {
  const accountId = ctx.actor.accountId;
  await expireDueRequests(ctx.db, ctx.now(), { accountId });
  const status: Prisma.PromotionRequestWhereInput["status"] =
    input.status === "all" ? undefined : input.status === "decided" ? { in: [...DECIDED] } : input.status;
  const where: Prisma.PromotionRequestWhereInput = {
    accountId,
    ...(status ? { status } : {}),
    ...(input.module || input.search
      ? {
          moduleVersion: {
            // The exact name wins over the search text when both are given.
            module: input.module ? { name: input.module } : { name: { contains: input.search, mode: "insensitive" as const } },
          },
        }
      : {}),
    ...(input.requester ? { requestedByLabel: { contains: input.requester, mode: "insensitive" } } : {}),
  };
  // The queue shows what expires first on top; history shows the latest decisions first.
  const orderBy: Prisma.PromotionRequestOrderByWithRelationInput[] =
    input.status === "pending" ? [{ expiresAt: "asc" }, { id: "asc" }] : [{ createdAt: "desc" }, { id: "desc" }];
  const [count, rows] = await Promise.all([
    cappedCount((args) => ctx.db.promotionRequest.count({ where, orderBy, ...args })),
    ctx.db.promotionRequest.findMany({ where, select: requestListSelect, orderBy, skip: (input.page - 1) * input.pageSize, take: input.pageSize }),
  ]);
  return { ...count, page: input.page, pageSize: input.pageSize, now: ctx.now(), requests: rows.map(requestDto) };
}

export type RequestListItem = ReturnType<typeof requestDto>;

/** Pending requests that still can be decided (the sidebar badge). */
export async function pendingRequestCount(ctx: ServiceContext) {
  return ctx.db.promotionRequest.count({ where: { accountId: ctx.actor.accountId, status: "pending", expiresAt: { gt: ctx.now() } } });
}

/** A request with everything the request page needs except the blast radius, and what the caller may do. */
export async function getRequest(ctx: ServiceContext, input: z.output<typeof requestIdInput>) {
  const accountId = ctx.actor.accountId;
  const now = ctx.now();
  const exists = await ctx.db.promotionRequest.findFirst({ where: { id: input.requestId, accountId }, select: { id: true } });
  if (!exists) throw new AppError("NOT_FOUND", "Promotion request not found.");
  await expireDueRequests(ctx.db, now, { accountId, requestId: input.requestId });
  const row = await ctx.db.promotionRequest.findUniqueOrThrow({
    where: { id: input.requestId },
    select: {
      ...requestListSelect,
      moduleVersion: {
        select: {
          ...requestListSelect.moduleVersion.select,
          moduleId: true,
          signerIdentity: true,
          signerIssuer: true,
          ociRef: true,
          blessedAt: true,
          badAt: true,
          badReason: true,
          module: {
            select: {
              name: true,
              displayName: true,
              category: { select: { slug: true, name: true, requireApprovalOverride: true, requiredApprovalsOverride: true } },
            },
          },
        },
      },
    },
  });
  const policy = await loadPolicy(ctx.db, accountId, now, row.moduleVersion.module.category);
  const live = await ctx.db.moduleVersion.findFirst({
    where: { moduleId: row.moduleVersion.moduleId, promotionState: "live" },
    select: { id: true, version: true, ociDigest: true, liveAt: true },
  });
  const facts = requestFacts(row);
  const decisions = requestDecisions(row.approvals);
  const actor = ctx.actor;
  const isApprover = actorHas(actor, "versions.approve");
  const asUser = actor.kind === "user" ? actor.userId : null;
  const tokenReason = { allowed: false as const, code: "TOKEN" as const, reason: "Decisions are made by people signed in to the console." };
  const approve = asUser
    ? canDecide({ request: facts, userId: asUser, now, decision: "approve", decisions, isApprover, policy })
    : tokenReason;
  const reject = asUser ? canDecide({ request: facts, userId: asUser, now, decision: "reject", decisions, isApprover }) : tokenReason;
  const requester = isRequester(actor, row);
  const cancellable = facts.status === "pending" && now.getTime() < facts.expiresAt.getTime();
  const cancel =
    !cancellable
      ? { allowed: false as const, reason: facts.status === "pending" ? "This request has expired." : `This request is already ${facts.status}.` }
      : requester || isApprover
        ? { allowed: true as const }
        : { allowed: false as const, reason: "Only the requester or an approver can cancel this request." };
  const base = requestDto(row);
  return {
    ...base,
    now,
    version: {
      ...base.version,
      ociRef: row.moduleVersion.ociRef,
      signerIdentity: row.moduleVersion.signerIdentity,
      signerIssuer: row.moduleVersion.signerIssuer,
      blessedAt: row.moduleVersion.blessedAt,
      badReason: row.moduleVersion.badAt ? (row.moduleVersion.badReason ?? "marked bad") : null,
    },
    live,
    isRequester: requester,
    policy: describePolicy(policy, now),
    can: {
      // A rejection needs the approver role even though canDecide lets the requester withdraw: withdrawing is "cancel".
      approve: approve.allowed ? { allowed: true as const } : { allowed: false as const, reason: approve.reason },
      reject: !isApprover
        ? { allowed: false as const, reason: "Only approvers can reject live promotions. The requester can cancel the request instead." }
        : reject.allowed
          ? { allowed: true as const }
          : { allowed: false as const, reason: reject.reason },
      cancel,
    },
  };
}

export type RequestDetail = Awaited<ReturnType<typeof getRequest>>;

// ---------------------------------------------------------------------------------------------------------
// Versions of a module (REST)

const versionListSelect = { ...pipelineVersionSelect, sbomUri: true, provenanceUri: true, packageList: true } satisfies Prisma.ModuleVersionSelect;
type VersionListRow = Prisma.ModuleVersionGetPayload<{ select: typeof versionListSelect }>;

/** Newest first; the version string (unique per module) breaks ties of one build second. */
const VERSION_KEYS: readonly SortKey<VersionListRow>[] = [
  { field: "createdAt", direction: "desc", value: (row) => row.createdAt },
  { field: "version", direction: "desc", value: (row) => row.version },
];

export async function listModuleVersions(ctx: ServiceContext, input: ListVersionsInput) {
  const module = await ctx.db.module.findUnique({
    where: { accountId_name: { accountId: ctx.actor.accountId, name: input.name } },
    select: { id: true, name: true },
  });
  if (!module) throw new AppError("NOT_FOUND", `Module ${input.name} not found.`);
  const where: Prisma.ModuleVersionWhereInput = { moduleId: module.id, accountId: ctx.actor.accountId };
  const after = input.cursor ? (keysetWhere(VERSION_KEYS, decodeCursor("versions", input.cursor, VERSION_KEYS.length)) as Prisma.ModuleVersionWhereInput) : null;
  const rows = await ctx.db.moduleVersion.findMany({
    where: after ? { AND: [where, after] } : where,
    select: versionListSelect,
    orderBy: keysetOrderBy(VERSION_KEYS) as Prisma.ModuleVersionOrderByWithRelationInput[],
    take: input.limit + 1,
  });
  const page = pageOf(rows, input.limit, "versions", VERSION_KEYS);
  // The file list can hold 200,000 paths: count it in the database instead of shipping it to count.
  const ids = page.rows.map((v) => v.id);
  const counts = ids.length
    ? await ctx.db.$queryRaw<Array<{ id: string; files: number }>>`
        SELECT id, COALESCE(array_length("fileList", 1), 0)::int AS files FROM module_versions WHERE id = ANY(${ids}::text[])`
    : [];
  const files = new Map(counts.map((c) => [c.id, Number(c.files)]));
  return { module: module.name, nextCursor: page.nextCursor, versions: page.rows.map((v) => ({ ...v, fileCount: files.get(v.id) ?? 0 })) };
}
