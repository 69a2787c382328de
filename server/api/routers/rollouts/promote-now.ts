import { promoteRolloutNow } from "../../../services/rollouts";
import { rolloutActionInput } from "../../../contracts/rollouts";
import { permissionProcedure } from "../../trpc";

/** Skip to 100 %: every remaining wave released at once (docs/rollouts.md). */
export const promoteNowProcedure = permissionProcedure("rollouts.manage")
  .input(rolloutActionInput)
  .mutation(({ ctx, input }) => promoteRolloutNow(ctx.svc, input));
