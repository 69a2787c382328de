import { getMe } from "../../../services/auth";
import { authedProcedure } from "../../trpc";

/** Only concerns the caller: any signed-in member may ask who they are. */
export const meProcedure = authedProcedure.query(({ ctx }) => getMe(ctx.svc));
