import { z } from "zod";
import { idSchema } from "./ids";
import { TEMPLATE_PAGE_MAX, TEMPLATE_SORTS } from "./template-values";

export const MAX_METADATA_BYTES = 16 * 1024;
export const MAX_METADATA_DEPTH = 16;

function depthOf(value: unknown, depth = 0): number {
  if (depth > MAX_METADATA_DEPTH) return depth;
  if (Array.isArray(value)) return value.reduce<number>((max, item) => Math.max(max, depthOf(item, depth + 1)), depth + 1);
  if (value !== null && typeof value === "object") {
    return Object.values(value).reduce<number>((max, item) => Math.max(max, depthOf(item, depth + 1)), depth + 1);
  }
  return depth;
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

/**
 * A JSON object handed to the node agent at boot; bounded so one template cannot bloat every boot. Values must
 * be plain JSON (no dates, no undefined), the encoded size (UTF-8) at most 16 KiB, nesting at most 16 levels.
 */
export const assignmentMetadataSchema = z
  .record(z.string().min(1, "Keys cannot be empty").max(200, "Keys are limited to 200 characters"), z.json())
  .superRefine((value, ctx) => {
    const bytes = new TextEncoder().encode(JSON.stringify(value)).length;
    if (bytes > MAX_METADATA_BYTES) {
      ctx.addIssue({ code: "custom", message: `Metadata is limited to ${MAX_METADATA_BYTES / 1024} KiB of JSON; this is ${kib(bytes)}.` });
      return;
    }
    if (depthOf(value) > MAX_METADATA_DEPTH) ctx.addIssue({ code: "custom", message: `Metadata may nest at most ${MAX_METADATA_DEPTH} levels deep.` });
  });

export const templateNameSchema = z
  .string()
  .trim()
  .min(1, "Required")
  .max(64, "At most 64 characters")
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, "Lowercase letters, digits and dashes");

export const templateDescriptionSchema = z.string().trim().max(2000, "At most 2,000 characters");

/** Any integer an operator may type; the rule only says it replaces the derived value (docs/composition.md). */
export const effectivePriorityOverrideSchema = z
  .number()
  .int("A whole number")
  .min(0, "At least 0")
  .max(10_000_000, "At most 10,000,000");

/** Why a change that introduces composition errors is saved anyway (audited; docs/templates.md). */
export const overrideReasonSchema = z.string().trim().min(3, "Say why (at least 3 characters)").max(2000, "At most 2,000 characters");

export const moduleNameRefSchema = z.string().trim().min(1).max(64);
export const versionRefSchema = z.string().trim().min(1).max(100);

export const createTemplateInput = z.object({
  name: templateNameSchema,
  description: templateDescriptionSchema.default(""),
});

export { TEMPLATE_PAGE_MAX, TEMPLATE_SORTS };
export const listTemplatesInput = z
  .object({
    search: z.string().trim().max(200).optional().meta({ description: "Substring of the name or description" }),
    sort: z.enum(TEMPLATE_SORTS).default("name"),
    dir: z.enum(["asc", "desc"]).default("asc"),
    page: z.number().int().min(1).max(10_000).default(1),
    pageSize: z.number().int().min(1).max(TEMPLATE_PAGE_MAX).default(50),
    health: z
      .boolean()
      .default(true)
      .meta({ description: "false answers names and counts without composing each template (health is then null)" }),
  })
  .default({ sort: "name", dir: "asc", page: 1, pageSize: 50, health: true });

export const templateIdInput = z.object({ templateId: idSchema });

export const updateTemplateInput = z
  .object({
    templateId: idSchema,
    name: templateNameSchema.optional(),
    description: templateDescriptionSchema.optional(),
  })
  .refine((v) => v.name !== undefined || v.description !== undefined, { message: "Nothing to change: give a name or a description." });

export const deleteTemplateInput = z.object({
  templateId: idSchema,
  reason: z.string().trim().max(2000).optional(),
});

export const acceptErrorsInput = z.object({
  templateId: idSchema,
  reason: overrideReasonSchema,
});

export const assignModuleInput = z.object({
  templateId: idSchema,
  moduleName: moduleNameRefSchema,
  enabled: z.boolean().default(true),
  effectivePriorityOverride: effectivePriorityOverrideSchema.nullable().optional().meta({ description: "Overrides the derived effective priority" }),
  pinnedVersion: versionRefSchema.nullable().optional().meta({ description: "Must be a blessed or live version" }),
  metadata: assignmentMetadataSchema.default({}),
  overrideReason: overrideReasonSchema.optional().meta({ description: "Required when the assignment introduces composition errors" }),
});

/**
 * A partial update (PATCH): only the fields given change, each written in one UPDATE, so concurrent updates of
 * different fields never undo each other. `expectedRevision` (the UI always sends it) makes the update a
 * compare-and-set: a stale editor gets CONFLICT instead of silently overwriting someone else's change.
 */
export const updateAssignmentInput = z
  .object({
    assignmentId: idSchema,
    enabled: z.boolean().optional(),
    effectivePriorityOverride: effectivePriorityOverrideSchema.nullable().optional().meta({ description: "null clears the override (the derived priority applies again)" }),
    pinnedVersion: versionRefSchema.nullable().optional().meta({ description: "A blessed or live version; null unpins (the live version deploys again)" }),
    metadata: assignmentMetadataSchema.optional().meta({ description: "Replaces the whole object (at most 16 KiB of JSON)" }),
    expectedRevision: z.number().int().min(0).optional().meta({ description: "Compare-and-set: CONFLICT (409) when the assignment changed meanwhile" }),
    overrideReason: overrideReasonSchema.optional().meta({ description: "Required when the change introduces composition errors" }),
  })
  .refine(
    (v) => v.enabled !== undefined || v.effectivePriorityOverride !== undefined || v.pinnedVersion !== undefined || v.metadata !== undefined,
    { message: "Nothing to change: give enabled, the effective priority override, the pinned version or metadata." },
  );

export const unassignModuleInput = z.object({
  assignmentId: idSchema,
  expectedRevision: z.number().int().min(0).optional(),
  overrideReason: overrideReasonSchema.optional().meta({ description: "Required when the removal introduces composition errors" }),
});

/**
 * A what-if version (docs/composition.md): replaces the module's deploying version, or adds the module when `assign`.
 */
export const candidateInput = z.object({
  moduleName: moduleNameRefSchema,
  version: versionRefSchema,
  assign: z.boolean().optional(),
});

/** A proposed assignment change, previewed without saving (the editor's confirmation dialogs). */
export const proposedChangeInput = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("assign"),
    moduleName: moduleNameRefSchema,
    enabled: z.boolean().optional(),
    effectivePriorityOverride: effectivePriorityOverrideSchema.nullable().optional(),
    pinnedVersion: versionRefSchema.nullable().optional(),
  }),
  z.object({
    kind: z.literal("update"),
    assignmentId: idSchema,
    enabled: z.boolean().optional(),
    effectivePriorityOverride: effectivePriorityOverrideSchema.nullable().optional(),
    pinnedVersion: versionRefSchema.nullable().optional(),
  }),
  z.object({ kind: z.literal("unassign"), assignmentId: idSchema }),
]);

export const composePreviewInput = z.object({
  templateId: idSchema,
  candidate: candidateInput.optional(),
  change: proposedChangeInput.optional(),
});

export const OVERLAY_FILTERS = ["all", "contested", "conflicts", "shadowed", "dropped", "module"] as const;
export const OVERLAY_PAGE_MAX = 5000;

/**
 * The overlay is served in pieces: the children of one directory (the lazy tree), or a flat list of paths
 * matching a search (substring, or a glob when it contains `*`, `?` or `[`). Filters narrow both.
 */
export const overlayQueryInput = z.object({
  templateId: idSchema,
  candidate: candidateInput.optional(),
  /** Directory whose children to list (`""` or `/` is the root). Ignored when `search` is given. */
  dir: z.string().max(4096).default(""),
  search: z.string().trim().max(1000).optional(),
  filter: z.enum(OVERLAY_FILTERS).default("all"),
  /** With filter "module": the module whose paths to show (it wins, is shadowed, or was dropped). */
  module: z.string().max(200).optional(),
  cursor: z.number().int().min(0).default(0),
  limit: z.number().int().min(1).max(OVERLAY_PAGE_MAX).default(2000),
});

export const overlayPathInput = z.object({
  templateId: idSchema,
  candidate: candidateInput.optional(),
  path: z.string().min(1).max(4096),
});

export const catalogInput = z.object({
  templateId: idSchema.optional(),
  search: z.string().trim().max(200).optional(),
  limit: z.number().int().min(1).max(100).default(30),
});

export type CreateTemplateInput = z.input<typeof createTemplateInput>;
export type UpdateAssignmentInput = z.output<typeof updateAssignmentInput>;
export type ProposedChange = z.output<typeof proposedChangeInput>;
export type CandidateInput = z.output<typeof candidateInput>;
export type OverlayQueryInput = z.output<typeof overlayQueryInput>;
export type OverlayFilter = (typeof OVERLAY_FILTERS)[number];
