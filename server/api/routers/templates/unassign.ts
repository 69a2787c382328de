import { unassignModule, unassignModuleInput } from "../../../services/templates";
import { permissionProcedure } from "../../trpc";

export const unassignModuleProcedure = permissionProcedure("assignments.edit")
  .input(unassignModuleInput)
  .mutation(({ ctx, input }) => unassignModule(ctx.svc, input));
