import { getRequest } from "../../../services/promotion-read";
import { requestIdInput } from "../../../contracts/promotion";
import { permissionProcedure } from "../../trpc";

/** A request with its decisions and what the caller may do (with the reason when not). */
export const getProcedure = permissionProcedure("approvals.read")
  .input(requestIdInput)
  .query(({ ctx, input }) => getRequest(ctx.svc, input));
