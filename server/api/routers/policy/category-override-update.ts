import { updateCategoryOverride } from "../../../services/promotion-policy";
import { categoryOverrideInput } from "../../../contracts/promotion";
import { permissionProcedure } from "../../trpc";

export const updateCategoryOverrideProcedure = permissionProcedure("policies.manage")
  .input(categoryOverrideInput)
  .mutation(({ ctx, input }) => updateCategoryOverride(ctx.svc, input));
