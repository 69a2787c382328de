import { deleteTemplate } from "../../../services/templates";
import { permissionProcedure } from "../../trpc";
import { deleteTemplateInput } from "../../../contracts/templates";

export const deleteTemplateProcedure = permissionProcedure("templates.edit")
  .input(deleteTemplateInput)
  .mutation(({ ctx, input }) => deleteTemplate(ctx.svc, input));
