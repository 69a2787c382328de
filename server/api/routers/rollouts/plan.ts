import { previewRolloutPlan } from "../../../services/rollouts";
import { rolloutPlanInput } from "../../../contracts/rollouts";
import { permissionProcedure } from "../../trpc";

/** The waves a live request would roll out in, before anyone approves (docs/rollouts.md). */
export const planProcedure = permissionProcedure("approvals.read")
  .input(rolloutPlanInput)
  .query(({ ctx, input }) => previewRolloutPlan(ctx.svc, input));
