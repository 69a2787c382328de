import "server-only";
import type { AuditListInput } from "../contracts/audit";
import { actorLabel, actorUserId } from "../auth/actor";
import type { Tx } from "../db/client";
import type { Prisma } from "../db/generated/client";
import type { ServiceContext } from "./context";

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

/** `scope.targetIds` narrows to events about those objects (a module page's activity: the module, its versions…). */
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
  const [total, events] = await Promise.all([
    ctx.db.auditEvent.count({ where }),
    ctx.db.auditEvent.findMany({
      where,
      select: auditSelect,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (input.page - 1) * input.pageSize,
      take: input.pageSize,
    }),
  ]);
  return { total, page: input.page, pageSize: input.pageSize, events };
}

/** Distinct action names, for the audit page's filter. */
export async function listAuditActions(ctx: ServiceContext): Promise<string[]> {
  const rows = await ctx.db.auditEvent.findMany({
    where: { accountId: ctx.actor.accountId },
    distinct: ["action"],
    select: { action: true },
    orderBy: { action: "asc" },
  });
  return rows.map((row) => row.action);
}
