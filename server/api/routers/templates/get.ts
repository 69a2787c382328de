import { getTemplate } from "../../../services/templates";
import { permissionProcedure } from "../../trpc";
import { templateIdInput } from "../../../contracts/templates";

export const getTemplateProcedure = permissionProcedure("templates.read")
  .input(templateIdInput)
  .query(({ ctx, input }) => getTemplate(ctx.svc, input.templateId));
