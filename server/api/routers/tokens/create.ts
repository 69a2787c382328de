import { createToken, createTokenInput } from "../../../services/tokens";
import { permissionProcedure } from "../../trpc";

export const createTokenProcedure = permissionProcedure("tokens.manage")
  .input(createTokenInput)
  .mutation(({ ctx, input }) => createToken(ctx.svc, input));
