import { listInstances } from "../../../services/instances";
import { permissionProcedure } from "../../trpc";
import { listInstancesInput } from "../../../contracts/instances";

export const listProcedure = permissionProcedure("instances.read")
  .input(listInstancesInput)
  .query(({ ctx, input }) => listInstances(ctx.svc, input));
