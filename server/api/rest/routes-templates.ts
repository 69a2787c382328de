/**
 * REST for templates and assignments (docs/templates.md): snake_case in and out, the same services as tRPC.
 */
import { z } from "zod";
import { AppError } from "../../errors";
import { composePreviewExternal } from "../../services/composition";
import type { ServiceContext } from "../../services/context";
import { acceptErrors, assignModule, createTemplate, deleteTemplate, getTemplate, listTemplates, unassignModule, updateAssignment, updateTemplate } from "../../services/templates";
import { defineRoute } from "./define";
import { assignmentMetadataSchema, effectivePriorityOverrideSchema, moduleNameRefSchema, overrideReasonSchema, TEMPLATE_SORTS, templateDescriptionSchema, templateNameSchema, versionRefSchema } from "../../contracts/templates";

function requireSvc(svc: ServiceContext | null): ServiceContext {
  if (!svc) throw new AppError("UNAUTHORIZED", "Authentication required.");
  return svc;
}

const idParams = z.object({ id: z.string().uuid("Not a valid id").meta({ description: "The template's id", example: "6f1c3c1e-8a57-4c3e-9a53-4d1c7a0f2b11" }) });
const assignmentParams = z.object({ id: z.string().uuid("Not a valid id").meta({ description: "The assignment's id" }) });

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
    health: healthSchema,
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

const templateSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    instance_count: z.number().int(),
    health: healthSchema,
    override: overrideSchema,
    created_at: z.string(),
    updated_at: z.string(),
    assignments: z.array(assignmentSchema),
  })
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

const externalIssueSchema = z
  .object({
    code: z.string(),
    severity: z.enum(["error", "warning", "conflict"]),
    message: z.string(),
    path: z.string(),
    range: z.object({ start_line: z.number().int(), start_column: z.number().int(), end_line: z.number().int(), end_column: z.number().int() }),
    hint: z.string().optional(),
    related_module: z.string().optional(),
  })
  .meta({ id: "CompositionIssue" });

const composePreviewSchema = z
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

type ListRow = Awaited<ReturnType<typeof listTemplates>>[number];
type Detail = Awaited<ReturnType<typeof getTemplate>>;

function overrideOut(o: ListRow["override"], errors: number) {
  return o && errors > 0 ? { reason: o.reason, at: o.at?.toISOString() ?? null, by: o.by, accepted_errors: o.acceptedErrorKeys.length } : null;
}

function healthOut(h: ListRow["health"]) {
  return { status: h.status, errors: h.errors, warnings: h.warnings, conflicts: h.conflicts, unaccepted_errors: h.unacceptedErrors, accepted: h.accepted };
}

function templateOut(t: Detail, errors: number) {
  return {
    id: t.id,
    name: t.name,
    description: t.description,
    instance_count: t.instanceCount,
    health: healthOut(t.health),
    override: overrideOut(t.override, errors),
    created_at: t.createdAt.toISOString(),
    updated_at: t.updatedAt.toISOString(),
    assignments: t.assignments.map((a) => ({
      id: a.id,
      module: a.module.name,
      category: a.module.category,
      variety: a.module.variety,
      enabled: a.enabled,
      effective_priority: a.effectivePriority,
      effective_priority_override: a.effectivePriorityOverride,
      derivation: a.derivation.text,
      pinned_version: a.pinnedVersion?.version ?? null,
      live_version: a.module.liveVersion,
      metadata: a.metadata,
      revision: a.revision,
      updated_at: a.updatedAt.toISOString(),
    })),
  };
}

function outcomeOut(c: { errors: number; warnings: number; conflicts: number; newErrors: Array<{ code: string; message: string }>; accepted: boolean }) {
  return { errors: c.errors, warnings: c.warnings, conflicts: c.conflicts, new_errors: c.newErrors, errors_accepted: c.accepted };
}

async function templateDetail(svc: ServiceContext, id: string) {
  const detail = await getTemplate(svc, id);
  return templateOut(detail, detail.health.errors);
}

// ---------------------------------------------------------------------------------------------------------
// Routes

export const listTemplatesRoute = defineRoute({
  method: "GET",
  path: "/system/templates",
  access: { permission: "templates.read" },
  summary: "Templates with module and instance counts and the health of their composition",
  tags: ["templates"],
  query: z.object({
    search: z.string().max(200).optional().meta({ description: "Substring of the name or description" }),
    sort: z.enum(TEMPLATE_SORTS).default("name"),
    dir: z.enum(["asc", "desc"]).default("asc"),
  }),
  response: z.object({ templates: z.array(templateSummarySchema) }).meta({ id: "TemplateList" }),
  handler: async (svc, { query }) => {
    const rows = await listTemplates(requireSvc(svc), query);
    return {
      templates: rows.map((t) => ({
        id: t.id,
        name: t.name,
        description: t.description,
        module_count: t.moduleCount,
        enabled_module_count: t.enabledModuleCount,
        instance_count: t.instanceCount,
        health: healthOut(t.health),
        override: overrideOut(t.override, t.health.errors),
        created_at: t.createdAt.toISOString(),
        updated_at: t.updatedAt.toISOString(),
      })),
    };
  },
});

export const createTemplateRoute = defineRoute({
  method: "POST",
  path: "/system/templates",
  access: { permission: "templates.edit" },
  summary: "Create an empty template",
  tags: ["templates"],
  body: z.object({ name: templateNameSchema, description: templateDescriptionSchema.optional() }).meta({ id: "CreateTemplate" }),
  response: templateSchema,
  successStatus: 201,
  errorStatuses: [409],
  handler: async (svc, { body }) => {
    const s = requireSvc(svc);
    const created = await createTemplate(s, { name: body.name, description: body.description ?? "" });
    return templateDetail(s, created.id);
  },
});

export const getTemplateRoute = defineRoute({
  method: "GET",
  path: "/system/templates/{id}",
  access: { permission: "templates.read" },
  summary: "A template and its module assignments",
  tags: ["templates"],
  params: idParams,
  response: templateSchema,
  errorStatuses: [404],
  handler: (svc, { params }) => templateDetail(requireSvc(svc), params.id),
});

export const updateTemplateRoute = defineRoute({
  method: "PATCH",
  path: "/system/templates/{id}",
  access: { permission: "templates.edit" },
  summary: "Rename a template or change its description",
  tags: ["templates"],
  params: idParams,
  body: z.object({ name: templateNameSchema.optional(), description: templateDescriptionSchema.optional() }).meta({ id: "UpdateTemplate" }),
  response: templateSchema,
  errorStatuses: [404, 409],
  handler: async (svc, { params, body }) => {
    const s = requireSvc(svc);
    if (body.name === undefined && body.description === undefined) {
      await getTemplate(s, params.id);
      throw new AppError("BAD_REQUEST", "Nothing to change: give name or description.");
    }
    await updateTemplate(s, { templateId: params.id, name: body.name, description: body.description });
    return templateDetail(s, params.id);
  },
});

export const deleteTemplateRoute = defineRoute({
  method: "DELETE",
  path: "/system/templates/{id}",
  access: { permission: "templates.edit" },
  summary: "Delete a template (refused with 409 while instances use it)",
  tags: ["templates"],
  params: idParams,
  query: z.object({ reason: z.string().max(2000).optional() }),
  response: z.null(),
  successStatus: 204,
  errorStatuses: [404, 409],
  handler: async (svc, { params, query }) => {
    await deleteTemplate(requireSvc(svc), { templateId: params.id, reason: query.reason });
    return null;
  },
});

export const acceptErrorsRoute = defineRoute({
  method: "POST",
  path: "/system/templates/{id}/accept_errors",
  access: { permission: "templates.edit" },
  summary: "Accept the template's current composition errors with a reason (audited)",
  tags: ["templates"],
  params: idParams,
  body: z.object({ reason: overrideReasonSchema }).meta({ id: "AcceptErrors" }),
  response: z.object({ id: z.string(), accepted_errors: z.number().int(), health: healthSchema }),
  errorStatuses: [404, 422],
  handler: async (svc, { params, body }) => {
    const r = await acceptErrors(requireSvc(svc), { templateId: params.id, reason: body.reason });
    return { id: r.id, accepted_errors: r.acceptedErrors, health: healthOut(r.health) };
  },
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
  params: idParams,
  body: z
    .object({
      module_name: moduleNameRefSchema,
      metadata: assignmentMetadataSchema.optional(),
      effective_priority: effectivePriorityOverrideSchema.nullable().optional().meta({ description: "Overrides the derived effective priority" }),
      enabled: z.boolean().optional(),
      pinned_version: versionRefSchema.nullable().optional().meta({ description: "Must be a blessed or live version" }),
      override_reason: overrideReasonSchema.optional().meta({ description: "Required when the assignment introduces composition errors" }),
    })
    .meta({ id: "AssignModule" }),
  response: assignmentOutSchema,
  successStatus: 201,
  errorStatuses: [404, 409, 422],
  handler: async (svc, { params, body }) => {
    const r = await assignModule(requireSvc(svc), {
      templateId: params.id,
      moduleName: body.module_name,
      metadata: body.metadata ?? {},
      effectivePriorityOverride: body.effective_priority ?? null,
      enabled: body.enabled ?? true,
      pinnedVersion: body.pinned_version ?? null,
      overrideReason: body.override_reason,
    });
    return { id: r.id, module: r.moduleName, revision: r.revision, composition: outcomeOut(r.composition) };
  },
});

export const updateAssignmentRoute = defineRoute({
  method: "PATCH",
  path: "/system/node_module_assignments/{id}",
  access: { permission: "assignments.edit" },
  summary: "Update an assignment: only the fields given change",
  tags: ["templates"],
  params: assignmentParams,
  body: z
    .object({
      effective_priority: effectivePriorityOverrideSchema.nullable().optional().meta({ description: "null clears the override" }),
      enabled: z.boolean().optional(),
      metadata: assignmentMetadataSchema.optional().meta({ description: "Replaces the whole object (at most 16 KiB of JSON)" }),
      pinned_version: versionRefSchema.nullable().optional().meta({ description: "A blessed or live version; null unpins" }),
      expected_revision: z.number().int().min(0).optional().meta({ description: "Compare-and-set: 409 when the assignment changed meanwhile" }),
      override_reason: overrideReasonSchema.optional().meta({ description: "Required when the change introduces composition errors" }),
    })
    .refine(
      (b) => b.effective_priority !== undefined || b.enabled !== undefined || b.metadata !== undefined || b.pinned_version !== undefined,
      "Nothing to change: give effective_priority, enabled, metadata or pinned_version.",
    )
    .meta({ id: "UpdateAssignment" }),
  response: assignmentOutSchema,
  errorStatuses: [404, 409, 422],
  handler: async (svc, { params, body }) => {
    const r = await updateAssignment(requireSvc(svc), {
      assignmentId: params.id,
      effectivePriorityOverride: body.effective_priority,
      enabled: body.enabled,
      metadata: body.metadata,
      pinnedVersion: body.pinned_version,
      expectedRevision: body.expected_revision,
      overrideReason: body.override_reason,
    });
    return { id: r.id, module: r.moduleName, revision: r.revision, composition: outcomeOut(r.composition) };
  },
});

export const unassignModuleRoute = defineRoute({
  method: "DELETE",
  path: "/system/node_module_assignments/{id}",
  access: { permission: "assignments.edit" },
  summary: "Remove a module from its template",
  tags: ["templates"],
  params: assignmentParams,
  query: z.object({
    expected_revision: z.coerce.number().int().min(0).optional(),
    override_reason: overrideReasonSchema.optional().meta({ description: "Required when the removal introduces composition errors" }),
  }),
  response: z.object({ id: z.string(), module: z.string(), composition: compositionOutcomeSchema }).meta({ id: "Unassigned" }),
  errorStatuses: [404, 409, 422],
  handler: async (svc, { params, query }) => {
    const r = await unassignModule(requireSvc(svc), { assignmentId: params.id, expectedRevision: query.expected_revision, overrideReason: query.override_reason });
    return { id: r.id, module: r.moduleName, composition: outcomeOut(r.composition) };
  },
});

const includePathsSchema = z
  .enum(["none", "contested", "all", "true", "false"])
  .default("none")
  .transform((v) => (v === "true" ? "all" : v === "false" ? "none" : v))
  .meta({ description: "Add the per-path overlay: contested paths only, or all (can be large)" });

export const composePreviewRoute = defineRoute({
  method: "GET",
  path: "/system/templates/{id}/compose_preview",
  access: { permission: "templates.read" },
  summary: "The template's composition as it would deploy (optionally with a what-if candidate version)",
  tags: ["templates"],
  params: idParams,
  query: z
    .object({
      candidate_module: moduleNameRefSchema.optional(),
      candidate_version: versionRefSchema.optional(),
      candidate_assign: z
        .enum(["true", "false"])
        .optional()
        .meta({ description: "Add the candidate to the template when it is not assigned (default: only replace)" }),
      include_paths: includePathsSchema,
    })
    .refine((q) => (q.candidate_module === undefined) === (q.candidate_version === undefined), "Give candidate_module and candidate_version together."),
  response: composePreviewSchema,
  errorStatuses: [404],
  handler: (svc, { params, query }) =>
    composePreviewExternal(requireSvc(svc), params.id, {
      candidate:
        query.candidate_module && query.candidate_version
          ? { moduleName: query.candidate_module, version: query.candidate_version, assign: query.candidate_assign === "true" }
          : undefined,
      includePaths: query.include_paths,
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
