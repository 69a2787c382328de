import { createTRPCRouter } from "../../trpc";
import { categoryOverridesProcedure } from "./category-overrides";
import { updateCategoryOverrideProcedure } from "./category-override-update";
import { createFreezeWindowProcedure } from "./freeze-create";
import { deleteFreezeWindowProcedure } from "./freeze-delete";
import { updateFreezeWindowProcedure } from "./freeze-update";
import { getPolicyProcedure } from "./get";
import { updatePolicyProcedure } from "./update";

export const policyRouter = createTRPCRouter({
  get: getPolicyProcedure,
  update: updatePolicyProcedure,
  createFreezeWindow: createFreezeWindowProcedure,
  updateFreezeWindow: updateFreezeWindowProcedure,
  deleteFreezeWindow: deleteFreezeWindowProcedure,
  categoryOverrides: categoryOverridesProcedure,
  updateCategoryOverride: updateCategoryOverrideProcedure,
});
