import { getTemplate, templateIdInput } from "../../../services/templates";
import { permissionProcedure } from "../../trpc";

export const getTemplateProcedure = permissionProcedure("templates.read")
  .input(templateIdInput)
  .query(({ ctx, input }) => getTemplate(ctx.svc, input.templateId));
