/**
 * The operator actions as MCP tools (docs/mcp.md), named as the runbook's assistant calls them. Each is its REST
 * twin (same permission, input schema, service call and response schema) unless it says otherwise.
 */
import { z } from "zod";
import { idSchema } from "../contracts/ids";
import { overlayQueryInput } from "../contracts/templates";
import { listModulesRoute, getModuleRoute, validateModuleManifestRoute } from "../api/rest/routes-modules";
import { listRequestsRoute, listVersionsRoute, promoteRoute, rollbackRoute } from "../api/rest/routes-promotion";
import { assignModuleRoute, composePreviewSchema, listTemplatesRoute, updateAssignmentRoute } from "../api/rest/routes-templates";
import { driftReportRoute, updateInstanceMetadataRoute } from "../api/rest/routes-instances";
import {
  abortRolloutRoute,
  clearBadRoute,
  getRolloutRoute,
  listRolloutsRoute,
  markBadRoute,
  pauseRolloutRoute,
  promoteNowRoute,
  resumeRolloutRoute,
} from "../api/rest/routes-rollouts";
import { candidateOfVersion, composePreviewExternal, templateOverlay } from "../services/composition";
import type { ServiceContext } from "../services/context";
import { assignmentImpact, instanceMetadataImpact, moduleImpact, promoteImpact, rolloutImpact, templateImpact } from "../services/fleet-impact";
import type { PromotionState } from "../domain/promotion/states";
import { defineTool, FLEET_CHANGE, READ_ONLY, toolFromRoute, type McpTool } from "./tool";

/** Contested paths listed in a compose preview; the rest through system_overlay_paths. */
export const PREVIEW_CONTESTED_PATHS = 50;
/** Rows per page of system_overlay_paths: the page-size rule of every list (docs/security.md, Limits). */
export const OVERLAY_PATHS_PAGE = 200;

type Result = Record<string, unknown>;

function count(value: unknown): number {
  return Array.isArray(value) ? value.length : typeof value === "number" ? value : 0;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

const issueCounts = (r: Result) => `${plural(count(r.errors), "error")}, ${plural(count(r.warnings), "warning")}, ${plural(count(r.conflicts), "conflict")}`;

// ---------------------------------------------------------------------------------------------------------
// Modules and versions

const validateManifest = toolFromRoute(validateModuleManifestRoute, {
  name: "system_validate_module_manifest",
  title: "Validate a module manifest",
  description:
    "Validates manifest YAML against the schema and this account (categories, other modules' paths and globs). " +
    "Give module_name when it is an existing module's new draft, category_slug to check a new module's category.",
  annotations: READ_ONLY,
  summarize: (r) => `${r.valid ? "Valid" : "Invalid"}: ${issueCounts(r)}.`,
});

const listModules = toolFromRoute(listModulesRoute, {
  name: "system_list_modules",
  title: "List modules",
  description: "The modules catalog: q searches name, display name and description; filter by category slug, variety or the latest version's state. Paged.",
  args: { q: "search" },
  annotations: READ_ONLY,
  summarize: (r) => `${plural(count(r.total), "module")} match; page ${String(r.page)} lists ${count(r.modules)}.`,
});

const getModule = toolFromRoute(getModuleRoute, {
  name: "system_get_module",
  title: "Get a module",
  description: "One module: registration facts, effective priority and how it is derived, versions by state.",
  args: { module_name: "name" },
  annotations: READ_ONLY,
  summarize: (r) => `${String(r.name)} (${String(r.variety)}, effective priority ${String(r.effective_priority)}).`,
});

const listVersions = toolFromRoute(listVersionsRoute, {
  name: "system_list_module_versions",
  title: "List a module's versions",
  description: "A module's versions, newest first, with their promotion state and when each state was entered. Version ids are what system_promote_module_version takes.",
  args: { module_name: "name" },
  annotations: READ_ONLY,
  summarize: (r) => {
    const versions = (r.versions as Array<{ version: string; promotion_state: string }> | undefined) ?? [];
    return `${String(r.module)}: ${plural(versions.length, "version")}${versions.length ? ` (${versions.slice(0, 5).map((v) => `${v.version} ${v.promotion_state}`).join(", ")}${versions.length > 5 ? ", …" : ""})` : ""}.`;
  },
});

const promote = toolFromRoute<{ versionId: string; targetState: PromotionState }>(promoteRoute, {
  name: "system_promote_module_version",
  title: "Promote a module version",
  description:
    "Moves a version (by id) to another state: built→staging, staging→blessed, staging→built, →retired (reason required), " +
    "blessed→live (reason required). Going live under an approval policy answers with promotion_request_id: people approve it in the console; this tool never approves.",
  args: { to: "target_state" },
  annotations: FLEET_CHANGE,
  impact: (ctx, input) => promoteImpact(ctx, input.versionId, input.targetState),
  summarize: (r) =>
    r.applied
      ? `${String(r.module)}@${String(r.version)} is now ${String(r.promotion_state)}.`
      : `${String(r.module)}@${String(r.version)} waits for ${plural(Number(r.required_approvals ?? 0), "approval")}: promotion request ${String(r.promotion_request_id)}.`,
});

const rollback = toolFromRoute<{ moduleName: string }>(rollbackRoute, {
  name: "system_rollback_module",
  title: "Roll back a module",
  description: "The live version → retired (reason required) and the most recently live blessed version → live.",
  args: { module_name: "name" },
  annotations: FLEET_CHANGE,
  impact: (ctx, input) => moduleImpact(ctx, input.moduleName, `Rolling back ${input.moduleName}`),
  summarize: (r) => `${String(r.module)}: ${String(r.retired)} retired, ${r.live ? `${String(r.live)} live` : "nothing live"}.`,
});

const listRequests = toolFromRoute(listRequestsRoute, {
  name: "system_list_promotion_requests",
  title: "List promotion requests",
  description: "Live requests waiting for approval (status pending, the default), decided ones, or all; optionally one module's.",
  annotations: READ_ONLY,
  summarize: (r) => `${plural(count(r.total), "promotion request")}.`,
});

// ---------------------------------------------------------------------------------------------------------
// Rollouts (docs/rollouts.md)

const listRollouts = toolFromRoute(listRolloutsRoute, {
  name: "system_list_rollouts",
  title: "List rollouts",
  description: "Phased live rollouts, newest first: state one of progressing, paused, halted, completed, rolled_back, or active / all; module by name. Paged.",
  annotations: READ_ONLY,
  summarize: (r) => `${plural(count(r.total), "rollout")}; page ${String(r.page)} lists ${count(r.rollouts)}.`,
});

const getRollout = toolFromRoute(getRolloutRoute, {
  name: "system_get_rollout",
  title: "Get a rollout",
  description: "One rollout: its waves, each wave's instances with health, digest and soak timers, and the failing instance's report when halted.",
  args: { rollout_id: "id" },
  annotations: READ_ONLY,
  summarize: (r) => `Rollout ${String(r.state)}: ${String(r.released_instances)} of ${String(r.total_instances)} instances released.`,
});

function rolloutActionTool(route: typeof pauseRolloutRoute, name: string, title: string, description: string, verb: string) {
  return toolFromRoute<{ rolloutId: string }>(route, {
    name,
    title,
    description,
    args: { rollout_id: "id" },
    annotations: FLEET_CHANGE,
    impact: (ctx, input) => rolloutImpact(ctx, input.rolloutId, verb),
    summarize: (r) => `Rollout ${String(r.rollout_id)} is now ${String(r.state)}.`,
  });
}

const pauseRollout = rolloutActionTool(pauseRolloutRoute, "system_pause_rollout", "Pause a rollout", "Pause a progressing rollout: no further waves until resumed. Reason required.", "Pausing");
const resumeRollout = rolloutActionTool(resumeRolloutRoute, "system_resume_rollout", "Resume a rollout", "Resume a paused or halted rollout; the current wave's gate clock restarts. Reason required.", "Resuming");
const promoteRolloutNow = rolloutActionTool(promoteNowRoute, "system_promote_rollout_now", "Promote a rollout now", "Skip to 100 %: every remaining wave is released at once. Reason required.", "Promoting now");
const abortRollout = rolloutActionTool(abortRolloutRoute, "system_abort_rollout", "Abort and roll back a rollout", "Abort: released nodes return to the previous version, the new one is retired with the reason. Reason required.", "Aborting");

const markBad = toolFromRoute(markBadRoute, {
  name: "system_mark_version_bad",
  title: "Mark a version bad",
  description: "Admin: mark a module version bad with a reason; it cannot be promoted again without an admin override.",
  args: { version_id: "id" },
  annotations: { ...FLEET_CHANGE, destructiveHint: false },
  summarize: (r) => `Version ${String(r.version_id)} marked bad.`,
});

const clearBad = toolFromRoute(clearBadRoute, {
  name: "system_clear_version_bad",
  title: "Clear a version's bad mark",
  description: "Admin: clear a module version's bad mark, with a reason.",
  args: { version_id: "id" },
  annotations: { ...FLEET_CHANGE, destructiveHint: false },
  summarize: (r) => `Version ${String(r.version_id)} is no longer marked bad.`,
});

// ---------------------------------------------------------------------------------------------------------
// Templates and composition

const listTemplates = toolFromRoute(listTemplatesRoute, {
  name: "system_list_templates",
  title: "List templates",
  description: "Templates with their module and node counts and the health of their composition.",
  annotations: READ_ONLY,
  summarize: (r) => {
    const templates = (r.templates as Array<{ name: string; health: { status: string } }> | undefined) ?? [];
    return `${plural(templates.length, "template")}${templates.length ? `: ${templates.slice(0, 10).map((t) => `${t.name} (${t.health.status})`).join(", ")}` : ""}.`;
  },
});

const assign = toolFromRoute<{ templateId: string; moduleName: string }>(assignModuleRoute, {
  name: "system_assign_module_to_template",
  title: "Assign a module to a template",
  description:
    "Adds a module to a template (optionally pinned to a blessed or live version, with metadata for the node agent). " +
    "Refused when it would introduce composition errors unless override_reason says why.",
  args: { template_id: "id" },
  annotations: FLEET_CHANGE,
  impact: (ctx, input) => templateImpact(ctx, input.templateId, (template) => `Assigning ${input.moduleName} to ${template}`),
  summarize: (r) => {
    const c = r.composition as Result;
    return `Assigned ${String(r.module)} (assignment ${String(r.id)}); the composition now has ${issueCounts(c)}.`;
  },
});

const updateAssignment = toolFromRoute<{ assignmentId: string }>(updateAssignmentRoute, {
  name: "system_update_module_assignment",
  title: "Update a module assignment",
  description:
    "Changes an assignment: enabled, effective_priority (null: derived again), pinned_version (null: follow live), metadata. " +
    "expected_revision makes it a compare-and-set (CONFLICT when it changed meanwhile).",
  annotations: FLEET_CHANGE,
  impact: (ctx, input) => assignmentImpact(ctx, input.assignmentId, (module, template) => `Changing ${module} in ${template}`),
  summarize: (r) => `Updated ${String(r.module)} (revision ${String(r.revision)}); the composition now has ${issueCounts(r.composition as Result)}.`,
});

const fullLayer = composePreviewSchema.shape.layers.element;
const contestedPath = composePreviewSchema.shape.overlay.shape.paths.unwrap().element;
const previewOutput = z.object({
  template: composePreviewSchema.shape.template,
  layers: z.array(
    fullLayer.pick({ index: true, module: true, version: true, version_source: true, category: true, variety: true, effective_priority: true, source: true, is_candidate: true }),
  ),
  dependencies: composePreviewSchema.shape.dependencies,
  overlay: composePreviewSchema.shape.overlay
    .pick({ mode: true, path_count: true, contested_path_count: true, conflict_path_count: true, glob_overlaps: true })
    .extend({
      contested_paths: z.array(contestedPath).meta({ description: `The first ${PREVIEW_CONTESTED_PATHS} contested paths, by path` }),
      contested_paths_truncated: z.boolean().meta({ description: "More contested paths than listed: page through them with system_overlay_paths" }),
    }),
  errors: composePreviewSchema.shape.errors,
  warnings: composePreviewSchema.shape.warnings,
  conflicts: composePreviewSchema.shape.conflicts,
  candidate: composePreviewSchema.shape.candidate,
  summary: composePreviewSchema.shape.summary,
});

const candidateVersionId = idSchema.optional().meta({ description: "A what-if version (any state): replaces its module's deploying version, or adds the module" });

async function candidate(ctx: ServiceContext, versionId: string | undefined) {
  return versionId ? candidateOfVersion(ctx, versionId) : undefined;
}

/** The compose preview, summarised (REST's GET …/compose_preview has the whole of it). */
export async function previewSummary(ctx: ServiceContext, templateId: string, candidateVersionId?: string) {
  const preview = await composePreviewExternal(ctx, templateId, { candidate: await candidate(ctx, candidateVersionId), includePaths: "contested" });
  const paths = preview.overlay.paths ?? [];
  return {
    ...preview,
    overlay: { ...preview.overlay, contested_paths: paths.slice(0, PREVIEW_CONTESTED_PATHS), contested_paths_truncated: paths.length > PREVIEW_CONTESTED_PATHS },
  };
}

const composePreview = defineTool({
  name: "system_compose_preview",
  title: "Preview a template's composition",
  description:
    "The template as it would deploy: layers in priority order, dependencies, issues, and contested paths (the first " +
    `${PREVIEW_CONTESTED_PATHS}; system_overlay_paths pages through the whole overlay). candidate_version_id previews a version before it is promoted or assigned.`,
  permission: "templates.read",
  input: z.object({ templateId: idSchema, candidateVersionId }),
  output: previewOutput,
  annotations: READ_ONLY,
  handler: (ctx, input) => previewSummary(ctx, input.templateId, input.candidateVersionId),
  summarize: (r) => {
    const t = r.template as Result;
    const o = r.overlay as Result;
    return `${String(t.name)}: ${plural(count(r.layers), "layer")}, ${issueCounts(r)}; ${plural(count(o.path_count), "path")}, ${count(o.contested_path_count)} contested.`;
  },
});

const overlayPaths = defineTool({
  name: "system_overlay_paths",
  title: "Page through a template's overlay",
  description:
    `The composed filesystem of a template, ${OVERLAY_PATHS_PAGE} paths per page, sorted by path: q is a substring or a glob (*, ?, [...]); ` +
    "filter narrows to contested, conflicts, shadowed or dropped paths, or (with module) one module's. Pass next_cursor back as cursor.",
  permission: "templates.read",
  input: overlayQueryInput.pick({ templateId: true, filter: true, module: true, cursor: true }).extend({ q: overlayQueryInput.shape.search, candidateVersionId }),
  output: z.object({
    mode: z.enum(["glob", "substring", "children"]),
    path_count: z.number().int(),
    total: z.number().int().meta({ description: "Paths matching q and filter (all pages)" }),
    next_cursor: z.number().int().nullable(),
    paths: z.array(
      z.object({
        path: z.string(),
        winner: z.string().nullable().meta({ description: "The layer whose copy deploys" }),
        shadowed: z.number().int(),
        dropped: z.number().int(),
        conflict: z.boolean(),
      }),
    ),
  }),
  annotations: READ_ONLY,
  handler: async (ctx, input) => {
    const page = await templateOverlay(ctx, {
      templateId: input.templateId,
      candidate: await candidate(ctx, input.candidateVersionId),
      // Every overlay path is absolute, so "/" lists them all: the flat, sorted listing.
      search: input.q ?? "/",
      dir: "",
      filter: input.filter,
      module: input.module,
      cursor: input.cursor,
      limit: OVERLAY_PATHS_PAGE,
    });
    return {
      ...page,
      paths: page.rows.map((row) => ({ ...row, winner: row.kind === "file" && row.winner >= 0 ? (page.layers[row.winner] ?? null) : null })),
    };
  },
  summarize: (r) => `${plural(count(r.total), "path")} match; ${count(r.paths)} listed${r.next_cursor !== null ? `, next cursor ${String(r.next_cursor)}` : ""}.`,
});

// ---------------------------------------------------------------------------------------------------------
// Fleet

const driftReport = toolFromRoute(driftReportRoute, {
  name: "system_drift_report",
  title: "Drift report",
  description: "Nodes whose running modules differ from their template's desired state (or that stopped reporting), worst first; optionally one template's, or at least a severity.",
  args: { template_id: "template" },
  annotations: READ_ONLY,
  summarize: (r) => {
    const s = r.summary as { total: number; drifted: Record<string, number>; stale: number };
    return `${plural(count(r.instances), "node")} listed of ${s.total}: ${s.drifted.critical ?? 0} critical, ${s.drifted.high ?? 0} high, ${s.drifted.medium ?? 0} medium, ${s.stale} stale.`;
  },
});

const updateInstanceMetadata = toolFromRoute<{ instanceId: string }>(updateInstanceMetadataRoute, {
  name: "system_update_instance_metadata",
  title: "Update a node's metadata",
  description:
    "Replaces a node's hostname, site and labels (all three: a label left out is removed): the values its instance-variety modules' " +
    "${instance.hostname}, ${instance.site} and ${instance.labels.<key>} placeholders get. Audited.",
  args: { instance_id: "id" },
  annotations: FLEET_CHANGE,
  impact: (ctx, input) => instanceMetadataImpact(ctx, input.instanceId),
  summarize: (r) => (r.changed ? `Updated the metadata of ${String(r.id)}.` : `No change: ${String(r.id)} already has this metadata.`),
});

/** Every tool. The authorization matrix walks this list. */
export const mcpTools: readonly McpTool[] = [
  validateManifest,
  listModules,
  getModule,
  listVersions,
  promote,
  rollback,
  listRequests,
  listRollouts,
  getRollout,
  pauseRollout,
  resumeRollout,
  promoteRolloutNow,
  abortRollout,
  markBad,
  clearBad,
  listTemplates,
  assign,
  updateAssignment,
  composePreview,
  overlayPaths,
  driftReport,
  updateInstanceMetadata,
];
