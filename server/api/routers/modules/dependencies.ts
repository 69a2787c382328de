import { getModuleDependencies } from "../../../services/modules";
import { moduleRefInput } from "../../../contracts/modules";
import { permissionProcedure } from "../../trpc";

export const moduleDependenciesProcedure = permissionProcedure("modules.read")
  .input(moduleRefInput)
  .query(({ ctx, input }) => getModuleDependencies(ctx.svc, input.name));
