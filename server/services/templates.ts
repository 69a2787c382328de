/**
 * Templates and their module assignments (docs/templates.md).
 *
 * Every change is ONE transaction that first locks the template row (an UPDATE of its updatedAt), so changes
 * to one template serialize and each sees the previous one; then it composes the template before and after the
 * change. A change that introduces composition errors — errors that were not there before and are not already
 * accepted — is refused unless it carries an `overrideReason`; with one, the errors are accepted on the template
 * (reason, who, when, which error keys) and the reason is written to the change's audit event. A composition
 * without errors clears the acceptance. See docs/templates.md.
 */
import "server-only";
import type { z } from "zod";
import { actorLabel } from "../auth/actor";
import type { Tx } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { deriveEffectivePriority, healthOf, issueToExternal, manifestFacts, type CompositionIssue, type TemplateHealth } from "../domain/composition";
import { AppError } from "../errors";
import type { ServiceContext } from "./context";
import { recordAudit, type AuditEntry } from "./audit";
import { templateHealths } from "./composition";
import { composeTemplate } from "./composition-compose";
import { CatalogLoader, requirePinnableVersion, templateSelect, type TemplateRow } from "./composition-load";
import type {
  acceptErrorsInput,
  assignModuleInput,
  catalogInput,
  createTemplateInput,
  deleteTemplateInput,
  listTemplatesInput,
  unassignModuleInput,
  updateAssignmentInput,
  updateTemplateInput,
} from "../contracts/templates";
import { runInTransaction, type TransactionOptions } from "./transaction";
import { bumpTemplateRevision } from "./fleet-revisions";
import { plural } from "../domain/plural";


/** Interactive transactions that compose a large template need more than Prisma's 5 s default. */

function accountOf(ctx: ServiceContext) {
  return { accountId: ctx.actor.accountId, slug: ctx.actor.accountSlug };
}

function overrideOf(t: TemplateRow) {
  return t.overrideReason ? { reason: t.overrideReason, at: t.overrideAt, by: t.overrideBy, acceptedErrorKeys: t.overrideErrorKeys } : null;
}

// ---------------------------------------------------------------------------------------------------------
// Reads

export interface TemplateListRow {
  id: string;
  name: string;
  description: string;
  createdAt: Date;
  updatedAt: Date;
  moduleCount: number;
  enabledModuleCount: number;
  instanceCount: number;
  /** Null when the caller asked for names and counts only (`health: false`). */
  health: TemplateHealth | null;
  override: ReturnType<typeof overrideOf>;
}

export interface TemplateListPage {
  templates: TemplateListRow[];
  total: number;
  page: number;
  pageSize: number;
}

const HEALTH_RANK = { clean: 0, warnings: 1, errors: 2 } as const;

function healthKey(h: TemplateHealth): number {
  return HEALTH_RANK[h.status] * 1e9 + h.errors * 1e6 + h.warnings * 1e3 + h.conflicts;
}

/**
 * One page of templates with module and instance counts and a health badge computed from the current composition
 * (on read, cached per composition fingerprint, so it is never stale after a promotion elsewhere). Only the page's
 * templates are composed, except for the health sort, which needs every matching template's health
 * (docs/performance.md, Templates list).
 */
export async function listTemplates(ctx: ServiceContext, input: z.output<typeof listTemplatesInput>): Promise<TemplateListPage> {
  const search = input.search?.trim();
  const where: Prisma.TemplateWhereInput = {
    accountId: ctx.actor.accountId,
    ...(search ? { OR: [{ name: { contains: search, mode: "insensitive" } }, { description: { contains: search, mode: "insensitive" } }] } : {}),
  };
  const dir = input.dir;
  const skip = (input.page - 1) * input.pageSize;
  let pageIds: string[];
  let total: number;
  let healths = new Map<string, TemplateHealth>();
  if (input.sort === "health") {
    // Every matching template's health decides the order: composed (or read from the issues cache) for all of them.
    const all = await ctx.db.template.findMany({ where, select: { id: true, name: true, overrideReason: true, overrideErrorKeys: true } });
    healths = await templateHealths(ctx.db, accountOf(ctx), all.map((t) => ({ id: t.id, overrideErrorKeys: t.overrideReason ? t.overrideErrorKeys : [] })));
    const sign = dir === "desc" ? -1 : 1;
    all.sort((a, b) => (healthKey(healths.get(a.id)!) - healthKey(healths.get(b.id)!) || (a.name < b.name ? -1 : 1)) * sign);
    total = all.length;
    pageIds = all.slice(skip, skip + input.pageSize).map((t) => t.id);
  } else {
    const orderBy: Prisma.TemplateOrderByWithRelationInput[] = [
      input.sort === "updated"
        ? { updatedAt: dir }
        : input.sort === "modules"
          ? { assignments: { _count: dir } }
          : input.sort === "instances"
            ? { instances: { _count: dir } }
            : { name: dir },
      { name: dir },
    ];
    const [count, rows] = await Promise.all([
      ctx.db.template.count({ where }),
      ctx.db.template.findMany({ where, select: { id: true }, orderBy, skip, take: input.pageSize }),
    ]);
    total = count;
    pageIds = rows.map((r) => r.id);
  }
  const templates = await ctx.db.template.findMany({
    where: { id: { in: pageIds }, accountId: ctx.actor.accountId },
    select: {
      ...templateSelect,
      _count: { select: { instances: true, assignments: { where: { enabled: true } } } },
    },
  });
  const [totals, pageHealths] = await Promise.all([
    ctx.db.templateModule.groupBy({ by: ["templateId"], where: { templateId: { in: pageIds }, accountId: ctx.actor.accountId }, _count: { _all: true } }),
    input.health && input.sort !== "health"
      ? templateHealths(ctx.db, accountOf(ctx), templates.map((t) => ({ id: t.id, overrideErrorKeys: t.overrideReason ? t.overrideErrorKeys : [] })))
      : Promise.resolve(healths),
  ]);
  const moduleCounts = new Map(totals.map((t) => [t.templateId, t._count._all]));
  const byId = new Map(templates.map((t) => [t.id, t]));
  const rows = pageIds.flatMap((id): TemplateListRow[] => {
    const t = byId.get(id);
    if (!t) return []; // deleted between the two reads
    return [
      {
        id: t.id,
        name: t.name,
        description: t.description,
        createdAt: t.createdAt,
        updatedAt: t.updatedAt,
        moduleCount: moduleCounts.get(t.id) ?? 0,
        enabledModuleCount: t._count.assignments,
        instanceCount: t._count.instances,
        health: input.health ? (pageHealths.get(t.id) ?? null) : null,
        override: overrideOf(t),
      },
    ];
  });
  return { templates: rows, total, page: input.page, pageSize: input.pageSize };
}

/** A template with its assignments as the editor needs them (registration, versions a pin may name, metadata). */
export async function getTemplate(ctx: ServiceContext, templateId: string) {
  const accountId = ctx.actor.accountId;
  const template = await ctx.db.template.findFirst({
    where: { id: templateId, accountId },
    select: { ...templateSelect, _count: { select: { instances: true } } },
  });
  if (!template) throw new AppError("NOT_FOUND", "Template not found.");
  const [assignments, composed] = await Promise.all([
    ctx.db.templateModule.findMany({
      where: { templateId, accountId },
      select: {
        id: true,
        moduleId: true,
        enabled: true,
        effectivePriorityOverride: true,
        metadata: true,
        revision: true,
        createdAt: true,
        updatedAt: true,
        pinnedVersion: { select: { version: true, promotionState: true } },
      },
      orderBy: { createdAt: "asc" },
    }),
    composeTemplate(ctx.db, accountOf(ctx), templateId),
  ]);
  // The composition's catalog holds every assigned module.
  const catalog = composed.catalog;
  return {
    id: template.id,
    health: healthOf(composed.composition.result, template.overrideReason ? template.overrideErrorKeys : []),
    name: template.name,
    description: template.description,
    createdAt: template.createdAt,
    updatedAt: template.updatedAt,
    instanceCount: template._count.instances,
    override: overrideOf(template),
    assignments: assignments.flatMap((a) => {
      const m = catalog.byId.get(a.moduleId);
      if (!m) return [];
      const derivation = deriveEffectivePriority({
        categorySlug: m.categorySlug,
        categoryPosition: catalog.categories[m.categorySlug],
        variety: m.variety,
        priority: m.priority,
        override: a.effectivePriorityOverride,
      });
      return [
        {
          id: a.id,
          revision: a.revision,
          enabled: a.enabled,
          effectivePriorityOverride: a.effectivePriorityOverride,
          effectivePriority: derivation.effective,
          derivation,
          pinnedVersion: a.pinnedVersion ? { version: a.pinnedVersion.version, state: a.pinnedVersion.promotionState } : null,
          metadata: (a.metadata ?? {}) as Record<string, unknown>,
          createdAt: a.createdAt,
          updatedAt: a.updatedAt,
          module: {
            name: m.name,
            displayName: m.displayName,
            category: m.categorySlug,
            categoryName: m.categoryName,
            variety: m.variety,
            priority: m.priority,
            parentModule: m.parentModule,
            liveVersion: m.live?.version ?? null,
            pinnable: m.deliverable.map((v) => ({ version: v.version, state: v.state, previouslyLive: v.previouslyLive })),
          },
        },
      ];
    }),
  };
}

/** Registered modules for the editor's "add module" search; `assigned` tells which are already in the template. */
export async function searchCatalog(ctx: ServiceContext, input: z.output<typeof catalogInput>) {
  const accountId = ctx.actor.accountId;
  let assigned = new Set<string>();
  if (input.templateId) {
    const template = await ctx.db.template.findFirst({ where: { id: input.templateId, accountId }, select: { id: true } });
    if (!template) throw new AppError("NOT_FOUND", "Template not found.");
    const rows = await ctx.db.templateModule.findMany({ where: { templateId: template.id, accountId }, select: { moduleId: true } });
    assigned = new Set(rows.map((r) => r.moduleId));
  }
  // Exact and prefix matches of the name first, then the rest by name: two indexed reads of at most `limit` rows
  // each, not the whole catalog (docs/performance.md, Scoped catalogs).
  const q = input.search?.toLowerCase() ?? "";
  const textMatch: Prisma.ModuleWhereInput = q
    ? { OR: [{ name: { contains: q } }, { displayName: { contains: q, mode: "insensitive" } }, { description: { contains: q, mode: "insensitive" } }] }
    : {};
  const [ahead, rest, total] = await Promise.all([
    q ? ctx.db.module.findMany({ where: { accountId, name: { startsWith: q } }, select: { id: true, name: true }, orderBy: { name: "asc" }, take: input.limit }) : Promise.resolve([]),
    ctx.db.module.findMany({ where: { accountId, ...textMatch, ...(q ? { NOT: { name: { startsWith: q } } } : {}) }, select: { id: true, name: true }, orderBy: { name: "asc" }, take: input.limit }),
    ctx.db.module.count({ where: { accountId, ...textMatch } }),
  ]);
  const rank = (name: string) => (name === q ? 0 : 1);
  const chosen = [...ahead.sort((a, b) => rank(a.name) - rank(b.name) || (a.name < b.name ? -1 : 1)), ...rest].slice(0, input.limit);
  const loader = new CatalogLoader(ctx.db, accountId, ctx.actor.accountSlug);
  await loader.loadIds(chosen.map((m) => m.id));
  const catalog = await loader.catalogOf(chosen.map((m) => loader.byId(m.id)));
  const page = chosen.flatMap((m) => {
    const row = catalog.byId.get(m.id);
    return row ? [row] : [];
  });
  const liveIds = page.flatMap((m) => (m.live ? [m.live.id] : []));
  const manifests = liveIds.length
    ? await ctx.db.moduleVersion.findMany({ where: { id: { in: liveIds } }, select: { id: true, manifestYaml: true } })
    : [];
  const provides = new Map(manifests.map((v) => [v.id, manifestFacts(v.manifestYaml).provides]));
  return {
    total,
    modules: page.map((m) => {
      const derivation = deriveEffectivePriority({ categorySlug: m.categorySlug, categoryPosition: catalog.categories[m.categorySlug], variety: m.variety, priority: m.priority });
      return {
        name: m.name,
        displayName: m.displayName,
        description: m.description,
        category: m.categorySlug,
        variety: m.variety,
        parentModule: m.parentModule,
        effectivePriority: derivation.effective,
        liveVersion: m.live?.version ?? null,
        deliverableVersions: m.deliverable.map((v) => v.version),
        provides: m.live ? (provides.get(m.live.id) ?? []) : [],
        assigned: assigned.has(m.id),
      };
    }),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Template CRUD

const nameTaken = (name: string | undefined) => () =>
  new AppError("CONFLICT", `A template named ${name} already exists.`, { fieldErrors: { name: "This name is taken" } });

export async function createTemplate(ctx: ServiceContext, input: z.input<typeof createTemplateInput>) {
  return await runInTransaction(ctx, async (tx) => {
    const template = await tx.template.create({
      data: { accountId: ctx.actor.accountId, name: input.name, description: input.description ?? "", createdAt: ctx.now(), updatedAt: ctx.now() },
      select: { id: true, name: true },
    });
    await recordAudit(tx, ctx, {
      action: "template.created",
      targetType: "template",
      targetId: template.id,
      targetLabel: template.name,
      after: { name: template.name, description: input.description ?? "" },
    });
    return template;
  }, { uniqueViolation: nameTaken(input.name) });
}

export async function updateTemplate(ctx: ServiceContext, input: z.output<typeof updateTemplateInput>) {
  return await runInTransaction(ctx, async (tx) => {
    const before = await tx.template.findFirst({ where: { id: input.templateId, accountId: ctx.actor.accountId }, select: { id: true, name: true, description: true } });
    if (!before) throw new AppError("NOT_FOUND", "Template not found.");
    const data = { ...(input.name !== undefined ? { name: input.name } : {}), ...(input.description !== undefined ? { description: input.description } : {}) };
    // The name is part of what agents receive (docs/fleet.md), so a rename is a new desired-state revision.
    const renamed = input.name !== undefined && input.name !== before.name;
    const after = await tx.template.update({
      where: { id: before.id },
      data: { ...data, updatedAt: ctx.now(), ...(renamed ? { desiredRevision: { increment: 1 } } : {}) },
      select: { id: true, name: true, description: true, updatedAt: true },
    });
    await recordAudit(tx, ctx, {
      action: "template.updated",
      targetType: "template",
      targetId: after.id,
      targetLabel: after.name,
      before: { name: before.name, description: before.description },
      after: { name: after.name, description: after.description },
    });
    return after;
  }, { uniqueViolation: nameTaken(input.name) });
}

/**
 * Deleting a template that nodes are built from would leave them without a desired state, so it is refused
 * (CONFLICT) while any instance uses it: move or retire those instances first.
 */
export async function deleteTemplate(ctx: ServiceContext, input: z.output<typeof deleteTemplateInput>) {
  return runInTransaction(ctx, async (tx) => {
    const template = await tx.template.findFirst({
      where: { id: input.templateId, accountId: ctx.actor.accountId },
      select: { id: true, name: true, _count: { select: { instances: true } }, assignments: { select: { module: { select: { name: true } } } } },
    });
    if (!template) throw new AppError("NOT_FOUND", "Template not found.");
    const instances = template._count.instances;
    if (instances > 0) {
      throw new AppError("CONFLICT", `${template.name} is used by ${plural(instances, "instance")}; move them to another template first.`, {
        details: { instanceCount: instances },
      });
    }
    // Guarded by the instance count read above: a node registered meanwhile makes the delete match nothing.
    const deleted = await tx.template.deleteMany({ where: { id: template.id, instances: { none: {} } } });
    if (deleted.count !== 1) throw new AppError("CONFLICT", `${template.name} gained an instance meanwhile; reload and try again.`);
    await recordAudit(tx, ctx, {
      action: "template.deleted",
      targetType: "template",
      targetId: template.id,
      targetLabel: template.name,
      before: { modules: template.assignments.map((a) => a.module.name).sort() },
      reason: input.reason || null,
    });
    return { id: template.id, name: template.name };
  });
}

// ---------------------------------------------------------------------------------------------------------
// The composition gate

interface GateOutcome {
  errors: number;
  warnings: number;
  conflicts: number;
  /** Errors this change introduced (not there before, not accepted before). */
  newErrors: Array<{ code: string; message: string }>;
  accepted: boolean;
}

function summarize(issues: readonly CompositionIssue[]) {
  return issues.map((i) => ({ code: i.code, message: i.message }));
}

/**
 * Runs a template change inside one transaction with the composition gate around it. `change` performs the
 * write and describes its audit event; the gate adds the composition outcome to it and the override reason.
 */
async function gatedChange<T>(
  ctx: ServiceContext,
  templateId: string,
  overrideReason: string | undefined,
  change: (tx: Tx, template: { id: string; name: string }) => Promise<{ value: T; audit: Omit<AuditEntry, "reason" | "targetType" | "targetId" | "targetLabel"> }>,
  options: TransactionOptions = {},
): Promise<T & { composition: GateOutcome }> {
  const account = accountOf(ctx);
  return await runInTransaction(ctx, async (tx) => {
    const now = ctx.now();
    // Lock the template row first: concurrent changes to one template queue here and each composes the result
    // of the previous one (READ COMMITTED reads after the lock see it).
    const locked = await tx.template.updateMany({ where: { id: templateId, accountId: account.accountId }, data: { updatedAt: now } });
    if (locked.count !== 1) throw new AppError("NOT_FOUND", "Template not found.");
    const before = await composeTemplate(tx, account, templateId);
    const template = before.template;
    const { value, audit } = await change(tx, { id: template.id, name: template.name });
    const after = await composeTemplate(tx, account, templateId);
    const result = after.composition.result;
    const previously = new Set([...before.composition.result.errors.map((e) => e.key), ...(template.overrideReason ? template.overrideErrorKeys : [])]);
    const introduced = result.errors.filter((e) => !previously.has(e.key));
    if (introduced.length > 0 && !overrideReason) {
      const n = introduced.length;
      throw new AppError(
        "UNPROCESSABLE",
        `This change introduces ${plural(n, "composition error")}: ${introduced.map((e) => e.message).join(" ")} Give an override reason to save it anyway.`,
        { fieldErrors: { overrideReason: "Required: the change introduces composition errors" }, details: { reason: "COMPOSITION_ERRORS", errors: introduced.map(issueToExternal) } },
      );
    }
    let acceptedKeys = template.overrideReason ? template.overrideErrorKeys : [];
    let overrideData: Prisma.TemplateUpdateInput | null = null;
    if (result.errors.length === 0) {
      if (template.overrideReason) overrideData = { overrideReason: null, overrideErrorKeys: [], overrideAt: null, overrideBy: null };
      acceptedKeys = [];
    } else if (overrideReason) {
      acceptedKeys = result.errors.map((e) => e.key);
      overrideData = { overrideReason, overrideErrorKeys: acceptedKeys, overrideAt: now, overrideBy: actorLabel(ctx.actor) };
    } else if (template.overrideReason) {
      // Forget accepted errors that are gone: should one come back, it needs a new reason.
      const current = new Set(result.errors.map((e) => e.key));
      const kept = template.overrideErrorKeys.filter((k) => current.has(k));
      if (kept.length !== template.overrideErrorKeys.length) {
        acceptedKeys = kept;
        overrideData = kept.length ? { overrideErrorKeys: kept } : { overrideReason: null, overrideErrorKeys: [], overrideAt: null, overrideBy: null };
      }
    }
    if (overrideData) await tx.template.update({ where: { id: template.id }, data: overrideData });
    const health = healthOf(result, acceptedKeys);
    const outcome: GateOutcome = {
      errors: health.errors,
      warnings: health.warnings,
      conflicts: health.conflicts,
      newErrors: summarize(introduced),
      accepted: health.accepted,
    };
    await recordAudit(tx, ctx, {
      ...audit,
      targetType: "template",
      targetId: template.id,
      targetLabel: template.name,
      after: { ...(audit.after as Record<string, unknown> | undefined), composition: outcome },
      reason: overrideReason ?? null,
    });
    // Every gated change edits an assignment: what this template's nodes should run may differ now.
    await bumpTemplateRevision(tx, template.id);
    return { ...value, composition: outcome };
  }, options);
}

/** Assigns a module to a template; a pinned version must be blessed or live (node agents get nothing else). */
export async function assignModule(ctx: ServiceContext, input: z.output<typeof assignModuleInput>) {
  const accountId = ctx.actor.accountId;
  // The unique (template, module) index catches a concurrent assignment of the same module.
  return await gatedChange(ctx, input.templateId, input.overrideReason, async (tx, template) => {
    const module = await tx.module.findUnique({ where: { accountId_name: { accountId, name: input.moduleName } }, select: { id: true, name: true } });
    if (!module) throw new AppError("NOT_FOUND", `Module ${input.moduleName} not found.`, { fieldErrors: { moduleName: "Unknown module" } });
    const existing = await tx.templateModule.findFirst({ where: { templateId: template.id, moduleId: module.id }, select: { id: true } });
    if (existing) throw new AppError("CONFLICT", `${module.name} is already assigned to this template.`, { fieldErrors: { moduleName: "Already assigned" } });
    const pinned = input.pinnedVersion ? await requirePinnableVersion(tx, accountId, module, input.pinnedVersion) : null;
    const assignment = await tx.templateModule.create({
      data: {
        accountId,
        templateId: template.id,
        moduleId: module.id,
        enabled: input.enabled,
        effectivePriorityOverride: input.effectivePriorityOverride ?? null,
        pinnedVersionId: pinned?.id ?? null,
        metadata: input.metadata as Prisma.InputJsonValue,
        createdAt: ctx.now(),
        updatedAt: ctx.now(),
      },
      select: { id: true, revision: true },
    });
    return {
      value: { id: assignment.id, revision: assignment.revision, moduleName: module.name },
      audit: {
        action: "template.module_assigned",
        after: {
          module: module.name,
          enabled: input.enabled,
          effectivePriorityOverride: input.effectivePriorityOverride ?? null,
          pinnedVersion: pinned?.version ?? null,
          metadataKeys: Object.keys(input.metadata),
        },
      },
    };
  }, { uniqueViolation: () => new AppError("CONFLICT", `${input.moduleName} is already assigned to this template.`, { fieldErrors: { moduleName: "Already assigned" } }) });
}

async function findAssignment(ctx: ServiceContext, assignmentId: string) {
  const assignment = await ctx.db.templateModule.findFirst({ where: { id: assignmentId, accountId: ctx.actor.accountId }, select: { id: true, templateId: true } });
  if (!assignment) throw new AppError("NOT_FOUND", "Assignment not found.");
  return assignment;
}

function stale(revision: number | undefined): AppError {
  return new AppError("CONFLICT", "This assignment was changed by someone else meanwhile; reload to see their change, then try again.", {
    details: { reason: "STALE_REVISION", currentRevision: revision ?? null },
  });
}

/**
 * Updates one assignment. Only the given fields are written, in one UPDATE that also increments `revision`; with
 * `expectedRevision` the UPDATE is a compare-and-set and a stale writer gets CONFLICT (nothing is written).
 */
export async function updateAssignment(ctx: ServiceContext, input: z.output<typeof updateAssignmentInput>) {
  const accountId = ctx.actor.accountId;
  const { templateId } = await findAssignment(ctx, input.assignmentId);
  return gatedChange(ctx, templateId, input.overrideReason, async (tx) => {
    const current = await tx.templateModule.findFirst({
      where: { id: input.assignmentId, accountId },
      select: {
        id: true,
        revision: true,
        enabled: true,
        effectivePriorityOverride: true,
        metadata: true,
        module: { select: { id: true, name: true } },
        pinnedVersion: { select: { version: true } },
      },
    });
    if (!current) throw new AppError("NOT_FOUND", "Assignment not found.");
    if (input.expectedRevision !== undefined && input.expectedRevision !== current.revision) throw stale(current.revision);
    const data: Prisma.TemplateModuleUncheckedUpdateManyInput = { revision: { increment: 1 }, updatedAt: ctx.now() };
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    if (input.enabled !== undefined) {
      data.enabled = input.enabled;
      before.enabled = current.enabled;
      after.enabled = input.enabled;
    }
    if (input.effectivePriorityOverride !== undefined) {
      data.effectivePriorityOverride = input.effectivePriorityOverride;
      before.effectivePriorityOverride = current.effectivePriorityOverride;
      after.effectivePriorityOverride = input.effectivePriorityOverride;
    }
    if (input.pinnedVersion !== undefined) {
      const pinned = input.pinnedVersion === null ? null : await requirePinnableVersion(tx, accountId, current.module, input.pinnedVersion);
      data.pinnedVersionId = pinned?.id ?? null;
      before.pinnedVersion = current.pinnedVersion?.version ?? null;
      after.pinnedVersion = pinned?.version ?? null;
    }
    if (input.metadata !== undefined) {
      data.metadata = input.metadata as Prisma.InputJsonValue;
      before.metadata = current.metadata;
      after.metadata = input.metadata;
    }
    const updated = await tx.templateModule.updateMany({
      where: { id: current.id, accountId, ...(input.expectedRevision !== undefined ? { revision: input.expectedRevision } : {}) },
      data,
    });
    if (updated.count !== 1) throw stale(undefined);
    return {
      value: { id: current.id, revision: current.revision + 1, moduleName: current.module.name },
      audit: { action: "template.assignment_updated", before: { module: current.module.name, ...before }, after: { module: current.module.name, ...after } },
    };
  });
}

export async function unassignModule(ctx: ServiceContext, input: z.output<typeof unassignModuleInput>) {
  const accountId = ctx.actor.accountId;
  const { templateId } = await findAssignment(ctx, input.assignmentId);
  return gatedChange(ctx, templateId, input.overrideReason, async (tx) => {
    const current = await tx.templateModule.findFirst({
      where: { id: input.assignmentId, accountId },
      select: { id: true, revision: true, enabled: true, effectivePriorityOverride: true, module: { select: { name: true } }, pinnedVersion: { select: { version: true } } },
    });
    if (!current) throw new AppError("NOT_FOUND", "Assignment not found.");
    if (input.expectedRevision !== undefined && input.expectedRevision !== current.revision) throw stale(current.revision);
    const deleted = await tx.templateModule.deleteMany({
      where: { id: current.id, accountId, ...(input.expectedRevision !== undefined ? { revision: input.expectedRevision } : {}) },
    });
    if (deleted.count !== 1) throw stale(undefined);
    return {
      value: { id: current.id, moduleName: current.module.name },
      audit: {
        action: "template.module_unassigned",
        before: { module: current.module.name, enabled: current.enabled, effectivePriorityOverride: current.effectivePriorityOverride, pinnedVersion: current.pinnedVersion?.version ?? null },
      },
    };
  });
}

/**
 * Accepts the template's current composition errors with a reason (docs/templates.md), e.g. after a promotion elsewhere
 * broke a dependency and the operator decides the fleet may keep running this template meanwhile.
 */
export async function acceptErrors(ctx: ServiceContext, input: z.output<typeof acceptErrorsInput>) {
  const account = accountOf(ctx);
  return runInTransaction(ctx, async (tx) => {
    const locked = await tx.template.updateMany({ where: { id: input.templateId, accountId: account.accountId }, data: { updatedAt: ctx.now() } });
    if (locked.count !== 1) throw new AppError("NOT_FOUND", "Template not found.");
    const { template, composition } = await composeTemplate(tx, account, input.templateId);
    const errors = composition.result.errors;
    if (errors.length === 0) throw new AppError("UNPROCESSABLE", `${template.name} has no composition errors to accept.`);
    const keys = errors.map((e) => e.key);
    const now = ctx.now();
    await tx.template.update({
      where: { id: template.id },
      data: { overrideReason: input.reason, overrideErrorKeys: keys, overrideAt: now, overrideBy: actorLabel(ctx.actor) },
    });
    await recordAudit(tx, ctx, {
      action: "template.errors_accepted",
      targetType: "template",
      targetId: template.id,
      targetLabel: template.name,
      before: template.overrideReason ? { reason: template.overrideReason, errors: template.overrideErrorKeys.length } : null,
      after: { errors: summarize(errors) },
      reason: input.reason,
    });
    return { id: template.id, acceptedErrors: keys.length, health: healthOf(composition.result, keys) };
  });
}
