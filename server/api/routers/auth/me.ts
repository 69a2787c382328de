import { getMe } from "../../../services/auth";
import { permissionProcedure } from "../../trpc";

/** Only concerns the caller: any signed-in member may ask who they are. */
export const meProcedure = permissionProcedure("account.read").query(({ ctx }) => getMe(ctx.svc));
