import { listTemplates } from "../../../services/templates";
import { permissionProcedure } from "../../trpc";
import { listTemplatesInput } from "../../../contracts/templates";

export const listTemplatesProcedure = permissionProcedure("templates.read")
  .input(listTemplatesInput)
  .query(({ ctx, input }) => listTemplates(ctx.svc, input));
