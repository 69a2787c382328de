import "server-only";
import { deriveEffectivePriority } from "../domain/composition/priority";
import type { Issue } from "../domain/issues";
import { validateManifest, type ValidationResult } from "../domain/manifest/validate";
import { AppError, type FieldErrors } from "../errors";
import type { Prisma } from "../db/generated/client";
import type { ServiceContext } from "./context";
import { listAuditEvents, recordAudit } from "./audit";
import { loadAccountContext } from "./manifest-context";
import { versionSummaries } from "./modules-catalog";
import {
  COSIGN_REGEXP_FIELDS,
  type RegisterModuleInput,
  type UpdateModuleInput,
  type ValidateManifestForAccountInput,
} from "../contracts/modules";
import { cosignRegexpProblem } from "./regexp-safety";
import { runInTransaction } from "./transaction";
import { bumpRevisionsOfModules } from "./fleet-revisions";
import { plural } from "../domain/plural";

export { listModules, versionSummaries } from "./modules-catalog";
export { getModuleDependencies } from "./modules-dependencies";

/** Loads a module of the caller's account by name; another account's module answers NOT_FOUND. */
export async function requireModule(ctx: ServiceContext, name: string) {
  const module = await ctx.db.module.findUnique({
    where: { accountId_name: { accountId: ctx.actor.accountId, name } },
    select: { id: true, name: true, variety: true, categoryId: true, manifestYaml: true },
  });
  if (!module) throw new AppError("NOT_FOUND", `Module ${name} not found.`);
  return module;
}

// ---------------------------------------------------------------------------------------------------------
// Manifest validation against the account

/**
 * `validateManifest` with the account-aware checks of docs/manifest-validation.md: the caller's other modules (their
 * current drafts' protected_spec, file_spec, provides and requires, and their version numbers) and category slugs.
 * The manifest save procedure, the registration and the REST validate endpoint all call this.
 */
export async function validateManifestForAccount(ctx: ServiceContext, input: ValidateManifestForAccountInput): Promise<ValidationResult> {
  const context = await loadAccountContext(ctx);
  return validateManifest(
    {
      manifestYaml: input.manifestYaml,
      ...(input.categorySlug !== undefined ? { categorySlug: input.categorySlug } : {}),
      ...(input.moduleName !== undefined ? { moduleName: input.moduleName } : {}),
    },
    context,
  );
}

function issueLine(issue: Issue): string {
  return `line ${issue.range.startLine}: ${issue.message}`;
}

/** The error a save or registration answers when the manifest has errors: the whole result travels in details. */
export function manifestRejection(result: ValidationResult, field = "manifestYaml"): AppError {
  const first = result.errors[0];
  const count = result.errors.length;
  return new AppError("UNPROCESSABLE", `The manifest has ${plural(count, "error")}${first ? ` (first: ${issueLine(first)})` : ""}.`, {
    fieldErrors: { [field]: first ? `${plural(count, "error")}; first on ${issueLine(first)}` : "The manifest has errors" },
    details: { validation: result },
  });
}

// ---------------------------------------------------------------------------------------------------------
// Registration

/**
 * One field after the other, never in parallel: the checker admits one check per actor at a time
 * (server/services/regexp-safety.ts), and a field the form already checked live is answered from its cache.
 */
async function regexpFieldErrors(
  ctx: ServiceContext,
  values: Partial<Record<(typeof COSIGN_REGEXP_FIELDS)[number], string | null | undefined>>,
): Promise<FieldErrors> {
  const errors: FieldErrors = {};
  for (const field of COSIGN_REGEXP_FIELDS) {
    const source = values[field];
    if (!source) continue;
    const problem = await cosignRegexpProblem(ctx.actor, source);
    if (problem) errors[field] = problem.message;
  }
  return errors;
}

export async function registerModule(ctx: ServiceContext, input: RegisterModuleInput) {
  const accountId = ctx.actor.accountId;

  // Every field problem is collected first, so the form shows them all at once.
  const fieldErrors: FieldErrors = {};
  const [category, parent, existing] = await Promise.all([
    ctx.db.category.findUnique({ where: { accountId_slug: { accountId, slug: input.categorySlug } }, select: { id: true } }),
    input.parentModule
      ? ctx.db.module.findUnique({ where: { accountId_name: { accountId, name: input.parentModule } }, select: { id: true } })
      : Promise.resolve(null),
    ctx.db.module.findUnique({ where: { accountId_name: { accountId, name: input.name } }, select: { id: true } }),
  ]);
  if (existing) {
    throw new AppError("CONFLICT", `A module named ${input.name} already exists.`, { fieldErrors: { name: "This name is taken" } });
  }
  if (!category) fieldErrors.categorySlug = `Unknown category ${input.categorySlug}`;
  if (input.parentModule && !parent) fieldErrors.parentModule = `No module named ${input.parentModule} in this account`;
  Object.assign(fieldErrors, await regexpFieldErrors(ctx, input));
  const manifestYaml = input.manifestYaml ?? "";
  const validation =
    manifestYaml.trim() !== "" ? await validateManifestForAccount(ctx, { manifestYaml, categorySlug: input.categorySlug, moduleName: input.name }) : null;
  if (Object.keys(fieldErrors).length > 0 || !category) {
    // The manifest's problems travel along, so the author sees everything in one round trip.
    const rejected = validation && !validation.valid ? manifestRejection(validation) : null;
    if (rejected?.fieldErrors) Object.assign(fieldErrors, rejected.fieldErrors);
    const fields = Object.keys(fieldErrors);
    throw new AppError("BAD_REQUEST", `Check ${fields.length === 1 ? "this field" : "these fields"}: ${fields.join(", ")}.`, {
      fieldErrors,
      ...(rejected ? { details: rejected.details } : {}),
    });
  }
  if (validation && !validation.valid) throw manifestRejection(validation);

  // Two registrations of one name that both passed the check above: the unique index decides.
  const module = await runInTransaction(ctx, async (tx) => {
    const created = await tx.module.create({
      data: {
        accountId,
        name: input.name,
        displayName: input.displayName,
        description: input.description,
        categoryId: category.id,
        variety: input.variety,
        parentModuleId: parent?.id ?? null,
        priority: input.priority,
        visibility: input.visibility,
        repositoryUrl: input.repositoryUrl ?? null,
        cosignIdentityRegexp: input.cosignIdentityRegexp ?? null,
        cosignIssuerRegexp: input.cosignIssuerRegexp ?? null,
        ociRepository: input.ociRepository ?? null,
        manifestYaml,
        createdAt: ctx.now(),
        updatedAt: ctx.now(),
      },
      select: { id: true, name: true },
    });
    const { manifestYaml: _manifest, ...registration } = input;
    await recordAudit(tx, ctx, {
      action: "module.registered",
      targetType: "module",
      targetId: created.id,
      targetLabel: created.name,
      after: { ...registration, manifestBytes: new TextEncoder().encode(manifestYaml).length },
    });
    return created;
  }, { uniqueViolation: () => new AppError("CONFLICT", `A module named ${input.name} already exists.`, { fieldErrors: { name: "This name is taken" } }) });
  return { ...module, validation };
}

// ---------------------------------------------------------------------------------------------------------
// One module

const moduleSelect = {
  id: true,
  name: true,
  displayName: true,
  description: true,
  variety: true,
  priority: true,
  visibility: true,
  repositoryUrl: true,
  cosignIdentityRegexp: true,
  cosignIssuerRegexp: true,
  ociRepository: true,
  lastPolledAt: true,
  createdAt: true,
  updatedAt: true,
  category: { select: { slug: true, name: true, position: true } },
  parentModule: { select: { name: true, displayName: true, variety: true } },
  children: { select: { name: true, displayName: true, variety: true }, orderBy: { name: "asc" } },
} satisfies Prisma.ModuleSelect;

export async function getModule(ctx: ServiceContext, name: string) {
  const module = await ctx.db.module.findUnique({
    where: { accountId_name: { accountId: ctx.actor.accountId, name } },
    select: moduleSelect,
  });
  if (!module) throw new AppError("NOT_FOUND", `Module ${name} not found.`);
  // Draft size without loading the text (which can be 256 KiB).
  const [sizes, summaries] = await Promise.all([
    ctx.db.$queryRaw<Array<{ bytes: number }>>`SELECT octet_length("manifestYaml")::int AS bytes FROM modules WHERE id = ${module.id}`,
    versionSummaries(ctx, [{ id: module.id, name: module.name }]),
  ]);
  const derivation = deriveEffectivePriority({
    categorySlug: module.category.slug,
    categoryPosition: module.category.position,
    variety: module.variety,
    priority: module.priority,
  });
  const summary = summaries.get(module.id);
  if (!summary) throw new AppError("INTERNAL", "Version summary missing.");
  return {
    ...module,
    parentModule: module.parentModule,
    effectivePriority: derivation.effective,
    derivation,
    manifestBytes: sizes[0]?.bytes ?? 0,
    versions: summary,
  };
}
export type ModuleDetail = Awaited<ReturnType<typeof getModule>>;

/** Names for pickers (the parent-module select): every module, lightest columns only. */
export async function listModuleOptions(ctx: ServiceContext) {
  return ctx.db.module.findMany({
    where: { accountId: ctx.actor.accountId },
    select: { name: true, displayName: true, variety: true },
    orderBy: { name: "asc" },
  });
}

// ---------------------------------------------------------------------------------------------------------
// Editing the registration

const editableSelect = {
  id: true,
  name: true,
  displayName: true,
  description: true,
  variety: true,
  priority: true,
  visibility: true,
  repositoryUrl: true,
  cosignIdentityRegexp: true,
  cosignIssuerRegexp: true,
  ociRepository: true,
  updatedAt: true,
  categoryId: true,
  parentModuleId: true,
  category: { select: { slug: true } },
  parentModule: { select: { name: true } },
} satisfies Prisma.ModuleSelect;

type Snapshot = Record<string, string | number | null>;

/** The module fields the effective priority is derived from (docs/composition.md). */
const PRIORITY_INPUTS = new Set(["categorySlug", "variety", "priority"]);

function snapshot(row: Prisma.ModuleGetPayload<{ select: typeof editableSelect }>): Snapshot {
  return {
    displayName: row.displayName,
    description: row.description,
    categorySlug: row.category.slug,
    variety: row.variety,
    parentModule: row.parentModule?.name ?? null,
    priority: row.priority,
    visibility: row.visibility,
    repositoryUrl: row.repositoryUrl,
    cosignIdentityRegexp: row.cosignIdentityRegexp,
    cosignIssuerRegexp: row.cosignIssuerRegexp,
    ociRepository: row.ociRepository,
  };
}

/** Whether making `parentId` the parent of `moduleId` would close a loop (a → b → a). */
async function wouldCycle(ctx: ServiceContext, moduleId: string, parentId: string): Promise<boolean> {
  let current: string | null = parentId;
  const seen = new Set<string>();
  while (current !== null && !seen.has(current)) {
    if (current === moduleId) return true;
    seen.add(current);
    const row: { parentModuleId: string | null } | null = await ctx.db.module.findFirst({
      where: { id: current, accountId: ctx.actor.accountId },
      select: { parentModuleId: true },
    });
    current = row?.parentModuleId ?? null;
  }
  return false;
}

/**
 * Edits registration fields (never the name). Audited with the changed fields' before and after values; an edit
 * that changes nothing writes nothing. The write is a compare-and-set on `updatedAt`, so of two concurrent edits
 * one wins and the other gets CONFLICT instead of silently overwriting it; `expectedUpdatedAt` extends that to
 * the time the editor loaded the form.
 */
export async function updateModule(ctx: ServiceContext, input: UpdateModuleInput) {
  const { name, patch, expectedUpdatedAt } = input;
  const accountId = ctx.actor.accountId;
  const current = await ctx.db.module.findUnique({ where: { accountId_name: { accountId, name } }, select: editableSelect });
  if (!current) throw new AppError("NOT_FOUND", `Module ${name} not found.`);
  if (expectedUpdatedAt && expectedUpdatedAt.getTime() !== current.updatedAt.getTime()) {
    throw new AppError("CONFLICT", `${name} was changed by someone else since you opened it. Reload to see their change, then edit again.`);
  }

  const fieldErrors: FieldErrors = {};
  let categoryId = current.categoryId;
  if (patch.categorySlug !== undefined && patch.categorySlug !== current.category.slug) {
    const category = await ctx.db.category.findUnique({ where: { accountId_slug: { accountId, slug: patch.categorySlug } }, select: { id: true } });
    if (category) categoryId = category.id;
    else fieldErrors.categorySlug = `Unknown category ${patch.categorySlug}`;
  }
  let parentModuleId = current.parentModuleId;
  if (patch.parentModule !== undefined && patch.parentModule !== (current.parentModule?.name ?? null)) {
    if (patch.parentModule === null) parentModuleId = null;
    else if (patch.parentModule === name) fieldErrors.parentModule = "A module cannot be its own parent";
    else {
      const parent = await ctx.db.module.findUnique({ where: { accountId_name: { accountId, name: patch.parentModule } }, select: { id: true } });
      if (!parent) fieldErrors.parentModule = `No module named ${patch.parentModule} in this account`;
      else if (await wouldCycle(ctx, current.id, parent.id)) fieldErrors.parentModule = `${patch.parentModule} already descends from ${name}: that would make a loop`;
      else parentModuleId = parent.id;
    }
  }
  const variety = patch.variety ?? current.variety;
  if (variety === "config" && parentModuleId === null && !fieldErrors.parentModule) {
    fieldErrors.parentModule = "A config module overrides a parent module: choose it";
  }
  const changedRegexps = Object.fromEntries(
    COSIGN_REGEXP_FIELDS.filter((f) => patch[f] !== undefined && patch[f] !== current[f]).map((f) => [f, patch[f]]),
  );
  Object.assign(fieldErrors, await regexpFieldErrors(ctx, changedRegexps));
  if (Object.keys(fieldErrors).length > 0) {
    const fields = Object.keys(fieldErrors);
    throw new AppError("BAD_REQUEST", `Check ${fields.length === 1 ? "this field" : "these fields"}: ${fields.join(", ")}.`, { fieldErrors });
  }

  const data = {
    displayName: patch.displayName ?? current.displayName,
    description: patch.description ?? current.description,
    categoryId,
    variety,
    parentModuleId,
    priority: patch.priority ?? current.priority,
    visibility: patch.visibility ?? current.visibility,
    repositoryUrl: patch.repositoryUrl !== undefined ? patch.repositoryUrl : current.repositoryUrl,
    cosignIdentityRegexp: patch.cosignIdentityRegexp !== undefined ? patch.cosignIdentityRegexp : current.cosignIdentityRegexp,
    cosignIssuerRegexp: patch.cosignIssuerRegexp !== undefined ? patch.cosignIssuerRegexp : current.cosignIssuerRegexp,
    ociRepository: patch.ociRepository !== undefined ? patch.ociRepository : current.ociRepository,
  };
  const before = snapshot(current);
  const after: Snapshot = { ...before };
  for (const [key, value] of Object.entries(patch)) if (value !== undefined) after[key] = value;
  const changed = Object.keys(before).filter((key) => before[key] !== after[key]);
  if (changed.length === 0) return { name, changed: [] as string[], updatedAt: current.updatedAt };

  return runInTransaction(ctx, async (tx) => {
    const now = ctx.now();
    const result = await tx.module.updateMany({
      where: { id: current.id, accountId, updatedAt: current.updatedAt },
      data: { ...data, updatedAt: now },
    });
    if (result.count === 0) {
      throw new AppError("CONFLICT", `${name} was changed by someone else at the same time. Reload and edit again.`);
    }
    // Layer order on nodes follows the effective priority (docs/fleet.md): its inputs changed, so did desired state.
    if (changed.some((key) => PRIORITY_INPUTS.has(key))) await bumpRevisionsOfModules(tx, [current.id]);
    await recordAudit(tx, ctx, {
      action: "module.updated",
      targetType: "module",
      targetId: current.id,
      targetLabel: name,
      before: Object.fromEntries(changed.map((key) => [key, before[key]])),
      after: Object.fromEntries(changed.map((key) => [key, after[key]])),
    });
    return { name, changed, updatedAt: now };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Activity

/**
 * The module's audit trail: events about the module itself, its versions and their live requests — everything
 * whose target id is one of them (targets are stored by id, so a later rename of labels cannot hide anything).
 */
export async function listModuleActivity(ctx: ServiceContext, input: { name: string; page: number; pageSize: number }) {
  const module = await requireModule(ctx, input.name);
  const versions = await ctx.db.moduleVersion.findMany({ where: { moduleId: module.id }, select: { id: true } });
  const requests = versions.length
    ? await ctx.db.promotionRequest.findMany({ where: { moduleVersionId: { in: versions.map((v) => v.id) } }, select: { id: true } })
    : [];
  const targetIds = [module.id, ...versions.map((v) => v.id), ...requests.map((r) => r.id)];
  return listAuditEvents(ctx, { page: input.page, pageSize: input.pageSize }, { targetIds });
}
