/**
 * How CI hands Strata a new build without a registry (docs/promotion-pipeline.md, Ingest; signed ingest is docs/ingest.md): the manifest
 * snapshot is validated with the same validator the editor and the CLI run, and only a manifest without errors creates
 * a version in `built`. Warnings and account conflicts do not block a build (they are the author's to fix); they are
 * returned.
 */
import "server-only";
import { validateManifest, type ValidationResult } from "../domain/manifest";
import { AppError } from "../errors";
import type { ServiceContext } from "./context";
import { createModuleVersion } from "./versions";
import type { CreateVersionInput } from "../contracts/versions";
import { plural } from "../domain/plural";

export async function ingestModuleVersion(ctx: ServiceContext, moduleName: string, input: CreateVersionInput) {
  const module = await ctx.db.module.findUnique({
    where: { accountId_name: { accountId: ctx.actor.accountId, name: moduleName } },
    select: { name: true, category: { select: { slug: true } }, ociRepository: true, cosignIdentityRegexp: true, cosignIssuerRegexp: true },
  });
  if (!module) throw new AppError("NOT_FOUND", `Module ${moduleName} not found.`);
  // A module that names its registry and its signer takes versions only from there, verified (docs/ingest.md).
  if (module.ociRepository && module.cosignIdentityRegexp && module.cosignIssuerRegexp) {
    throw new AppError(
      "CONFLICT",
      `${moduleName} is ingested from ${module.ociRepository} with signature verification: push and sign the artifact there, then poll (POST /api/v1/system/modules/${moduleName}/ingest/poll).`,
      { details: { reason: "SIGNED_INGEST_REQUIRED" } },
    );
  }
  const validation: ValidationResult = validateManifest({
    manifestYaml: input.manifestYaml,
    moduleName: module.name,
    categorySlug: module.category.slug,
  });
  if (!validation.valid) {
    const count = validation.errors.length;
    throw new AppError("UNPROCESSABLE", `The manifest has ${plural(count, "error")}; no version was created.`, {
      details: { reason: "MANIFEST_INVALID", validation },
    });
  }
  const version = await createModuleVersion(ctx, module.name, input);
  return { ...version, validation };
}
