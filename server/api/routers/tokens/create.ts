import { createToken } from "../../../services/tokens";
import { permissionProcedure } from "../../trpc";
import { createTokenInput } from "../../../contracts/tokens";

export const createTokenProcedure = permissionProcedure("tokens.manage")
  .input(createTokenInput)
  .mutation(({ ctx, input }) => createToken(ctx.svc, input));
