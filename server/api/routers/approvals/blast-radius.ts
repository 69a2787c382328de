import { CatalogLoader } from "../../../services/composition-load";
import { composeTemplate } from "../../../services/composition-compose";
import { blastRadius, type ComposePreviewFn } from "../../../services/promotion-blast-radius";
import { requestIdInput } from "../../../contracts/promotion";
import { permissionProcedure } from "../../trpc";

/**
 * The issues of a template's composition, with the candidate version in place of the module's live one when asked
 * (docs/promotion-pipeline.md). Every composition of one blast radius shares a catalog loader: the affected
 * templates are composed twice each (now, and with the candidate).
 */
function issuesForBlastRadius(loader: CatalogLoader): ComposePreviewFn {
  return async (ctx, templateId, options) => {
    const account = { accountId: ctx.actor.accountId, slug: ctx.actor.accountSlug };
    const candidate = options.candidate ? { moduleName: options.candidate.moduleName, version: options.candidate.version } : undefined;
    const { composition } = await composeTemplate(ctx.db, account, templateId, { candidate }, loader);
    return { errors: composition.result.errors, warnings: composition.result.warnings, conflicts: composition.result.conflicts };
  };
}

/** What the fleet would run differently if the request's version went live. */
export const blastRadiusProcedure = permissionProcedure("approvals.read")
  .input(requestIdInput)
  .query(({ ctx, input }) =>
    blastRadius(ctx.svc, input.requestId, {
      composePreview: issuesForBlastRadius(new CatalogLoader(ctx.svc.db, ctx.svc.actor.accountId, ctx.svc.actor.accountSlug)),
    }),
  );
