import { createFreezeWindow } from "../../../services/promotion-policy";
import { createFreezeWindowInput } from "../../../contracts/promotion";
import { permissionProcedure } from "../../trpc";

export const createFreezeWindowProcedure = permissionProcedure("policies.manage")
  .input(createFreezeWindowInput)
  .mutation(({ ctx, input }) => createFreezeWindow(ctx.svc, input));
