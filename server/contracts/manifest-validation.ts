/**
 * A manifest validation result as it travels between processes (snake_case, docs/manifest-validation.md): the
 * REST API answers it, `strata validate --json` prints it and `strata validate --remote` reads it back. The REST
 * route table documents it in OpenAPI from these same schemas. Browser-safe: zod only.
 */
import * as z from "zod";

const issueRangeSchema = z.object({ start_line: z.number().int(), start_column: z.number().int(), end_line: z.number().int(), end_column: z.number().int() });

export const externalIssueSchema = z
  .object({
    code: z.string(),
    severity: z.enum(["error", "warning", "conflict"]),
    message: z.string(),
    path: z.string().meta({ description: "JSON pointer into the manifest" }),
    range: issueRangeSchema,
    hint: z.string().optional(),
    related_module: z.string().optional(),
    fix: z.object({ title: z.string(), edits: z.array(z.object({ range: issueRangeSchema, text: z.string() })) }).optional(),
  })
  .meta({ id: "Issue" });

export const validationResultSchema = z
  .object({ valid: z.boolean(), errors: z.array(externalIssueSchema), warnings: z.array(externalIssueSchema), conflicts: z.array(externalIssueSchema) })
  .meta({ id: "ManifestValidationResult" });
