import { unassignModule } from "../../../services/templates";
import { permissionProcedure } from "../../trpc";
import { unassignModuleInput } from "../../../contracts/templates";

export const unassignModuleProcedure = permissionProcedure("assignments.edit")
  .input(unassignModuleInput)
  .mutation(({ ctx, input }) => unassignModule(ctx.svc, input));
