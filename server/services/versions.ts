import "server-only";
import { AppError } from "../errors";
import type { ServiceContext } from "./context";
import { recordAudit } from "./audit";
import { requireModule } from "./modules";
import type { CreateVersionInput } from "../contracts/versions";
import { runInTransaction } from "./transaction";
import type { Tx } from "../db/client";
import type { SbomPackage } from "../domain/ingest";


/** Facts a verified signature adds to a version (docs/ingest.md): who signed, and the per-arch digests. */
export interface VerifiedBuildFacts {
  signerCertChain: string[];
  archDigests: Record<string, string> | null;
  sbomPackages?: SbomPackage[] | null;
}

/** A new build arrives from CI: an immutable version in `built`. */
export async function createModuleVersion(ctx: ServiceContext, moduleName: string, input: CreateVersionInput) {
  const module = await requireModule(ctx, moduleName);
  return await runInTransaction(ctx, (tx) => insertModuleVersion(tx, ctx, module, input), {
    uniqueViolation: () => new AppError("CONFLICT", `${moduleName}@${input.version} already exists.`, { fieldErrors: { version: "This version exists" } }),
  });
}

/** The insert and its audit event, inside the caller's transaction (signed ingest records its attempt beside it). */
export async function insertModuleVersion(
  tx: Tx,
  ctx: ServiceContext,
  module: { id: string; name: string },
  input: CreateVersionInput,
  verified?: VerifiedBuildFacts,
) {
  const now = ctx.now();
  const version = await tx.moduleVersion.create({
    data: {
      accountId: ctx.actor.accountId,
      moduleId: module.id,
      version: input.version,
      promotionState: "built",
      manifestYaml: input.manifestYaml,
      ociRef: input.ociRef,
      ociDigest: input.ociDigest,
      composefsDigest: input.composefsDigest ?? null,
      fileList: input.fileList,
      packageList: input.packageList,
      signerIdentity: input.signerIdentity ?? null,
      signerIssuer: input.signerIssuer ?? null,
      signatureVerifiedAt: input.signerIdentity ? now : null,
      signerCertChain: verified?.signerCertChain ?? [],
      ...(verified?.archDigests ? { archDigests: verified.archDigests } : {}),
      ...(verified?.sbomPackages ? { sbomPackages: verified.sbomPackages.map((p) => ({ ...p })) } : {}),
      sbomUri: input.sbomUri ?? null,
      provenanceUri: input.provenanceUri ?? null,
      createdAt: now,
      stateChangedAt: now,
    },
    select: { id: true, version: true, promotionState: true },
  });
  await recordAudit(tx, ctx, {
    action: "version.created",
    targetType: "module_version",
    targetId: version.id,
    targetLabel: `${module.name}@${version.version}`,
    after: {
      ociRef: input.ociRef,
      ociDigest: input.ociDigest,
      files: input.fileList.length,
      ...(input.signerIdentity ? { signerIdentity: input.signerIdentity, signerIssuer: input.signerIssuer ?? null } : {}),
    },
  });
  return version;
}
