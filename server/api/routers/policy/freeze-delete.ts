import { deleteFreezeWindow } from "../../../services/promotion-policy";
import { deleteFreezeWindowInput } from "../../../contracts/promotion";
import { permissionProcedure } from "../../trpc";

export const deleteFreezeWindowProcedure = permissionProcedure("policies.manage")
  .input(deleteFreezeWindowInput)
  .mutation(({ ctx, input }) => deleteFreezeWindow(ctx.svc, input));
