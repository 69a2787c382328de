import { updateTemplate } from "../../../services/templates";
import { permissionProcedure } from "../../trpc";
import { updateTemplateInput } from "../../../contracts/templates";

export const updateTemplateProcedure = permissionProcedure("templates.edit")
  .input(updateTemplateInput)
  .mutation(({ ctx, input }) => updateTemplate(ctx.svc, input));
