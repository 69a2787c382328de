import { deleteTemplate, deleteTemplateInput } from "../../../services/templates";
import { permissionProcedure } from "../../trpc";

export const deleteTemplateProcedure = permissionProcedure("templates.edit")
  .input(deleteTemplateInput)
  .mutation(({ ctx, input }) => deleteTemplate(ctx.svc, input));
