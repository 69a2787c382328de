import { registerModule } from "../../../services/modules";
import { registerModuleInput } from "../../../contracts/modules";
import { permissionProcedure } from "../../trpc";

export const registerModuleProcedure = permissionProcedure("modules.create")
  .input(registerModuleInput)
  .mutation(({ ctx, input }) => registerModule(ctx.svc, input));
