import { listModules } from "../../../services/modules";
import { listModulesInput } from "../../../contracts/modules";
import { permissionProcedure } from "../../trpc";

export const listModulesProcedure = permissionProcedure("modules.read")
  .input(listModulesInput)
  .query(({ ctx, input }) => listModules(ctx.svc, input));
