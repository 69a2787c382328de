/**
 * REST for templates and assignments (docs/templates.md): the same services as tRPC.
 */
import { z } from "zod";
import { externalIssueSchema } from "../../contracts/manifest-validation";
import {
  acceptErrorsInput,
  assignModuleInput,
  candidateInput,
  createTemplateInput,
  deleteTemplateInput,
  listTemplatesInput,
  templateIdInput,
  unassignModuleInput,
  updateAssignmentInput,
  updateTemplateInput,
} from "../../contracts/templates";
import { composePreviewExternal } from "../../services/composition";
import type { ServiceContext } from "../../services/context";
import { acceptErrors, assignModule, createTemplate, deleteTemplate, getTemplate, listTemplates, unassignModule, updateAssignment, updateTemplate } from "../../services/templates";
import { defineRoute } from "./define";

/** REST names the override of an assignment's effective priority after the field it overrides. */
const assignmentNames = { effectivePriorityOverride: "effective_priority" };

// ---------------------------------------------------------------------------------------------------------
// Response schemas (documentation; handlers build exactly these shapes)

const healthSchema = z
  .object({
    status: z.enum(["errors", "warnings", "clean"]),
    errors: z.number().int(),
    warnings: z.number().int(),
    conflicts: z.number().int(),
    unaccepted_errors: z.number().int(),
    accepted: z.boolean().meta({ description: "There are errors and every one was accepted with a reason" }),
  })
  .meta({ id: "TemplateHealth" });

const overrideSchema = z
  .object({ reason: z.string(), at: z.string().nullable(), by: z.string().nullable(), accepted_errors: z.number().int() })
  .nullable()
  .meta({ id: "TemplateOverride", description: "The accepted composition errors, with the reason; null when none were accepted" });

const templateSummarySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    module_count: z.number().int(),
    enabled_module_count: z.number().int(),
    instance_count: z.number().int(),
    health: healthSchema.nullable().meta({ description: "Null when asked with health=false" }),
    override: overrideSchema,
    created_at: z.string(),
    updated_at: z.string(),
  })
  .meta({ id: "TemplateSummary" });

const assignmentSchema = z
  .object({
    id: z.string(),
    module: z.string(),
    category: z.string(),
    variety: z.enum(["subscription", "config", "instance"]),
    enabled: z.boolean(),
    effective_priority: z.number().int(),
    effective_priority_override: z.number().int().nullable(),
    derivation: z.string().meta({ example: "(userland 90 + subscription 0) × 1000 + 100 = 90100" }),
    pinned_version: z.string().nullable(),
    live_version: z.string().nullable(),
    metadata: z.record(z.string(), z.unknown()),
    revision: z.number().int().meta({ description: "Send it back as expected_revision to update only if nobody changed it meanwhile" }),
    updated_at: z.string(),
  })
  .meta({ id: "Assignment" });

const templateSchema = templateSummarySchema
  .omit({ module_count: true, enabled_module_count: true })
  .extend({ health: healthSchema, assignments: z.array(assignmentSchema) })
  .meta({ id: "Template" });

const compositionOutcomeSchema = z
  .object({
    errors: z.number().int(),
    warnings: z.number().int(),
    conflicts: z.number().int(),
    new_errors: z.array(z.object({ code: z.string(), message: z.string() })),
    errors_accepted: z.boolean(),
  })
  .meta({ id: "CompositionOutcome", description: "The template's composition after the change" });

export const composePreviewSchema = z
  .object({
    template: z.object({
      id: z.string(),
      name: z.string(),
      health: z.enum(["errors", "warnings", "clean"]),
      errors_accepted: z.boolean(),
      override_reason: z.string().nullable(),
      override_at: z.string().nullable(),
      override_by: z.string().nullable(),
    }),
    layers: z.array(
      z.object({
        index: z.number().int(),
        module: z.string(),
        owner: z.string(),
        version: z.string().nullable(),
        version_source: z.enum(["pinned", "live", "candidate"]).nullable(),
        category: z.string(),
        variety: z.enum(["subscription", "config", "instance"]),
        parent_module: z.string().nullable(),
        effective_priority: z.number().int(),
        derivation: z.object({
          kind: z.enum(["derived", "override"]),
          category: z.string(),
          category_position: z.number().int(),
          variety_rank: z.number().int(),
          module_priority: z.number().int(),
          derived: z.number().int(),
          override: z.number().int().nullable(),
          effective: z.number().int(),
          text: z.string(),
        }),
        source: z.enum(["template", "dependency", "candidate"]),
        via_dependency_of: z.array(z.string()),
        is_candidate: z.boolean(),
        files_known: z.boolean(),
        counts: z.record(z.string(), z.number().int()),
        file_spec: z.array(z.string()).readonly(),
        mask: z.array(z.string()).readonly(),
        protected_spec: z.array(z.string()).readonly(),
        requires: z.array(z.string()).readonly(),
        provides: z.array(z.string()).readonly(),
      }),
    ),
    dependencies: z.array(
      z.object({
        from: z.string(),
        requirement: z.string(),
        kind: z.enum(["module", "capability"]),
        target: z.string(),
        range: z.string().nullable(),
        status: z.string(),
        resolved_module: z.string().nullable(),
        resolved_version: z.string().nullable(),
        providers: z.array(z.string()),
        pulled_in: z.boolean(),
      }),
    ),
    overlay: z.object({
      mode: z.string().meta({ description: "files, globs, mixed or empty" }),
      path_count: z.number().int(),
      contested_path_count: z.number().int(),
      conflict_path_count: z.number().int(),
      glob_overlaps: z.array(
        z.object({ kind: z.enum(["shadow", "protected_drop", "protected_conflict"]), module_a: z.string(), glob_a: z.string(), module_b: z.string(), glob_b: z.string(), ambiguous: z.boolean() }),
      ),
      paths: z
        .array(
          z.object({
            path: z.string(),
            winner: z.string().nullable(),
            shadowed: z.array(z.string()),
            dropped: z.array(
              z.object({
                module: z.string(),
                reason: z.enum(["outside_file_spec", "mask", "protected", "protected_conflict"]),
                by_module: z.string().nullable(),
                glob: z.string().nullable(),
              }),
            ),
            protectors: z.array(z.string()).nullable(),
          }),
        )
        .optional()
        .meta({ description: "Only with include_paths (contested or all); sorted by path" }),
    }),
    errors: z.array(externalIssueSchema),
    warnings: z.array(externalIssueSchema),
    conflicts: z.array(externalIssueSchema),
    candidate: z.object({ module: z.string(), version: z.string(), placement: z.string() }).nullable(),
    summary: z.object({ error_count: z.number().int(), warning_count: z.number().int(), conflict_count: z.number().int(), can_save: z.boolean() }),
  })
  .meta({ id: "ComposePreview" });

// ---------------------------------------------------------------------------------------------------------
// Mappers

type ListRow = Awaited<ReturnType<typeof listTemplates>>["templates"][number];

/** The override is reported while there are errors it accepts (or, without health, whenever one is stored). */
function overrideOut(o: ListRow["override"], errors: number | null) {
  return o && (errors === null || errors > 0) ? { ...o, acceptedErrors: o.acceptedErrorKeys.length } : null;
}

async function templateOut(ctx: ServiceContext, templateId: string) {
  const t = await getTemplate(ctx, templateId);
  return {
    ...t,
    override: overrideOut(t.override, t.health.errors),
    assignments: t.assignments.map((a) => ({
      ...a,
      module: a.module.name,
      category: a.module.category,
      variety: a.module.variety,
      liveVersion: a.module.liveVersion,
      derivation: a.derivation.text,
      pinnedVersion: a.pinnedVersion?.version ?? null,
    })),
  };
}

function changeOut<T extends { moduleName: string; composition: { accepted: boolean } }>(r: T) {
  return { ...r, module: r.moduleName, composition: { ...r.composition, errorsAccepted: r.composition.accepted } };
}

// ---------------------------------------------------------------------------------------------------------
// Routes

export const listTemplatesRoute = defineRoute({
  method: "GET",
  path: "/system/templates",
  access: { permission: "templates.read" },
  summary: "Templates with module and instance counts and the health of their composition",
  tags: ["templates"],
  input: listTemplatesInput.unwrap(),
  response: z
    .object({ templates: z.array(templateSummarySchema), total: z.number().int(), page: z.number().int(), page_size: z.number().int() })
    .meta({ id: "TemplateList" }),
  handler: async (ctx, input) => {
    const page = await listTemplates(ctx, input);
    return { ...page, templates: page.templates.map((t) => ({ ...t, override: overrideOut(t.override, t.health?.errors ?? null) })) };
  },
});

export const createTemplateRoute = defineRoute({
  method: "POST",
  path: "/system/templates",
  access: { permission: "templates.edit" },
  summary: "Create an empty template",
  tags: ["templates"],
  input: createTemplateInput,
  bodyId: "CreateTemplate",
  response: templateSchema,
  successStatus: 201,
  errorStatuses: [409],
  handler: async (ctx, input) => templateOut(ctx, (await createTemplate(ctx, input)).id),
});

export const getTemplateRoute = defineRoute({
  method: "GET",
  path: "/system/templates/{id}",
  access: { permission: "templates.read" },
  summary: "A template and its module assignments",
  tags: ["templates"],
  input: templateIdInput,
  params: { id: "templateId" },
  response: templateSchema,
  errorStatuses: [404],
  handler: (ctx, input) => templateOut(ctx, input.templateId),
});

export const updateTemplateRoute = defineRoute({
  method: "PATCH",
  path: "/system/templates/{id}",
  access: { permission: "templates.edit" },
  summary: "Rename a template or change its description",
  tags: ["templates"],
  input: updateTemplateInput,
  params: { id: "templateId" },
  bodyId: "UpdateTemplate",
  response: templateSchema,
  errorStatuses: [404, 409],
  handler: async (ctx, input) => {
    await updateTemplate(ctx, input);
    return templateOut(ctx, input.templateId);
  },
});

export const deleteTemplateRoute = defineRoute({
  method: "DELETE",
  path: "/system/templates/{id}",
  access: { permission: "templates.edit" },
  summary: "Delete a template (refused with 409 while instances use it)",
  tags: ["templates"],
  input: deleteTemplateInput,
  params: { id: "templateId" },
  response: z.null(),
  successStatus: 204,
  errorStatuses: [404, 409],
  handler: async (ctx, input) => {
    await deleteTemplate(ctx, input);
    return null;
  },
});

export const acceptErrorsRoute = defineRoute({
  method: "POST",
  path: "/system/templates/{id}/accept_errors",
  access: { permission: "templates.edit" },
  summary: "Accept the template's current composition errors with a reason (audited)",
  tags: ["templates"],
  input: acceptErrorsInput,
  params: { id: "templateId" },
  bodyId: "AcceptErrors",
  response: z.object({ id: z.string(), accepted_errors: z.number().int(), health: healthSchema }),
  errorStatuses: [404, 422],
  handler: (ctx, input) => acceptErrors(ctx, input),
});

const assignmentOutSchema = z
  .object({ id: z.string(), module: z.string(), revision: z.number().int(), composition: compositionOutcomeSchema })
  .meta({ id: "AssignmentChange" });

export const assignModuleRoute = defineRoute({
  method: "POST",
  path: "/system/templates/{id}/modules",
  access: { permission: "assignments.edit" },
  summary: "Assign a module to a template",
  tags: ["templates"],
  input: assignModuleInput,
  params: { id: "templateId" },
  names: assignmentNames,
  bodyId: "AssignModule",
  response: assignmentOutSchema,
  successStatus: 201,
  errorStatuses: [404, 409, 422],
  handler: async (ctx, input) => changeOut(await assignModule(ctx, input)),
});

export const updateAssignmentRoute = defineRoute({
  method: "PATCH",
  path: "/system/node_module_assignments/{id}",
  access: { permission: "assignments.edit" },
  summary: "Update an assignment: only the fields given change",
  tags: ["templates"],
  input: updateAssignmentInput,
  params: { id: "assignmentId" },
  names: assignmentNames,
  bodyId: "UpdateAssignment",
  response: assignmentOutSchema,
  errorStatuses: [404, 409, 422],
  handler: async (ctx, input) => changeOut(await updateAssignment(ctx, input)),
});

export const unassignModuleRoute = defineRoute({
  method: "DELETE",
  path: "/system/node_module_assignments/{id}",
  access: { permission: "assignments.edit" },
  summary: "Remove a module from its template",
  tags: ["templates"],
  input: unassignModuleInput,
  params: { id: "assignmentId" },
  response: z.object({ id: z.string(), module: z.string(), composition: compositionOutcomeSchema }).meta({ id: "Unassigned" }),
  errorStatuses: [404, 409, 422],
  handler: async (ctx, input) => changeOut(await unassignModule(ctx, input)),
});

/**
 * The query's flat form of the what-if candidate (`candidateInput`): module and version come together, like the
 * candidate's two required fields.
 */
const composePreviewQuery = z
  .object({
    candidateModule: candidateInput.shape.moduleName.optional(),
    candidateVersion: candidateInput.shape.version.optional(),
    candidateAssign: z
      .enum(["true", "false"])
      .optional()
      .meta({ description: "Add the candidate to the template when it is not assigned (default: only replace)" }),
    includePaths: z
      .enum(["none", "contested", "all", "true", "false"])
      .default("none")
      .transform((v) => (v === "true" ? "all" : v === "false" ? "none" : v))
      .meta({ description: "Add the per-path overlay: contested paths only, or all (can be large)" }),
  })
  .refine((q) => (q.candidateModule === undefined) === (q.candidateVersion === undefined), "Give candidate_module and candidate_version together.");

export const composePreviewRoute = defineRoute({
  method: "GET",
  path: "/system/templates/{id}/compose_preview",
  access: { permission: "templates.read" },
  summary: "The template's composition as it would deploy (optionally with a what-if candidate version)",
  tags: ["templates"],
  input: composePreviewQuery,
  params: { id: "templateId" },
  response: composePreviewSchema,
  errorStatuses: [404],
  handler: (ctx, { templateId, candidateModule, candidateVersion, candidateAssign, includePaths }) =>
    composePreviewExternal(ctx, templateId, {
      candidate: candidateModule && candidateVersion ? { moduleName: candidateModule, version: candidateVersion, assign: candidateAssign === "true" } : undefined,
      includePaths,
    }),
});

export const templateRoutes = [
  listTemplatesRoute,
  createTemplateRoute,
  getTemplateRoute,
  updateTemplateRoute,
  deleteTemplateRoute,
  acceptErrorsRoute,
  assignModuleRoute,
  updateAssignmentRoute,
  unassignModuleRoute,
  composePreviewRoute,
];
