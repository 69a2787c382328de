/**
 * What a change would touch on the fleet, in a few lines: the templates it changes and how many nodes run them.
 * Asked before an assistant changes what the fleet runs (docs/mcp.md, Confirmation); the approvals page's full
 * blast radius (files, packages, compositions) is `blastRadius` in promotion-blast-radius.ts, which follows the
 * same rule for which assignments follow a module's live version (`resolvePin`).
 */
import "server-only";
import { resolvePin } from "../domain/composition/pins";
import { isDeliverableState, type PromotionState } from "../domain/promotion/states";
import { AppError } from "../errors";
import type { ServiceContext } from "./context";

export interface ImpactTemplate {
  templateId: string;
  templateName: string;
  /** Nodes (not decommissioned) that run the template. */
  instanceCount: number;
  /** Whether the change alters what these nodes run. */
  affected: boolean;
  why: string;
}

export interface FleetImpact {
  summary: string;
  templates: ImpactTemplate[];
  /** Nodes whose desired state the change alters. */
  affectedInstances: number;
}

/** At most this many templates are listed; the counts cover them all. */
const MAX_LISTED_TEMPLATES = 50;

async function instanceCounts(ctx: ServiceContext, templateIds: readonly string[]): Promise<Map<string, number>> {
  if (templateIds.length === 0) return new Map();
  const rows = await ctx.db.nodeInstance.groupBy({
    by: ["templateId"],
    where: { accountId: ctx.actor.accountId, decommissionedAt: null, templateId: { in: [...templateIds] } },
    _count: { _all: true },
  });
  return new Map(rows.map((r) => [r.templateId ?? "", r._count._all]));
}

function summarize(what: string, templates: readonly ImpactTemplate[]): FleetImpact {
  const affected = templates.filter((t) => t.affected);
  const affectedInstances = affected.reduce((sum, t) => sum + t.instanceCount, 0);
  const names = affected.slice(0, 5).map((t) => `${t.templateName} (${t.instanceCount} node${t.instanceCount === 1 ? "" : "s"})`);
  const more = affected.length > names.length ? ` and ${affected.length - names.length} more` : "";
  const summary =
    affected.length === 0
      ? `${what}: no node's desired state changes${templates.length ? ` (${templates.map((t) => `${t.templateName}: ${t.why}`).slice(0, 5).join(" ")})` : ""}.`
      : `${what}: changes ${affected.length} template${affected.length === 1 ? "" : "s"} — ${names.join(", ")}${more} — ${affectedInstances} node${affectedInstances === 1 ? "" : "s"} in all.`;
  return { summary, templates: templates.slice(0, MAX_LISTED_TEMPLATES), affectedInstances };
}

/** The templates that deploy a module's live version (enabled, not pinned to a deliverable version) and their nodes. */
export async function moduleImpact(ctx: ServiceContext, moduleName: string, what = `Changing ${moduleName}`): Promise<FleetImpact> {
  const accountId = ctx.actor.accountId;
  const module = await ctx.db.module.findFirst({ where: { accountId, name: moduleName }, select: { id: true } });
  if (!module) throw new AppError("NOT_FOUND", `Module ${moduleName} not found.`);
  const live = await ctx.db.moduleVersion.findFirst({ where: { moduleId: module.id, promotionState: "live" }, select: { version: true } });
  const assignments = await ctx.db.templateModule.findMany({
    where: { accountId, moduleId: module.id },
    select: { enabled: true, template: { select: { id: true, name: true } }, pinnedVersion: { select: { version: true, promotionState: true } } },
    orderBy: { template: { name: "asc" } },
  });
  const counts = await instanceCounts(ctx, assignments.map((a) => a.template.id));
  const templates = assignments.map((a): ImpactTemplate => {
    const pin = a.pinnedVersion;
    const resolved = resolvePin(pin && { ...pin, state: pin.promotionState }, live);
    const affected = a.enabled && resolved.source !== "pinned";
    return {
      templateId: a.template.id,
      templateName: a.template.name,
      instanceCount: counts.get(a.template.id) ?? 0,
      affected,
      why: !a.enabled ? "The assignment is disabled." : affected ? "Follows the live version." : `Pinned to ${pin?.version ?? "?"}: keeps it.`,
    };
  });
  return summarize(what, templates);
}

/**
 * Moving a version to `target`: going live, or leaving live, changes every template that follows the module's live
 * version; a version leaving blessed changes the templates pinned to it (they fall back to live); anything else
 * changes no node.
 */
export async function promoteImpact(ctx: ServiceContext, versionId: string, target: PromotionState): Promise<FleetImpact> {
  const version = await ctx.db.moduleVersion.findFirst({
    where: { id: versionId, accountId: ctx.actor.accountId },
    select: { id: true, version: true, promotionState: true, module: { select: { name: true } } },
  });
  if (!version) throw new AppError("NOT_FOUND", "Module version not found.");
  const what = `Moving ${version.module.name}@${version.version} from ${version.promotionState} to ${target}`;
  if (target === "live" || version.promotionState === "live") return moduleImpact(ctx, version.module.name, what);
  const pinned = await ctx.db.templateModule.findMany({
    where: { accountId: ctx.actor.accountId, pinnedVersionId: version.id, enabled: true },
    select: { template: { select: { id: true, name: true } } },
    orderBy: { template: { name: "asc" } },
  });
  const changes = version.promotionState === "blessed" && !isDeliverableState(target);
  const counts = await instanceCounts(ctx, pinned.map((p) => p.template.id));
  return summarize(
    what,
    pinned.map((p) => ({
      templateId: p.template.id,
      templateName: p.template.name,
      instanceCount: counts.get(p.template.id) ?? 0,
      affected: changes,
      why: changes ? `Pinned to ${version.version}: falls back to the live version.` : `Pinned to ${version.version}: keeps it.`,
    })),
  );
}

/** One template's nodes: an assignment change alters the desired state of each. */
export async function templateImpact(ctx: ServiceContext, templateId: string, what: (template: string) => string): Promise<FleetImpact> {
  const template = await ctx.db.template.findFirst({ where: { id: templateId, accountId: ctx.actor.accountId }, select: { id: true, name: true } });
  if (!template) throw new AppError("NOT_FOUND", "Template not found.");
  const counts = await instanceCounts(ctx, [template.id]);
  return summarize(what(template.name), [
    { templateId: template.id, templateName: template.name, instanceCount: counts.get(template.id) ?? 0, affected: true, why: "Its composition changes." },
  ]);
}

/** The template of an assignment (named by id, in the caller's account). */
export async function assignmentImpact(ctx: ServiceContext, assignmentId: string, what: (module: string, template: string) => string): Promise<FleetImpact> {
  const assignment = await ctx.db.templateModule.findFirst({
    where: { id: assignmentId, accountId: ctx.actor.accountId },
    select: { templateId: true, module: { select: { name: true } } },
  });
  if (!assignment) throw new AppError("NOT_FOUND", "Assignment not found.");
  return templateImpact(ctx, assignment.templateId, (template) => what(assignment.module.name, template));
}

/** A node's metadata edit: only that node's `${instance.*}` bindings change (docs/authoring.md). */
export async function instanceMetadataImpact(ctx: ServiceContext, instanceId: string): Promise<FleetImpact> {
  const instance = await ctx.db.nodeInstance.findFirst({
    where: { id: instanceId, accountId: ctx.actor.accountId },
    select: { name: true, template: { select: { id: true, name: true } } },
  });
  if (!instance) throw new AppError("NOT_FOUND", "Instance not found.");
  const templates: ImpactTemplate[] = instance.template
    ? [{ templateId: instance.template.id, templateName: instance.template.name, instanceCount: 1, affected: true, why: `only ${instance.name}'s bindings change` }]
    : [];
  return {
    summary: `Changing ${instance.name}'s metadata: the \${instance.*} bindings its instance modules get change on this one node; no other node is affected.`,
    templates,
    affectedInstances: 1,
  };
}

/** What a rollout action changes (docs/rollouts.md): the rollout's module on the templates that deliver it. */
export async function rolloutImpact(ctx: ServiceContext, rolloutId: string, action: string): Promise<FleetImpact> {
  const rollout = await ctx.db.rollout.findFirst({
    where: { id: rolloutId, accountId: ctx.actor.accountId },
    select: { module: { select: { name: true } }, toVersion: { select: { version: true } } },
  });
  if (!rollout) throw new AppError("NOT_FOUND", "Rollout not found.");
  return moduleImpact(ctx, rollout.module.name, `${action} the rollout of ${rollout.module.name}@${rollout.toVersion.version}`);
}
