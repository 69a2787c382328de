import { abortRollout } from "../../../services/rollouts";
import { rolloutActionInput } from "../../../contracts/rollouts";
import { permissionProcedure } from "../../trpc";

/** Abort and roll back: released nodes return to the previous version (docs/rollouts.md). */
export const abortProcedure = permissionProcedure("rollouts.manage")
  .input(rolloutActionInput)
  .mutation(({ ctx, input }) => abortRollout(ctx.svc, input));
