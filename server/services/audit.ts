import "server-only";
import type { AuditListInput } from "../contracts/audit";
import { actorLabel, actorUserId } from "../auth/actor";
import type { Tx } from "../db/client";
import type { Prisma } from "../db/generated/client";
import type { ServiceContext } from "./context";
import { cappedCount, decodeCursor, keysetOrderBy, keysetWhere, pageOf, type SortKey } from "./keyset";

export interface AuditEntry {
  action: string;
  targetType: string;
  targetId?: string | null;
  targetLabel: string;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

function toJson(value: unknown): Prisma.InputJsonValue | undefined {
  if (value === undefined || value === null) return undefined;
  // Dates and other class instances become plain JSON, exactly as an API client would see them.
  return JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;
}

/** `after` with the surface the change came through (docs/mcp.md): merged into an object, or beside any other value. */
function withVia(after: unknown, via: string): unknown {
  if (after === undefined || after === null) return { via };
  if (typeof after === "object" && !Array.isArray(after) && !(after instanceof Date)) return { ...(after as Record<string, unknown>), via };
  return { value: after, via };
}

/**
 * Writes one AuditEvent with the transaction client of the change it records, so the change and its audit
 * commit or roll back together. Every state change in Strata goes through here.
 */
export async function recordAudit(tx: Tx, ctx: ServiceContext, entry: AuditEntry): Promise<void> {
  const actor = ctx.actor;
  await tx.auditEvent.create({
    data: {
      accountId: actor.accountId,
      actorUserId: actor.kind === "user" ? actor.userId : actorUserId(actor),
      actorTokenId: actor.kind === "token" ? actor.tokenId : null,
      actorLabel: actorLabel(actor),
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId ?? null,
      targetLabel: entry.targetLabel,
      before: toJson(entry.before),
      after: toJson(ctx.via ? withVia(entry.after, ctx.via) : entry.after),
      reason: entry.reason ?? null,
      requestId: ctx.requestId ?? null,
      createdAt: ctx.now(),
    },
  });
}


const auditSelect = {
  id: true,
  actorLabel: true,
  action: true,
  targetType: true,
  targetId: true,
  targetLabel: true,
  before: true,
  after: true,
  reason: true,
  requestId: true,
  createdAt: true,
} satisfies Prisma.AuditEventSelect;

type AuditRow = Prisma.AuditEventGetPayload<{ select: typeof auditSelect }>;

/** Newest first; the id breaks ties between events of the same millisecond (index audit_events_account_created_id). */
const AUDIT_KEYS: readonly SortKey<AuditRow>[] = [
  { field: "createdAt", direction: "desc", value: (row) => row.createdAt },
  { field: "id", direction: "desc", value: (row) => row.id },
];

/**
 * `scope.targetIds` narrows to events about those objects (a module page's activity: the module, its versions…).
 * With `cursor`, the page starts after it (keyset); without, `page` is an offset as before. `total` is exact up to
 * COUNT_CAP and `totalCapped` says when there are more (docs/performance.md).
 */
export async function listAuditEvents(ctx: ServiceContext, input: AuditListInput, scope: { targetIds?: readonly string[] } = {}) {
  const where: Prisma.AuditEventWhereInput = {
    accountId: ctx.actor.accountId,
    ...(scope.targetIds ? { targetId: { in: [...scope.targetIds] } } : {}),
    ...(input.actor ? { actorLabel: { contains: input.actor, mode: "insensitive" } } : {}),
    ...(input.action ? { action: { startsWith: input.action } } : {}),
    ...(input.targetType ? { targetType: input.targetType } : {}),
    ...(input.target
      ? { OR: [{ targetLabel: { contains: input.target, mode: "insensitive" } }, { targetId: input.target }] }
      : {}),
    ...(input.from || input.to
      ? { createdAt: { ...(input.from ? { gte: input.from } : {}), ...(input.to ? { lte: input.to } : {}) } }
      : {}),
  };
  const sort = input.archived ? "audit-archive" : "audit";
  const after = input.cursor ? (keysetWhere(AUDIT_KEYS, decodeCursor(sort, input.cursor, AUDIT_KEYS.length)) as Prisma.AuditEventWhereInput) : null;
  const query = {
    where: after ? { AND: [where, after] } : where,
    select: auditSelect,
    orderBy: keysetOrderBy(AUDIT_KEYS) as Prisma.AuditEventOrderByWithRelationInput[],
    ...(after ? {} : { skip: (input.page - 1) * input.pageSize }),
    take: input.pageSize + 1,
  };
  // The archive has the same columns and filters (no relations are filtered on), so one `where` serves both.
  const archiveWhere = where as Prisma.ArchivedAuditEventWhereInput;
  const archiveQuery = query as Omit<typeof query, "where" | "orderBy"> & { where: Prisma.ArchivedAuditEventWhereInput; orderBy: Prisma.ArchivedAuditEventOrderByWithRelationInput[] };
  const [count, rows] = await Promise.all([
    input.archived
      ? cappedCount((args) => ctx.db.archivedAuditEvent.count({ where: archiveWhere, orderBy: archiveQuery.orderBy, ...args }))
      : cappedCount((args) => ctx.db.auditEvent.count({ where, orderBy: query.orderBy, ...args })),
    input.archived ? ctx.db.archivedAuditEvent.findMany(archiveQuery) : ctx.db.auditEvent.findMany(query),
  ]);
  const { rows: events, nextCursor } = pageOf(rows, input.pageSize, sort, AUDIT_KEYS);
  return { ...count, page: input.page, pageSize: input.pageSize, nextCursor, events };
}

/**
 * Distinct action names, for the audit page's filter. A loose index scan (one index probe per distinct action on
 * audit_events (accountId, action, createdAt)) instead of DISTINCT over every event: a few dozen probes, not a
 * scan of millions of rows.
 */
export async function listAuditActions(ctx: ServiceContext): Promise<string[]> {
  const rows = await ctx.db.$queryRaw<{ action: string }[]>`
    WITH RECURSIVE actions AS (
      SELECT min(action) AS action FROM audit_events WHERE "accountId" = ${ctx.actor.accountId}
      UNION ALL
      SELECT (SELECT min(e.action) FROM audit_events e WHERE e."accountId" = ${ctx.actor.accountId} AND e.action > actions.action)
      FROM actions WHERE actions.action IS NOT NULL
    )
    SELECT action FROM actions WHERE action IS NOT NULL`;
  return rows.map((row) => row.action);
}
