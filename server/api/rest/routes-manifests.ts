/**
 * REST for the draft manifest of a module (docs/manifest-editor.md): read it with its hash, and replace it.
 * Thin adapters over server/services/manifests.ts; JSON is snake_case (converted explicitly here).
 */
import { z } from "zod";
import { toSnakeCaseResult, toSnakeCaseIssue } from "../../domain/manifest/external";
import { moduleNameSchema } from "../../domain/manifest/schema";
import type { Issue } from "../../domain/issues";
import { AppError, isAppError } from "../../errors";
import type { ServiceContext } from "../../services/context";
import { getManifest, saveManifest } from "../../services/manifests";
import { manifestHashSchema } from "../../contracts/manifests";
import { defineRoute } from "./define";

function requireSvc(svc: ServiceContext | null): ServiceContext {
  if (!svc) throw new AppError("UNAUTHORIZED", "Authentication required.");
  return svc;
}

const rangeSchema = z.object({
  start_line: z.number().int(),
  start_column: z.number().int(),
  end_line: z.number().int(),
  end_column: z.number().int(),
});

const issueSchema = z.object({
  code: z.string().meta({ example: "legacy.registration_field" }),
  severity: z.enum(["error", "warning", "conflict"]),
  message: z.string(),
  path: z.string().meta({ description: "JSON pointer into the manifest", example: "/category" }),
  range: rangeSchema.meta({ description: "1-based source range; end column exclusive" }),
  hint: z.string().optional(),
  related_module: z.string().optional(),
  fix: z.object({ title: z.string(), edits: z.array(z.object({ range: rangeSchema, text: z.string() })) }).optional(),
});

const paramsSchema = z.object({ name: moduleNameSchema });

export const getModuleManifestRoute = defineRoute({
  method: "GET",
  path: "/system/modules/{name}/manifest",
  access: { permission: "modules.read" },
  summary: "A module's draft manifest, its sha256 (for compare-and-set) and the manifest of its live version",
  tags: ["modules"],
  params: paramsSchema,
  errorStatuses: [404],
  response: z
    .object({
      module: z.string(),
      manifest_yaml: z.string(),
      sha256: z.string().meta({ description: "Send it back as expected_sha256 to save only if nobody saved in between" }),
      updated_at: z.string(),
      live_version: z.object({ version: z.string(), manifest_yaml: z.string() }).nullable(),
    })
    .meta({ id: "ModuleManifest" }),
  handler: async (svc, { params }) => {
    const doc = await getManifest(requireSvc(svc), { moduleName: params.name });
    return {
      module: doc.module.name,
      manifest_yaml: doc.manifestYaml,
      sha256: doc.hash,
      updated_at: doc.module.updatedAt.toISOString(),
      live_version: doc.live ? { version: doc.live.version, manifest_yaml: doc.live.manifestYaml } : null,
    };
  },
});

function snakeIssues(issues: unknown): unknown {
  return Array.isArray(issues) ? (issues as Issue[]).map(toSnakeCaseIssue) : [];
}

export const putModuleManifestRoute = defineRoute({
  method: "PUT",
  path: "/system/modules/{name}/manifest",
  access: { permission: "manifests.edit" },
  summary: "Replace a module's draft manifest (validated with the account context; 422 with the issues when it has errors)",
  tags: ["modules"],
  params: paramsSchema,
  // JSON escaping can grow a 256 KiB manifest; the 256 KiB rule itself is checked on the decoded text (413).
  maxBodyBytes: 2 * 1024 * 1024,
  body: z.object({
    manifest_yaml: z.string().meta({ description: "The whole manifest.yaml (≤ 256 KiB of UTF-8)" }),
    expected_sha256: manifestHashSchema
      .optional()
      .meta({ description: "Compare-and-set: the sha256 from GET; 409 when the draft changed since" }),
  }),
  errorStatuses: [404, 409, 413, 422],
  response: z
    .object({
      valid: z.boolean(),
      errors: z.array(issueSchema),
      warnings: z.array(issueSchema),
      conflicts: z.array(issueSchema),
      changed: z.boolean().meta({ description: "false when the text was already the stored draft (nothing written)" }),
      sha256: z.string(),
      updated_at: z.string(),
    })
    .meta({ id: "ModuleManifestSaved" }),
  handler: async (svc, { params, body }) => {
    try {
      const saved = await saveManifest(requireSvc(svc), {
        moduleName: params.name,
        manifestYaml: body.manifest_yaml,
        ...(body.expected_sha256 !== undefined ? { expectedHash: body.expected_sha256 } : {}),
      });
      return { ...toSnakeCaseResult(saved.result), changed: saved.changed, sha256: saved.hash, updated_at: saved.updatedAt.toISOString() };
    } catch (error) {
      // The service speaks camelCase; external JSON is snake_case throughout, error details included.
      if (isAppError(error) && error.code === "UNPROCESSABLE") {
        const details = (error.details ?? {}) as { errors?: unknown; warnings?: unknown; conflicts?: unknown };
        throw new AppError("UNPROCESSABLE", error.message, {
          details: { errors: snakeIssues(details.errors), warnings: snakeIssues(details.warnings), conflicts: snakeIssues(details.conflicts) },
        });
      }
      if (isAppError(error) && error.code === "CONFLICT" && error.details) {
        const details = error.details as { currentHash?: string; updatedAt?: string };
        throw new AppError("CONFLICT", error.message, { details: { current_sha256: details.currentHash, updated_at: details.updatedAt } });
      }
      throw error;
    }
  },
});
