import { getInstance } from "../../../services/instances";
import { permissionProcedure } from "../../trpc";
import { instanceIdInput } from "../../../contracts/instances";

export const getProcedure = permissionProcedure("instances.read")
  .input(instanceIdInput)
  .query(({ ctx, input }) => getInstance(ctx.svc, input.instanceId));
