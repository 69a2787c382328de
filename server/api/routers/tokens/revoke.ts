import { revokeToken, revokeTokenInput } from "../../../services/tokens";
import { permissionProcedure } from "../../trpc";

export const revokeTokenProcedure = permissionProcedure("tokens.manage")
  .input(revokeTokenInput)
  .mutation(({ ctx, input }) => revokeToken(ctx.svc, input));
