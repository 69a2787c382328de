import { approveRequest } from "../../../services/promotion";
import { decideRequestInput } from "../../../services/promotion.schema";
import { permissionProcedure } from "../../trpc";

export const approveProcedure = permissionProcedure("versions.approve")
  .input(decideRequestInput)
  .mutation(({ ctx, input }) => approveRequest(ctx.svc, input));
