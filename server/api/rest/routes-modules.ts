/**
 * REST for modules (docs/modules.md): thin adapters over server/services/modules.ts. JSON is snake_case and
 * converted here, field by field, in both directions. Field errors travel in `error.details.fields` keyed by the
 * snake_case body field; a rejected manifest's whole validation result is in `error.details.validation`.
 */
import { z } from "zod";
import { validationResultSchema } from "../../contracts/manifest-validation";
import { toSnakeCaseResult } from "../../domain/manifest/external";
import type { ValidationResult } from "../../domain/manifest/validate";
import { PROMOTION_STATES } from "../../domain/promotion/states";
import { AppError, isAppError } from "../../errors";
import type { ServiceContext } from "../../services/context";
import {
  getModule,
  listModules,
  registerModule,
  updateModule,
  validateManifestForAccount,
  type ModuleDetail,
} from "../../services/modules";
import type { VersionSummary } from "../../services/modules-catalog";
import {
  CATALOG_MAX_PAGE_SIZE,
  CATALOG_STATE_FILTERS,
  MODULE_VARIETIES,
  MAX_MANIFEST_BYTES,
  VISIBILITIES,
  registerModuleInput,
  updateModulePatch,
  type CatalogSort,
} from "../../contracts/modules";
import { defineRoute } from "./define";

function requireSvc(svc: ServiceContext | null): ServiceContext {
  if (!svc) throw new AppError("UNAUTHORIZED", "Authentication required.");
  return svc;
}

// ---------------------------------------------------------------------------------------------------------
// camelCase ↔ snake_case

const SNAKE_FIELDS: Record<string, string> = {
  name: "name",
  displayName: "display_name",
  description: "description",
  categorySlug: "category_slug",
  variety: "variety",
  parentModule: "parent_module",
  priority: "priority",
  visibility: "visibility",
  repositoryUrl: "repository_url",
  cosignIdentityRegexp: "cosign_identity_regexp",
  cosignIssuerRegexp: "cosign_issuer_regexp",
  manifestYaml: "manifest_yaml",
  expectedUpdatedAt: "expected_updated_at",
};
const snake = (field: string) => SNAKE_FIELDS[field] ?? field;

function snakeFields(fieldErrors: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fieldErrors).map(([field, message]) => [snake(field), message]));
}

/** Re-throws service errors with their field errors (and a rejected manifest's result) in REST's snake_case. */
async function restErrors<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!isAppError(error)) throw error;
    const details: Record<string, unknown> = {};
    if (error.fieldErrors) details.fields = snakeFields(error.fieldErrors);
    const validation = (error.details as { validation?: ValidationResult } | undefined)?.validation;
    if (validation) details.validation = toSnakeCaseResult(validation);
    throw new AppError(error.code, error.message, Object.keys(details).length ? { details } : { details: error.details });
  }
}

/** Service-schema problems (cross-field rules, regexp shape) reported like the body schema's own, snake_case. */
function parseForService<T extends z.ZodType>(schema: T, value: unknown, prefix: string[] = []): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({
    path: [...prefix, ...issue.path.map((p) => snake(String(p)))].join("."),
    message: issue.message,
  }));
  throw new AppError("BAD_REQUEST", "Invalid request body.", {
    details: { location: "body", issues, fields: Object.fromEntries(issues.map((i) => [i.path, i.message])) },
  });
}

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

function versionRef(ref: { version: string; createdAt: Date; previouslyLive: boolean }) {
  return { version: ref.version, created_at: ref.createdAt.toISOString(), previously_live: ref.previouslyLive };
}

function summaryToRest(summary: VersionSummary): z.input<typeof versionSummarySchema> {
  return {
    total: summary.total,
    counts: summary.counts,
    latest: summary.latest ? { ...versionRef(summary.latest), state: summary.latest.state } : null,
    latest_by_state: Object.fromEntries(Object.entries(summary.latestByState).map(([state, ref]) => [state, versionRef(ref)])),
    stale: summary.stale
      ? { version: summary.stale.version, hours_in_staging: Math.round(summary.stale.hoursInStaging * 10) / 10, threshold_hours: summary.stale.thresholdHours }
      : null,
    ready_to_bless: summary.ready ? { version: summary.ready.version, summary: summary.ready.summary } : null,
  };
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

function detailToRest(m: ModuleDetail): z.input<typeof moduleDetailSchema> {
  return {
    name: m.name,
    display_name: m.displayName,
    description: m.description,
    category: m.category,
    variety: m.variety,
    parent_module: m.parentModule?.name ?? null,
    children: m.children.map((c) => c.name),
    priority: m.priority,
    effective_priority: m.effectivePriority,
    priority_derivation: m.derivation.text,
    visibility: m.visibility,
    repository_url: m.repositoryUrl,
    cosign_identity_regexp: m.cosignIdentityRegexp,
    cosign_issuer_regexp: m.cosignIssuerRegexp,
    manifest_bytes: m.manifestBytes,
    created_at: m.createdAt.toISOString(),
    updated_at: m.updatedAt.toISOString(),
    versions: summaryToRest(m.versions),
  };
}

const nameParams = z.object({ name: z.string().min(1).max(200) });

// ---------------------------------------------------------------------------------------------------------

const SORTS: Record<string, CatalogSort> = {
  name: "name",
  priority: "priority",
  effective_priority: "effectivePriority",
  updated: "updated",
  category: "category",
};

export const listModulesRoute = defineRoute({
  method: "GET",
  path: "/system/modules",
  access: { permission: "modules.read" },
  summary: "The modules catalog: search, filter, sort and page",
  tags: ["modules"],
  query: z.object({
    search: z.string().max(200).optional(),
    category: z.string().max(64).optional().meta({ description: "Category slug" }),
    variety: z.enum(MODULE_VARIETIES).optional(),
    state: z.enum(CATALOG_STATE_FILTERS).optional().meta({ description: "Promotion state of the latest version; none = no versions" }),
    sort: z.enum(["name", "priority", "effective_priority", "updated", "category"]).default("name"),
    direction: z.enum(["asc", "desc"]).default("asc"),
    page: z.coerce.number().int().min(1).max(100_000).default(1),
    page_size: z.coerce.number().int().min(1).max(CATALOG_MAX_PAGE_SIZE).default(50),
  }),
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
  handler: async (svc, { query }) => {
    const result = await listModules(requireSvc(svc), {
      search: query.search,
      category: query.category,
      variety: query.variety,
      state: query.state,
      sort: SORTS[query.sort] ?? "name",
      direction: query.direction,
      page: query.page,
      pageSize: query.page_size,
    });
    return {
      modules: result.modules.map((m) => ({
        name: m.name,
        display_name: m.displayName,
        category: m.category,
        variety: m.variety,
        priority: m.priority,
        effective_priority: m.effectivePriority,
        priority_derivation: m.derivation,
        updated_at: m.updatedAt.toISOString(),
        versions: summaryToRest(m.versions ?? { total: 0, counts: { built: 0, staging: 0, blessed: 0, live: 0, retired: 0 }, latest: null, latestByState: {}, stale: null, ready: null }),
      })),
      total: result.total,
      page: result.page,
      page_size: result.pageSize,
      categories: result.categories,
    };
  },
});

export const registerModuleRoute = defineRoute({
  method: "POST",
  path: "/system/modules",
  access: { permission: "modules.create" },
  summary: "Register a module (optionally with a starting manifest, validated against the account first)",
  tags: ["modules"],
  // A 256 KiB manifest plus JSON escaping.
  maxBodyBytes: 4 * MAX_MANIFEST_BYTES,
  body: z
    .object({
      name: z.string(),
      display_name: z.string(),
      description: z.string().optional(),
      category_slug: z.string(),
      variety: z.enum(MODULE_VARIETIES).optional(),
      parent_module: z.string().optional(),
      priority: z.number().int().optional(),
      visibility: z.enum(VISIBILITIES).optional(),
      repository_url: z.string().optional(),
      cosign_identity_regexp: z.string().optional(),
      cosign_issuer_regexp: z.string().optional(),
      manifest_yaml: z.string().optional(),
    })
    .meta({ id: "RegisterModule" }),
  successStatus: 201,
  errorStatuses: [409, 413, 422],
  response: moduleDetailSchema.extend({ validation: validationResultSchema.nullable() }).meta({ id: "RegisteredModule" }),
  handler: async (svc, { body }) => {
    const ctx = requireSvc(svc);
    const input = parseForService(registerModuleInput, {
      name: body.name,
      displayName: body.display_name,
      description: body.description,
      categorySlug: body.category_slug,
      variety: body.variety,
      parentModule: body.parent_module,
      priority: body.priority,
      visibility: body.visibility,
      repositoryUrl: body.repository_url,
      cosignIdentityRegexp: body.cosign_identity_regexp,
      cosignIssuerRegexp: body.cosign_issuer_regexp,
      manifestYaml: body.manifest_yaml,
    });
    return restErrors(async () => {
      const created = await registerModule(ctx, input);
      const detail = await getModule(ctx, created.name);
      return { ...detailToRest(detail), validation: created.validation ? toSnakeCaseResult(created.validation) : null };
    });
  },
});

export const getModuleRoute = defineRoute({
  method: "GET",
  path: "/system/modules/{name}",
  access: { permission: "modules.read" },
  summary: "One module: registration facts, effective priority and its derivation, versions summary",
  tags: ["modules"],
  params: nameParams,
  errorStatuses: [404],
  response: moduleDetailSchema,
  handler: async (svc, { params }) => detailToRest(await getModule(requireSvc(svc), params.name)),
});

export const updateModuleRoute = defineRoute({
  method: "PATCH",
  path: "/system/modules/{name}",
  access: { permission: "modules.update" },
  summary: "Edit registration fields (the name is immutable; null or \"\" clears an optional field)",
  tags: ["modules"],
  params: nameParams,
  body: z
    .object({
      name: z.unknown().optional().meta({ description: "Immutable: sending it is an error" }),
      display_name: z.string().optional(),
      description: z.string().optional(),
      category_slug: z.string().optional(),
      variety: z.enum(MODULE_VARIETIES).optional(),
      parent_module: z.string().nullable().optional(),
      priority: z.number().int().optional(),
      visibility: z.enum(VISIBILITIES).optional(),
      repository_url: z.string().nullable().optional(),
      cosign_identity_regexp: z.string().nullable().optional(),
      cosign_issuer_regexp: z.string().nullable().optional(),
      expected_updated_at: z.iso.datetime({ offset: true }).optional().meta({ description: "Answer 409 if the module changed since this time (its updated_at when you read it)" }),
    })
    .strict()
    .meta({ id: "UpdateModule" }),
  errorStatuses: [404, 409],
  response: moduleDetailSchema,
  handler: async (svc, { params, body }) => {
    const ctx = requireSvc(svc);
    const patch = parseForService(updateModulePatch, {
      ...(body.name !== undefined ? { name: body.name } : {}),
      displayName: body.display_name,
      description: body.description,
      categorySlug: body.category_slug,
      variety: body.variety,
      parentModule: body.parent_module,
      priority: body.priority,
      visibility: body.visibility,
      repositoryUrl: body.repository_url,
      cosignIdentityRegexp: body.cosign_identity_regexp,
      cosignIssuerRegexp: body.cosign_issuer_regexp,
    });
    return restErrors(async () => {
      await updateModule(ctx, {
        name: params.name,
        patch,
        ...(body.expected_updated_at ? { expectedUpdatedAt: new Date(body.expected_updated_at) } : {}),
      });
      return detailToRest(await getModule(ctx, params.name));
    });
  },
});

export const validateModuleManifestRoute = defineRoute({
  method: "POST",
  path: "/system/validate_module_manifest",
  access: { permission: "modules.read" },
  summary: "Validate a manifest against this account (the object `strata validate --json` prints, plus account checks)",
  tags: ["modules"],
  // Bodies up to 4× the manifest limit are read so the validator itself can answer `input.too_large`.
  maxBodyBytes: 4 * MAX_MANIFEST_BYTES,
  body: z
    .object({
      manifest_yaml: z.string(),
      category_slug: z.string().max(64).optional(),
      module_name: z.string().max(200).optional(),
    })
    .meta({ id: "ValidateModuleManifest" }),
  errorStatuses: [413],
  response: validationResultSchema,
  handler: async (svc, { body }) => {
    const result = await validateManifestForAccount(requireSvc(svc), {
      manifestYaml: body.manifest_yaml,
      ...(body.category_slug !== undefined ? { categorySlug: body.category_slug } : {}),
      ...(body.module_name !== undefined ? { moduleName: body.module_name } : {}),
    });
    return toSnakeCaseResult(result);
  },
});

export const moduleRoutes = [listModulesRoute, registerModuleRoute, getModuleRoute, updateModuleRoute, validateModuleManifestRoute];
