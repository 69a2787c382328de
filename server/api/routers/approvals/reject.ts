import { rejectRequest } from "../../../services/promotion";
import { rejectRequestInput } from "../../../services/promotion.schema";
import { permissionProcedure } from "../../trpc";

export const rejectProcedure = permissionProcedure("versions.approve")
  .input(rejectRequestInput)
  .mutation(({ ctx, input }) => rejectRequest(ctx.svc, input));
