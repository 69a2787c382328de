import { transitionVersion } from "../../../services/promotion";
import { promoteVersionInput } from "../../../contracts/promotion";
import { permissionProcedure } from "../../trpc";

/** built → staging, staging → blessed. */
export const promoteProcedure = permissionProcedure("versions.promote")
  .input(promoteVersionInput)
  .mutation(({ ctx, input }) => transitionVersion(ctx.svc, input));
