import { listModuleActivity } from "../../../services/modules";
import { moduleActivityInput } from "../../../services/modules.schema";
import { permissionProcedure } from "../../trpc";

export const moduleActivityProcedure = permissionProcedure("audit.read")
  .input(moduleActivityInput)
  .query(({ ctx, input }) => listModuleActivity(ctx.svc, input));
