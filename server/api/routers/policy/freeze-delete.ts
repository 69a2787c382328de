import { deleteFreezeWindow } from "../../../services/promotion-policy";
import { deleteFreezeWindowInput } from "../../../services/promotion.schema";
import { permissionProcedure } from "../../trpc";

export const deleteFreezeWindowProcedure = permissionProcedure("policies.manage")
  .input(deleteFreezeWindowInput)
  .mutation(({ ctx, input }) => deleteFreezeWindow(ctx.svc, input));
