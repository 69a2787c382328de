import { switchAccount } from "../../../services/auth";
import { permissionProcedure } from "../../trpc";
import { switchAccountInput } from "../../../contracts/auth";

/** Membership of the target account is checked by the service; the caller's current role does not matter. */
export const switchAccountProcedure = permissionProcedure("account.read")
  .input(switchAccountInput)
  .mutation(({ ctx, input }) => switchAccount(ctx.svc, input));
