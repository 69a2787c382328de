import { pendingRequestCount } from "../../../services/promotion-read";
import { permissionProcedure } from "../../trpc";

/** How many live requests wait for a decision (the sidebar badge). */
export const pendingCountProcedure = permissionProcedure("approvals.read").query(({ ctx }) => pendingRequestCount(ctx.svc));
