import { getModule } from "../../../services/modules";
import { moduleRefInput } from "../../../contracts/modules";
import { permissionProcedure } from "../../trpc";

export const getModuleProcedure = permissionProcedure("modules.read")
  .input(moduleRefInput)
  .query(({ ctx, input }) => getModule(ctx.svc, input.name));
