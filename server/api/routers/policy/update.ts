import { updatePolicy } from "../../../services/policy";
import { permissionProcedure } from "../../trpc";
import { updatePolicyInput } from "../../../contracts/policy";

export const updatePolicyProcedure = permissionProcedure("policies.manage")
  .input(updatePolicyInput)
  .mutation(({ ctx, input }) => updatePolicy(ctx.svc, input));
