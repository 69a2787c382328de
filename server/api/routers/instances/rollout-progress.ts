import { rolloutProgress } from "../../../services/instances";
import { permissionProcedure } from "../../trpc";
import { rolloutProgressInput } from "../../../contracts/instances";

export const rolloutProgressProcedure = permissionProcedure("instances.read")
  .input(rolloutProgressInput)
  .query(({ ctx, input }) => rolloutProgress(ctx.svc, input));
