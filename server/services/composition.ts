/**
 * The composition use cases (docs/templates.md, docs/composition.md): a template's compose preview, optionally with
 * a what-if candidate or a proposed change, its snake_case form, the health of many templates, and the overlay
 * served in pieces. Loading is in composition-load.ts, composing (and the result cache) in composition-compose.ts,
 * the response shapes in composition-present.ts; the rules themselves are in server/domain/composition.
 */
import "server-only";
import { diffCompositions, healthOf, type CompositionDiff, type ExternalComposeResult, type TemplateHealth } from "../domain/composition";
import { buildOverlayIndex, describePath, listChildren, searchPaths, type OverlayIndex, type OverlayPage, type PathStory } from "../domain/composition/overlay-query";
import type { ServiceContext } from "./context";
import { AppError } from "../errors";
import type { CandidateInput, OverlayQueryInput, ProposedChange } from "../contracts/templates";
import { composeIssues, composeTemplate, warmReach, type Composition } from "./composition-compose";
import { assignmentSelect, CatalogLoader, loadTemplateCatalog, type AssignmentRow, type DbLike } from "./composition-load";
import { externalPreviewOf, previewOf, type ComposePreview, type ExternalTemplateRef, type IncludePaths } from "./composition-present";
import { slotsOf } from "./composition-slots";

const MAX_WINNER_CHANGES = 200;

function accountOf(ctx: ServiceContext) {
  return { accountId: ctx.actor.accountId, slug: ctx.actor.accountSlug };
}

/**
 * Health of many templates at once (the list page): one loader reads every assigned module once, each template is
 * composed over its own scoped catalog (the issues cached per fingerprint).
 */
export async function templateHealths(
  db: DbLike,
  account: { accountId: string; slug: string },
  templates: ReadonlyArray<{ id: string; overrideErrorKeys: readonly string[] }>,
): Promise<Map<string, TemplateHealth>> {
  const out = new Map<string, TemplateHealth>();
  if (templates.length === 0) return out;
  const loader = new CatalogLoader(db, account.accountId, account.slug);
  const all = await db.templateModule.findMany({
    where: { accountId: account.accountId, templateId: { in: templates.map((t) => t.id) } },
    select: { ...assignmentSelect, templateId: true },
    orderBy: { createdAt: "asc" },
  });
  await loader.loadIds(all.map((a) => a.moduleId));
  const byTemplate = new Map<string, AssignmentRow[]>();
  for (const a of all) {
    const list = byTemplate.get(a.templateId) ?? [];
    list.push(a);
    byTemplate.set(a.templateId, list);
  }
  const prepared = [];
  for (const t of templates) {
    const assignments = byTemplate.get(t.id) ?? [];
    const catalog = await loadTemplateCatalog(loader, assignments);
    prepared.push({ template: t, catalog, slots: slotsOf(catalog, assignments) });
  }
  await warmReach(loader, prepared.flatMap((p) => p.slots));
  for (const { template, catalog, slots } of prepared) {
    const issues = await composeIssues(catalog, slots);
    out.set(template.id, healthOf(issues, template.overrideErrorKeys));
  }
  return out;
}

/**
 * The template's composition as it would deploy, optionally with a what-if candidate version and/or a proposed
 * assignment change (then `diff` says what the change would introduce or resolve).
 */
export async function composePreview(
  ctx: ServiceContext,
  templateId: string,
  opts: { candidate?: CandidateInput; change?: ProposedChange } = {},
): Promise<ComposePreview> {
  const tc = await composeTemplate(ctx.db, accountOf(ctx), templateId, opts);
  let diff: CompositionDiff | null = null;
  if (opts.change) {
    const base = await composeTemplate(ctx.db, accountOf(ctx), templateId, { candidate: opts.candidate });
    diff = diffCompositions(base.composition.result, tc.composition.result, { maxWinnerChanges: MAX_WINNER_CHANGES });
  }
  return previewOf(tc, diff);
}

/** The snake_case form for REST and the CLI: `toExternalComposeResult` plus the template and its health. */
export async function composePreviewExternal(
  ctx: ServiceContext,
  templateId: string,
  opts: { candidate?: CandidateInput; includePaths?: IncludePaths } = {},
): Promise<ExternalComposeResult & { template: ExternalTemplateRef }> {
  const tc = await composeTemplate(ctx.db, accountOf(ctx), templateId, { candidate: opts.candidate });
  return externalPreviewOf(tc, opts.includePaths);
}

/**
 * A what-if candidate named by version id (assistants and scripts hold ids): that version of its module, added to
 * the template when the module is not assigned, replacing the deploying version otherwise.
 */
export async function candidateOfVersion(ctx: ServiceContext, versionId: string): Promise<CandidateInput> {
  const version = await ctx.db.moduleVersion.findFirst({
    where: { id: versionId, accountId: ctx.actor.accountId },
    select: { version: true, module: { select: { name: true } } },
  });
  if (!version) throw new AppError("NOT_FOUND", "Module version not found.", { fieldErrors: { candidateVersionId: "Unknown version" } });
  return { moduleName: version.module.name, version: version.version, assign: true };
}

function indexOf(composition: Composition): OverlayIndex {
  composition.index ??= buildOverlayIndex(composition.result);
  return composition.index;
}

export interface OverlayResponse extends OverlayPage {
  fingerprint: string;
  mode: "children" | "glob" | "substring";
  dir: string;
  /** Layer labels by index (rows refer to layers by index). */
  layers: string[];
  pathCount: number;
}

/** One directory's children, or a path search, of the composed filesystem (filtered, paged). */
export async function templateOverlay(ctx: ServiceContext, input: OverlayQueryInput): Promise<OverlayResponse> {
  const { composition } = await composeTemplate(ctx.db, accountOf(ctx), input.templateId, { candidate: input.candidate });
  const index = indexOf(composition);
  const layers = composition.result.layers.map((l) => l.label);
  const base = { fingerprint: composition.fingerprint, layers, pathCount: composition.result.overlay.pathCount };
  if (input.search) {
    const page = searchPaths(index, { query: input.search, filter: input.filter, module: input.module, cursor: input.cursor, limit: input.limit });
    return { ...base, ...page, dir: "", mode: page.mode };
  }
  const dir = input.dir === "/" ? "" : input.dir;
  const page = listChildren(index, { dir, filter: input.filter, module: input.module, cursor: input.cursor, limit: input.limit });
  return { ...base, ...page, dir, mode: "children" };
}

/** Everything about one path: winner, shadowed layers, dropped copies with the protecting module and glob. */
export async function templateOverlayPath(ctx: ServiceContext, input: { templateId: string; candidate?: CandidateInput; path: string }): Promise<PathStory & { fingerprint: string }> {
  const { composition } = await composeTemplate(ctx.db, accountOf(ctx), input.templateId, { candidate: input.candidate });
  return { ...describePath(composition.result, input.path), fingerprint: composition.fingerprint };
}
