import { requestLive } from "../../../services/promotion";
import { requestLiveInput } from "../../../contracts/promotion";
import { permissionProcedure } from "../../trpc";

/** blessed → live: a request that approvers decide, or applied at once when the policy requires no approval. */
export const requestLiveProcedure = permissionProcedure("versions.requestLive")
  .input(requestLiveInput)
  .mutation(({ ctx, input }) => requestLive(ctx.svc, input));
