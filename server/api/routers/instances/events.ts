import { listInstanceEvents } from "../../../services/instances";
import { permissionProcedure } from "../../trpc";
import { instanceEventsInput } from "../../../contracts/instances";

export const eventsProcedure = permissionProcedure("instances.read")
  .input(instanceEventsInput)
  .query(({ ctx, input }) => listInstanceEvents(ctx.svc, input));
