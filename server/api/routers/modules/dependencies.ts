import { getModuleDependencies } from "../../../services/modules";
import { moduleRefInput } from "../../../services/modules.schema";
import { permissionProcedure } from "../../trpc";

export const moduleDependenciesProcedure = permissionProcedure("modules.read")
  .input(moduleRefInput)
  .query(({ ctx, input }) => getModuleDependencies(ctx.svc, input.name));
