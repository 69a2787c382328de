import { cancelRequest } from "../../../services/promotion";
import { cancelRequestInput } from "../../../contracts/promotion";
import { permissionProcedure } from "../../trpc";

/** The requester withdraws, or an approver cancels, a pending request (the service checks which one the caller is). */
export const cancelProcedure = permissionProcedure("versions.requestLive")
  .input(cancelRequestInput)
  .mutation(({ ctx, input }) => cancelRequest(ctx.svc, input));
