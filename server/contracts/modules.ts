/**
 * Module schemas, free of server dependencies: the registration form and the overview edit form reuse them
 * (react-hook-form + zodResolver), so the browser and the server reject exactly the same input.
 */
import { z } from "zod";
import { moduleNameSchema } from "../domain/manifest/schema";
import { checkRegexpShape, MAX_REGEXP_LENGTH } from "../domain/registration/regexp";
import { parseOciRepository } from "../domain/ingest/artifact";
import { CATALOG_SORTS, CATALOG_STATE_FILTERS, MODULE_VARIETIES } from "./module-values";

const ociRepositoryMessage = "A registry repository such as registry.example.com/acme/modules/my-nginx (no scheme, no tag)";
const isOciRepository = (value: string) => parseOciRepository(value).ok;

export { MODULE_VARIETIES, CATALOG_STATE_FILTERS, CATALOG_SORTS, type ModuleVariety, type CatalogStateFilter, type CatalogSort } from "./module-values";
export const VISIBILITIES = ["private", "public"] as const;
export const MAX_MANIFEST_BYTES = 256 * 1024;
/**
 * Upper bound on manifest text accepted by the validate procedures. Larger than the manifest limit on purpose:
 * between the two, the validator itself answers with its `input.too_large` issue (the same answer the CLI gives),
 * rather than a generic "string too long".
 */
export const MAX_VALIDATE_CHARS = 4 * MAX_MANIFEST_BYTES;

/** The fields that carry cosign regexps, for messages and the live check in the form. */
export const COSIGN_REGEXP_FIELDS = ["cosignIdentityRegexp", "cosignIssuerRegexp"] as const;
export type CosignRegexpField = (typeof COSIGN_REGEXP_FIELDS)[number];

const optionalText = (max: number, message?: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .transform((value) => (value ? value : undefined));

/** For edits: absent = leave unchanged, `""` or `null` = clear, text = set. */
const clearableText = (max: number, message?: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .nullable()
    .optional()
    .transform((value) => (value === undefined ? undefined : value ? value : null));

/** One wording for every length limit of the registration fields: registering and editing say the same. */
const tooLong = (max: number) => `At most ${max} characters`;

const urlMessage = "Enter a URL such as https://git.example.com/modules/nginx";
function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

const displayNameSchema = z.string().trim().min(1, "Give the module a display name").max(200, "At most 200 characters");
const descriptionSchema = z.string().trim().max(5000, "At most 5,000 characters");
const categorySlugSchema = z.string().min(1, "Choose a category").max(64);
const prioritySchema = z.coerce.number({ error: "A number from 0 to 999" }).int("A whole number").min(0, "0 to 999").max(999, "0 to 999");

type RefineCtx = z.RefinementCtx;

function refineRegexps(value: Partial<Record<CosignRegexpField, string | null | undefined>>, ctx: RefineCtx) {
  for (const field of COSIGN_REGEXP_FIELDS) {
    const source = value[field];
    if (!source) continue;
    const shape = checkRegexpShape(source);
    if (!shape.ok && shape.problem) ctx.addIssue({ code: "custom", path: [field], message: shape.problem.message });
  }
}

export const registerModuleFields = z.object({
  name: moduleNameSchema,
  displayName: displayNameSchema,
  description: descriptionSchema.default(""),
  categorySlug: categorySlugSchema,
  variety: z.enum(MODULE_VARIETIES).default("subscription"),
  parentModule: optionalText(64),
  priority: prioritySchema.default(0),
  visibility: z.enum(VISIBILITIES).default("private"),
  repositoryUrl: optionalText(500, tooLong(500)).refine((value) => value === undefined || isHttpUrl(value), urlMessage),
  cosignIdentityRegexp: optionalText(MAX_REGEXP_LENGTH, tooLong(MAX_REGEXP_LENGTH)),
  cosignIssuerRegexp: optionalText(MAX_REGEXP_LENGTH, tooLong(MAX_REGEXP_LENGTH)),
  /** Where CI pushes signed artifacts (docs/ingest.md); the poller watches it. */
  ociRepository: optionalText(255, tooLong(255)).refine((value) => value === undefined || isOciRepository(value), ociRepositoryMessage),
  /** Optional starting manifest; validated against the account before anything is saved. */
  manifestYaml: z.string().max(MAX_MANIFEST_BYTES, "Manifests are limited to 256 KiB").optional(),
});

export const registerModuleInput = registerModuleFields.superRefine((value, ctx) => {
  if (value.variety === "config" && !value.parentModule) {
    ctx.addIssue({ code: "custom", path: ["parentModule"], message: "A config module overrides a parent module: choose it" });
  }
  if (value.parentModule && value.parentModule === value.name) {
    ctx.addIssue({ code: "custom", path: ["parentModule"], message: "A module cannot be its own parent" });
  }
  refineRegexps(value, ctx);
});
export type RegisterModuleInput = z.output<typeof registerModuleInput>;

/**
 * A partial edit of the registration fields. The name is immutable (it is the module's identity in
 * `<owner>/<module>@<range>` references, file paths and node agents), so naming it is an error, not ignored.
 */
export const updateModulePatch = z
  .object({
    name: z.never({ error: "A module's name cannot be changed: register a new module instead" }).optional().meta({ description: "Immutable: sending it is an error" }),
    displayName: displayNameSchema.optional(),
    description: descriptionSchema.optional(),
    categorySlug: categorySlugSchema.optional(),
    variety: z.enum(MODULE_VARIETIES).optional(),
    parentModule: clearableText(64),
    priority: prioritySchema.optional(),
    visibility: z.enum(VISIBILITIES).optional(),
    repositoryUrl: clearableText(500, tooLong(500)).refine((value) => value == null || isHttpUrl(value), urlMessage),
    cosignIdentityRegexp: clearableText(MAX_REGEXP_LENGTH, tooLong(MAX_REGEXP_LENGTH)),
    cosignIssuerRegexp: clearableText(MAX_REGEXP_LENGTH, tooLong(MAX_REGEXP_LENGTH)),
    ociRepository: clearableText(255, tooLong(255)).refine((value) => value == null || isOciRepository(value), ociRepositoryMessage),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.variety === "config" && value.parentModule === null) {
      ctx.addIssue({ code: "custom", path: ["parentModule"], message: "A config module overrides a parent module: choose it" });
    }
    refineRegexps(value, ctx);
  });
export type UpdateModulePatch = z.input<typeof updateModulePatch>;
export type UpdateModulePatchValues = z.output<typeof updateModulePatch>;

/** Names are looked up, not validated: a malformed name simply does not exist (NOT_FOUND, like another account's). */
export const moduleNameRef = z.string().trim().min(1).max(200);

export const moduleRefInput = z.object({ name: moduleNameRef });

export const updateModuleInput = z.object({
  name: moduleNameRef,
  patch: updateModulePatch,
  /** Optimistic concurrency: the `updatedAt` the editor loaded. A newer one answers CONFLICT. */
  expectedUpdatedAt: z.coerce.date().optional().meta({ description: "Answer CONFLICT (409) if the module changed since this time (its updated_at when you read it)" }),
});
export type UpdateModuleInput = z.output<typeof updateModuleInput>;

/**
 * The live check of one cosign regexp as the author types (registration and edit forms). Trimmed and bounded like
 * the registration fields, so the check sees exactly what a submit would save.
 */
export const checkCosignRegexpInput = z.object({
  pattern: z.string().trim().min(1, "Enter a regular expression").max(MAX_REGEXP_LENGTH, tooLong(MAX_REGEXP_LENGTH)),
});
export type CheckCosignRegexpInput = z.output<typeof checkCosignRegexpInput>;

export const CATALOG_MAX_PAGE_SIZE = 100;

export const listModulesInput = z.object({
  /** Matches name, display name and description, case-insensitively. */
  search: z
    .string()
    .trim()
    .max(200)
    .optional()
    .transform((value) => (value ? value : undefined)),
  category: z.string().max(64).optional().meta({ description: "Category slug" }),
  variety: z.enum(MODULE_VARIETIES).optional(),
  /** Promotion state of the module's latest version (`none`: no versions yet). */
  state: z.enum(CATALOG_STATE_FILTERS).optional().meta({ description: "Promotion state of the latest version; none = no versions" }),
  sort: z.enum(CATALOG_SORTS).default("name"),
  direction: z.enum(["asc", "desc"]).default("asc"),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(CATALOG_MAX_PAGE_SIZE).default(50),
});
export type ListModulesInput = z.output<typeof listModulesInput>;

export const validateManifestInput = z.object({
  manifestYaml: z.string().max(MAX_VALIDATE_CHARS, "Manifests are limited to 256 KiB"),
  categorySlug: z.string().max(64).optional(),
  moduleName: z.string().max(200).optional(),
});
export type ValidateManifestForAccountInput = z.output<typeof validateManifestInput>;

export const moduleActivityInput = z.object({
  name: moduleNameRef,
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
});
export type ModuleActivityInput = z.input<typeof moduleActivityInput>;

/** The starting manifest the registration form offers as "blank template". */
export function blankManifestTemplate(input: { name?: string; displayName?: string; description?: string }): string {
  const name = input.name?.trim() || "my-module";
  const lines = [
    "schema_version: 1",
    `name: ${name}`,
    `display_name: ${JSON.stringify(input.displayName?.trim() || name)}`,
  ];
  if (input.description?.trim()) lines.push(`description: ${JSON.stringify(input.description.trim())}`);
  lines.push(
    "package_spec: []",
    "file_spec: []",
    "mask: []",
    "protected_spec: []",
    "dependencies:",
    "  requires: []",
    "  provides: []",
    "",
  );
  return lines.join("\n");
}
