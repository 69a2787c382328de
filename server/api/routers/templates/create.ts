import { createTemplate } from "../../../services/templates";
import { permissionProcedure } from "../../trpc";
import { createTemplateInput } from "../../../contracts/templates";

export const createTemplateProcedure = permissionProcedure("templates.edit")
  .input(createTemplateInput)
  .mutation(({ ctx, input }) => createTemplate(ctx.svc, input));
