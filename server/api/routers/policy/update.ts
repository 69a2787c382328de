import { updatePolicy, updatePolicyInput } from "../../../services/policy";
import { permissionProcedure } from "../../trpc";

export const updatePolicyProcedure = permissionProcedure("policies.manage")
  .input(updatePolicyInput)
  .mutation(({ ctx, input }) => updatePolicy(ctx.svc, input));
