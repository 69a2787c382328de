import { listRequests } from "../../../services/promotion-read";
import { listRequestsInput } from "../../../contracts/promotion";
import { permissionProcedure } from "../../trpc";

/** Live requests: the pending queue or the decided history, filtered and paged. */
export const listProcedure = permissionProcedure("approvals.read")
  .input(listRequestsInput)
  .query(({ ctx, input }) => listRequests(ctx.svc, input));
