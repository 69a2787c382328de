import { approveRequest } from "../../../services/promotion";
import { decideRequestInput } from "../../../contracts/promotion";
import { permissionProcedure } from "../../trpc";

export const approveProcedure = permissionProcedure("versions.approve")
  .input(decideRequestInput)
  .mutation(({ ctx, input }) => approveRequest(ctx.svc, input));
