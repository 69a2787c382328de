/**
 * REST for modules (docs/modules.md): thin adapters over server/services/modules.ts. Field errors travel in
 * `error.details.fields` keyed by the snake_case body field; a rejected manifest's whole validation result is in
 * `error.details.validation` (both written by the dispatcher, server/api/rest/kit.ts).
 */
import { z } from "zod";
import { protectedPathsResponse } from "../../contracts/author-kit";
import { validationResultSchema } from "../../contracts/manifest-validation";
import {
  CATALOG_SORTS,
  MODULE_VARIETIES,
  MAX_MANIFEST_BYTES,
  VISIBILITIES,
  listModulesInput,
  moduleNameRef,
  moduleRefInput,
  registerModuleInput,
  updateModuleInput,
  updateModulePatch,
  validateManifestInput,
} from "../../contracts/modules";
import { PROMOTION_STATES } from "../../domain/promotion/states";
import { listProtectedPaths } from "../../services/author-kit";
import type { ServiceContext } from "../../services/context";
import { getModule, listModules, registerModule, updateModule, validateManifestForAccount } from "../../services/modules";
import type { VersionSummary } from "../../services/modules-catalog";
import { defineRoute } from "./define";
import { wireEnum } from "./kit";

const stateEnum = z.enum(PROMOTION_STATES);
const versionRefSchema = z.object({ version: z.string(), created_at: z.string(), previously_live: z.boolean() });
const versionSummarySchema = z
  .object({
    total: z.number().int(),
    counts: z.record(stateEnum, z.number().int()),
    latest: versionRefSchema.extend({ state: stateEnum }).nullable(),
    latest_by_state: z.partialRecord(stateEnum, versionRefSchema),
    stale: z.object({ version: z.string(), hours_in_staging: z.number(), threshold_hours: z.number() }).nullable(),
    ready_to_bless: z.object({ version: z.string(), summary: z.string() }).nullable(),
  })
  .meta({ id: "ModuleVersionSummary" });

const NO_VERSIONS: VersionSummary = {
  total: 0,
  counts: { built: 0, staging: 0, blessed: 0, live: 0, retired: 0 },
  latest: null,
  latestByState: {},
  stale: null,
  ready: null,
};

function summaryOut(summary: VersionSummary) {
  const { stale, ready, ...rest } = summary;
  return { ...rest, stale: stale && { ...stale, hoursInStaging: Math.round(stale.hoursInStaging * 10) / 10 }, readyToBless: ready };
}

const categoryRefSchema = z.object({ slug: z.string(), name: z.string(), position: z.number().int() });

const moduleDetailSchema = z
  .object({
    name: z.string(),
    display_name: z.string(),
    description: z.string(),
    category: categoryRefSchema,
    variety: z.enum(MODULE_VARIETIES),
    parent_module: z.string().nullable(),
    children: z.array(z.string()),
    priority: z.number().int(),
    effective_priority: z.number().int(),
    priority_derivation: z.string().meta({ example: "(userland 90 + config 1) × 1000 + 5 = 91005" }),
    visibility: z.enum(VISIBILITIES),
    repository_url: z.string().nullable(),
    cosign_identity_regexp: z.string().nullable(),
    cosign_issuer_regexp: z.string().nullable(),
    manifest_bytes: z.number().int(),
    created_at: z.string(),
    updated_at: z.string(),
    versions: versionSummarySchema,
  })
  .meta({ id: "Module" });

async function moduleOut(ctx: ServiceContext, name: string) {
  const m = await getModule(ctx, name);
  return {
    ...m,
    parentModule: m.parentModule?.name ?? null,
    children: m.children.map((c) => c.name),
    priorityDerivation: m.derivation.text,
    versions: summaryOut(m.versions),
  };
}

export const listModulesRoute = defineRoute({
  method: "GET",
  path: "/system/modules",
  access: { permission: "modules.read" },
  summary: "The modules catalog: search, filter, sort and page",
  tags: ["modules"],
  input: listModulesInput.extend({ sort: wireEnum(CATALOG_SORTS, "name") }),
  response: z
    .object({
      modules: z.array(
        z.object({
          name: z.string(),
          display_name: z.string(),
          category: categoryRefSchema,
          variety: z.enum(MODULE_VARIETIES),
          priority: z.number().int(),
          effective_priority: z.number().int(),
          priority_derivation: z.string(),
          updated_at: z.string(),
          versions: versionSummarySchema,
        }),
      ),
      total: z.number().int(),
      page: z.number().int(),
      page_size: z.number().int(),
      categories: z.array(categoryRefSchema.extend({ count: z.number().int() })),
    })
    .meta({ id: "ModuleList" }),
  handler: async (ctx, input) => {
    const catalog = await listModules(ctx, input);
    return {
      ...catalog,
      modules: catalog.modules.map((m) => ({ ...m, priorityDerivation: m.derivation, versions: summaryOut(m.versions ?? NO_VERSIONS) })),
    };
  },
});

export const registerModuleRoute = defineRoute({
  method: "POST",
  path: "/system/modules",
  access: { permission: "modules.create" },
  summary: "Register a module (optionally with a starting manifest, validated against the account first)",
  tags: ["modules"],
  input: registerModuleInput,
  bodyId: "RegisterModule",
  // A 256 KiB manifest plus JSON escaping.
  maxBodyBytes: 4 * MAX_MANIFEST_BYTES,
  successStatus: 201,
  errorStatuses: [409, 413, 422],
  response: moduleDetailSchema.extend({ validation: validationResultSchema.nullable() }).meta({ id: "RegisteredModule" }),
  handler: async (ctx, input) => {
    const created = await registerModule(ctx, input);
    return { ...(await moduleOut(ctx, created.name)), validation: created.validation };
  },
});

export const getModuleRoute = defineRoute({
  method: "GET",
  path: "/system/modules/{name}",
  access: { permission: "modules.read" },
  summary: "One module: registration facts, effective priority and its derivation, versions summary",
  tags: ["modules"],
  input: moduleRefInput,
  params: { name: "name" },
  errorStatuses: [404],
  response: moduleDetailSchema,
  handler: (ctx, input) => moduleOut(ctx, input.name),
});

export const updateModuleRoute = defineRoute({
  method: "PATCH",
  path: "/system/modules/{name}",
  access: { permission: "modules.update" },
  summary: "Edit registration fields (the name is immutable; null or \"\" clears an optional field)",
  tags: ["modules"],
  // The body is the patch itself; the module it edits is the path's.
  input: updateModulePatch.safeExtend({ moduleName: moduleNameRef, expectedUpdatedAt: updateModuleInput.shape.expectedUpdatedAt }),
  params: { name: "moduleName" },
  bodyId: "UpdateModule",
  errorStatuses: [404, 409],
  response: moduleDetailSchema,
  handler: async (ctx, { moduleName, expectedUpdatedAt, ...patch }) => {
    await updateModule(ctx, { name: moduleName, patch, ...(expectedUpdatedAt ? { expectedUpdatedAt } : {}) });
    return moduleOut(ctx, moduleName);
  },
});

export const validateModuleManifestRoute = defineRoute({
  method: "POST",
  path: "/system/validate_module_manifest",
  access: { permission: "modules.read" },
  summary: "Validate a manifest against this account (the object `strata validate --json` prints, plus account checks)",
  tags: ["modules"],
  input: validateManifestInput,
  bodyId: "ValidateModuleManifest",
  // Bodies up to 4× the manifest limit are read so the validator itself can answer `input.too_large`.
  maxBodyBytes: 4 * MAX_MANIFEST_BYTES,
  errorStatuses: [413],
  response: validationResultSchema,
  handler: (ctx, input) => validateManifestForAccount(ctx, input),
});

export const protectedPathsRoute = defineRoute({
  method: "GET",
  path: "/system/protected_paths",
  access: { permission: "modules.read" },
  summary: "Every module of the account that protects paths, with its draft's protected_spec (read by `strata dry-run --remote`)",
  tags: ["modules"],
  response: protectedPathsResponse.meta({ id: "ProtectedPaths" }),
  handler: (ctx) => listProtectedPaths(ctx),
});

export const moduleRoutes = [listModulesRoute, registerModuleRoute, getModuleRoute, updateModuleRoute, validateModuleManifestRoute, protectedPathsRoute];
