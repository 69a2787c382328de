import { updateFreezeWindow } from "../../../services/promotion-policy";
import { updateFreezeWindowInput } from "../../../contracts/promotion";
import { permissionProcedure } from "../../trpc";

export const updateFreezeWindowProcedure = permissionProcedure("policies.manage")
  .input(updateFreezeWindowInput)
  .mutation(({ ctx, input }) => updateFreezeWindow(ctx.svc, input));
