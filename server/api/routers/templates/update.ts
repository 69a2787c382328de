import { updateTemplate, updateTemplateInput } from "../../../services/templates";
import { permissionProcedure } from "../../trpc";

export const updateTemplateProcedure = permissionProcedure("templates.edit")
  .input(updateTemplateInput)
  .mutation(({ ctx, input }) => updateTemplate(ctx.svc, input));
