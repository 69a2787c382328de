import { listModules } from "../../../services/modules";
import { listModulesInput } from "../../../services/modules.schema";
import { permissionProcedure } from "../../trpc";

export const listModulesProcedure = permissionProcedure("modules.read")
  .input(listModulesInput)
  .query(({ ctx, input }) => listModules(ctx.svc, input));
