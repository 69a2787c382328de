import { fleetSummary } from "../../../services/instances";
import { permissionProcedure } from "../../trpc";
import { fleetSummaryInput } from "../../../contracts/instances";

export const summaryProcedure = permissionProcedure("instances.read")
  .input(fleetSummaryInput)
  .query(({ ctx, input }) => fleetSummary(ctx.svc, input));
