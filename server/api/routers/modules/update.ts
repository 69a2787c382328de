import { updateModule } from "../../../services/modules";
import { updateModuleInput } from "../../../services/modules.schema";
import { permissionProcedure } from "../../trpc";

export const updateModuleProcedure = permissionProcedure("modules.update")
  .input(updateModuleInput)
  .mutation(({ ctx, input }) => updateModule(ctx.svc, input));
