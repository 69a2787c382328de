import { updateModule } from "../../../services/modules";
import { updateModuleInput } from "../../../contracts/modules";
import { permissionProcedure } from "../../trpc";

export const updateModuleProcedure = permissionProcedure("modules.update")
  .input(updateModuleInput)
  .mutation(({ ctx, input }) => updateModule(ctx.svc, input));
