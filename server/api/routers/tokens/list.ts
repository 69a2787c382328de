import { listTokens } from "../../../services/tokens";
import { permissionProcedure } from "../../trpc";

export const listTokensProcedure = permissionProcedure("tokens.manage").query(({ ctx }) => listTokens(ctx.svc));
