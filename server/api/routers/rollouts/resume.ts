import { resumeRollout } from "../../../services/rollouts";
import { rolloutActionInput } from "../../../contracts/rollouts";
import { permissionProcedure } from "../../trpc";

/** Resume a paused or halted rollout; the current wave's clock restarts (docs/rollouts.md). */
export const resumeProcedure = permissionProcedure("rollouts.manage")
  .input(rolloutActionInput)
  .mutation(({ ctx, input }) => resumeRollout(ctx.svc, input));
