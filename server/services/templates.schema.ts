import { z } from "zod";

export const MAX_METADATA_BYTES = 16 * 1024;

/** A JSON object handed to the node agent at boot; bounded so one template cannot bloat every boot. */
export const assignmentMetadataSchema = z
  .record(z.string().max(200), z.unknown())
  .default({})
  .refine((value) => JSON.stringify(value).length <= MAX_METADATA_BYTES, `Metadata is limited to ${MAX_METADATA_BYTES / 1024} KiB of JSON`);

export const templateNameSchema = z
  .string()
  .trim()
  .regex(/^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/, "Lowercase letters, digits and dashes");

export const createTemplateInput = z.object({
  name: templateNameSchema,
  description: z.string().trim().max(2000).default(""),
});

export const assignModuleInput = z.object({
  templateId: z.string().uuid(),
  moduleName: z.string().min(1).max(64),
  enabled: z.boolean().default(true),
  effectivePriorityOverride: z.number().int().min(0).max(10_000_000).nullable().optional(),
  pinnedVersion: z.string().max(100).nullable().optional(),
  metadata: assignmentMetadataSchema,
});
