import { composePreview } from "../../../services/composition";
import { blastRadius, type ComposePreviewFn } from "../../../services/promotion-blast-radius";
import { requestIdInput } from "../../../contracts/promotion";
import { permissionProcedure } from "../../trpc";

/**
 * The template composition preview with the candidate version in place of the module's live one
 * (docs/promotion-pipeline.md).
 */
const previewForBlastRadius: ComposePreviewFn = async (ctx, templateId, options) => {
  const preview = await composePreview(
    ctx,
    templateId,
    options.candidate ? { candidate: { moduleName: options.candidate.moduleName, version: options.candidate.version } } : {},
  );
  return { errors: preview.errors, warnings: preview.warnings, conflicts: preview.conflicts };
};

/** What the fleet would run differently if the request's version went live. */
export const blastRadiusProcedure = permissionProcedure("approvals.read")
  .input(requestIdInput)
  .query(({ ctx, input }) => blastRadius(ctx.svc, input.requestId, { composePreview: previewForBlastRadius }));
