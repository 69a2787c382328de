import { listModuleActivity } from "../../../services/modules";
import { moduleActivityInput } from "../../../contracts/modules";
import { permissionProcedure } from "../../trpc";

export const moduleActivityProcedure = permissionProcedure("audit.read")
  .input(moduleActivityInput)
  .query(({ ctx, input }) => listModuleActivity(ctx.svc, input));
