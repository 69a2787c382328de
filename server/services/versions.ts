import "server-only";
import { AppError } from "../errors";
import type { ServiceContext } from "./context";
import { recordAudit } from "./audit";
import { requireModule } from "./modules";
import type { CreateVersionInput } from "../contracts/versions";
import { runInTransaction } from "./transaction";


/** A new build arrives from CI: an immutable version in `built`. */
export async function createModuleVersion(ctx: ServiceContext, moduleName: string, input: CreateVersionInput) {
  const module = await requireModule(ctx, moduleName);
  return await runInTransaction(ctx, async (tx) => {
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
      after: { ociRef: input.ociRef, ociDigest: input.ociDigest, files: input.fileList.length },
    });
    return version;
  }, { uniqueViolation: () => new AppError("CONFLICT", `${moduleName}@${input.version} already exists.`, { fieldErrors: { version: "This version exists" } }) });
}
