import { assignModule } from "../../../services/templates";
import { permissionProcedure } from "../../trpc";
import { assignModuleInput } from "../../../contracts/templates";

export const assignModuleProcedure = permissionProcedure("assignments.edit")
  .input(assignModuleInput)
  .mutation(({ ctx, input }) => assignModule(ctx.svc, input));
