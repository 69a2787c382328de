import { assignModule, assignModuleInput } from "../../../services/templates";
import { permissionProcedure } from "../../trpc";

export const assignModuleProcedure = permissionProcedure("assignments.edit")
  .input(assignModuleInput)
  .mutation(({ ctx, input }) => assignModule(ctx.svc, input));
