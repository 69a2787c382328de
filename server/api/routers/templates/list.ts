import { listTemplates, listTemplatesInput } from "../../../services/templates";
import { permissionProcedure } from "../../trpc";

export const listTemplatesProcedure = permissionProcedure("templates.read")
  .input(listTemplatesInput)
  .query(({ ctx, input }) => listTemplates(ctx.svc, input));
