import { pauseRollout } from "../../../services/rollouts";
import { rolloutActionInput } from "../../../contracts/rollouts";
import { permissionProcedure } from "../../trpc";

/** Pause: no further waves until resumed; reason required (docs/rollouts.md). */
export const pauseProcedure = permissionProcedure("rollouts.manage")
  .input(rolloutActionInput)
  .mutation(({ ctx, input }) => pauseRollout(ctx.svc, input));
