import { registerModule } from "../../../services/modules";
import { registerModuleInput } from "../../../services/modules.schema";
import { permissionProcedure } from "../../trpc";

export const registerModuleProcedure = permissionProcedure("modules.create")
  .input(registerModuleInput)
  .mutation(({ ctx, input }) => registerModule(ctx.svc, input));
