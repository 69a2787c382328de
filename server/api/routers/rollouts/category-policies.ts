import { updateCategoryRolloutPolicyInput } from "../../../contracts/rollouts";
import { listCategoryRolloutPolicies, updateCategoryRolloutPolicy } from "../../../services/rollouts";
import { permissionProcedure } from "../../trpc";

/** Each category's rollout overrides and the policy its modules' rollouts get (docs/rollouts.md). */
export const categoryPoliciesProcedure = permissionProcedure("account.read").query(({ ctx }) => listCategoryRolloutPolicies(ctx.svc));

/** Admins override the account's rollout policy for one category; audited. */
export const updateCategoryPolicyProcedure = permissionProcedure("policies.manage")
  .input(updateCategoryRolloutPolicyInput)
  .mutation(({ ctx, input }) => updateCategoryRolloutPolicy(ctx.svc, input));
