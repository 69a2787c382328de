import { createInstance } from "../../../services/instances";
import { permissionProcedure } from "../../trpc";
import { createInstanceInput } from "../../../contracts/instances";

export const createProcedure = permissionProcedure("instances.manage")
  .input(createInstanceInput)
  .mutation(({ ctx, input }) => createInstance(ctx.svc, input));
