import { revokeToken } from "../../../services/tokens";
import { permissionProcedure } from "../../trpc";
import { revokeTokenInput } from "../../../contracts/tokens";

export const revokeTokenProcedure = permissionProcedure("tokens.manage")
  .input(revokeTokenInput)
  .mutation(({ ctx, input }) => revokeToken(ctx.svc, input));
