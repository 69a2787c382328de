import { rolloutOfRequest } from "../../../services/rollouts";
import { rolloutPlanInput } from "../../../contracts/rollouts";
import { permissionProcedure } from "../../trpc";

/** The rollout a promotion request started, or null (docs/rollouts.md). */
export const ofRequestProcedure = permissionProcedure("approvals.read")
  .input(rolloutPlanInput)
  .query(({ ctx, input }) => rolloutOfRequest(ctx.svc, input));
