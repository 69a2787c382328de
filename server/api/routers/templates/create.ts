import { createTemplate, createTemplateInput } from "../../../services/templates";
import { permissionProcedure } from "../../trpc";

export const createTemplateProcedure = permissionProcedure("templates.edit")
  .input(createTemplateInput)
  .mutation(({ ctx, input }) => createTemplate(ctx.svc, input));
