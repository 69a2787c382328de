import { blastRadius } from "../../../services/promotion-blast-radius";
import { requestIdInput } from "../../../services/promotion.schema";
import { permissionProcedure } from "../../trpc";

/** What the fleet would run differently if the request's version went live. */
export const blastRadiusProcedure = permissionProcedure("approvals.read")
  .input(requestIdInput)
  .query(({ ctx, input }) => blastRadius(ctx.svc, input.requestId));
