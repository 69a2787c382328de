/**
 * The manifest editor's use cases: load a module's draft manifest (with what the editor needs around it), validate
 * a draft against the account, and save it — validated with the account context, compare-and-set on the draft's
 * content hash, audited.
 */
import "server-only";
import { createHash } from "node:crypto";
import semver from "semver";
import { validateManifest, type ValidationResult } from "../domain/manifest/validate";
import { AppError } from "../errors";
import { recordAudit } from "./audit";
import type { ServiceContext } from "./context";
import { loadAccountContext } from "./manifest-context";
import {
  MAX_MANIFEST_BYTES,
  type GetManifestInput,
  type SaveManifestInput,
  type ValidateModuleManifestInput,
} from "../contracts/manifests";
import { runInTransaction } from "./transaction";
import { plural } from "../domain/plural";


/** `sha256:<hex>` of the UTF-8 text: the compare-and-set token of a draft (independent of unrelated module edits). */
export function manifestHash(text: string): string {
  return `sha256:${createHash("sha256").update(text, "utf8").digest("hex")}`;
}

function textFacts(text: string) {
  return {
    sha256: manifestHash(text),
    bytes: Buffer.byteLength(text, "utf8"),
    lines: text === "" ? 0 : text.split("\n").length - (text.endsWith("\n") ? 1 : 0),
  };
}

async function loadModule(ctx: ServiceContext, name: string) {
  const module = await ctx.db.module.findUnique({
    where: { accountId_name: { accountId: ctx.actor.accountId, name } },
    select: {
      id: true,
      name: true,
      displayName: true,
      variety: true,
      manifestYaml: true,
      updatedAt: true,
      category: { select: { slug: true, name: true } },
    },
  });
  if (!module) throw new AppError("NOT_FOUND", `Module ${name} not found.`);
  return module;
}

function byVersionDesc(a: { version: string }, b: { version: string }): number {
  const va = semver.valid(a.version);
  const vb = semver.valid(b.version);
  if (va && vb) return semver.rcompare(va, vb);
  if (va) return -1;
  if (vb) return 1;
  return a.version < b.version ? 1 : a.version > b.version ? -1 : 0;
}

/** The draft, its hash, the live version's manifest snapshot (for the diff) and completion data for `requires`. */
export async function getManifest(ctx: ServiceContext, input: GetManifestInput) {
  const module = await loadModule(ctx, input.moduleName);
  const [live, context] = await Promise.all([
    ctx.db.moduleVersion.findFirst({
      where: { accountId: ctx.actor.accountId, moduleId: module.id, promotionState: "live" },
      select: { version: true, manifestYaml: true, liveAt: true },
    }),
    loadAccountContext(ctx, module.name),
  ]);
  return {
    module: {
      name: module.name,
      displayName: module.displayName,
      variety: module.variety,
      categorySlug: module.category.slug,
      categoryName: module.category.name,
      updatedAt: module.updatedAt,
    },
    manifestYaml: module.manifestYaml,
    hash: manifestHash(module.manifestYaml),
    live: live ? { version: live.version, manifestYaml: live.manifestYaml, liveAt: live.liveAt } : null,
    completion: {
      owner: context.owner,
      modules: context.modules.map((m) => ({
        name: m.name,
        displayName: context.displayNames.get(m.name) ?? m.name,
        versions: [...(context.versionStates.get(m.name) ?? [])].sort(byVersionDesc),
        provides: m.provides,
      })),
    },
  };
}
export type ManifestDocument = Awaited<ReturnType<typeof getManifest>>;

async function validateAgainstAccount(
  ctx: ServiceContext,
  module: { name: string; category: { slug: string } },
  manifestYaml: string,
): Promise<ValidationResult> {
  const context = await loadAccountContext(ctx, module.name);
  return validateManifest({ manifestYaml, moduleName: module.name, categorySlug: module.category.slug }, context);
}

/**
 * Validates a draft of a registered module with the account context: everything `validateManifest` checks in the
 * browser, plus unknown modules, unsatisfiable ranges, cycles and conflicts with the account's other modules.
 */
export async function validateModuleManifest(ctx: ServiceContext, input: ValidateModuleManifestInput): Promise<ValidationResult> {
  const module = await loadModule(ctx, input.moduleName);
  return validateAgainstAccount(ctx, module, input.manifestYaml);
}

function tooLarge(bytes: number): AppError {
  return new AppError(
    "PAYLOAD_TOO_LARGE",
    `The manifest is ${bytes.toLocaleString("en")} bytes; manifests are limited to 256 KiB (${MAX_MANIFEST_BYTES.toLocaleString("en")} bytes).`,
  );
}

export interface SaveManifestResult {
  changed: boolean;
  hash: string;
  updatedAt: Date;
  result: ValidationResult;
}

/**
 * Saves the draft manifest. Rejected with UNPROCESSABLE (details: the issues) when it has errors; CONFLICT when
 * `expectedHash` no longer matches the stored draft, or when another save lands between our read and our write
 * (the UPDATE is conditional on the text we validated against). Saving an unchanged draft writes nothing.
 */
export async function saveManifest(ctx: ServiceContext, input: SaveManifestInput): Promise<SaveManifestResult> {
  const bytes = Buffer.byteLength(input.manifestYaml, "utf8");
  if (bytes > MAX_MANIFEST_BYTES) throw tooLarge(bytes);
  const module = await loadModule(ctx, input.moduleName);
  const currentHash = manifestHash(module.manifestYaml);
  if (input.expectedHash !== undefined && input.expectedHash !== currentHash) {
    throw new AppError("CONFLICT", `The manifest of ${module.name} was changed by someone else since you loaded it.`, {
      details: { currentHash, updatedAt: module.updatedAt.toISOString() },
    });
  }

  const result = await validateAgainstAccount(ctx, module, input.manifestYaml);
  if (!result.valid) {
    const n = result.errors.length;
    throw new AppError("UNPROCESSABLE", `The manifest has ${plural(n, "error")}; fix ${n === 1 ? "it" : "them"} before saving.`, {
      details: { errors: result.errors, warnings: result.warnings, conflicts: result.conflicts },
    });
  }
  if (input.manifestYaml === module.manifestYaml) {
    return { changed: false, hash: currentHash, updatedAt: module.updatedAt, result };
  }

  const updatedAt = await runInTransaction(ctx, async (tx) => {
    // Compare-and-set: only if the draft is still the one we read and validated against.
    const { count } = await tx.module.updateMany({
      where: { id: module.id, accountId: ctx.actor.accountId, manifestYaml: module.manifestYaml },
      data: { manifestYaml: input.manifestYaml, updatedAt: ctx.now() },
    });
    if (count !== 1) {
      throw new AppError("CONFLICT", `The manifest of ${module.name} was changed by someone else while saving; reload and try again.`);
    }
    await recordAudit(tx, ctx, {
      action: "module.manifest_updated",
      targetType: "module",
      targetId: module.id,
      targetLabel: module.name,
      before: textFacts(module.manifestYaml),
      after: { ...textFacts(input.manifestYaml), warnings: result.warnings.length, conflicts: result.conflicts.length },
    });
    const saved = await tx.module.findUniqueOrThrow({ where: { id: module.id }, select: { updatedAt: true } });
    return saved.updatedAt;
  });
  return { changed: true, hash: manifestHash(input.manifestYaml), updatedAt, result };
}
