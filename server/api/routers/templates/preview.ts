import { composePreview } from "../../../services/composition";

import { permissionProcedure } from "../../trpc";
import { composePreviewInput } from "../../../contracts/templates";

/** The composition as it would deploy; with `candidate` a what-if version, with `change` an unsaved edit and its diff. */
export const previewProcedure = permissionProcedure("templates.read")
  .input(composePreviewInput)
  .query(({ ctx, input }) => composePreview(ctx.svc, input.templateId, { candidate: input.candidate, change: input.change }));
