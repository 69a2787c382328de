import { decommissionInstance } from "../../../services/instances";
import { permissionProcedure } from "../../trpc";
import { decommissionInstanceInput } from "../../../contracts/instances";

export const decommissionProcedure = permissionProcedure("instances.manage")
  .input(decommissionInstanceInput)
  .mutation(({ ctx, input }) => decommissionInstance(ctx.svc, input));
