import { updateRolloutPolicy } from "../../../services/rollouts";
import { updateRolloutPolicyInput } from "../../../contracts/rollouts";
import { permissionProcedure } from "../../trpc";

/** Admins set the account's rollout policy (docs/rollouts.md); audited. */
export const updatePolicyProcedure = permissionProcedure("policies.manage")
  .input(updateRolloutPolicyInput)
  .mutation(({ ctx, input }) => updateRolloutPolicy(ctx.svc, input));
