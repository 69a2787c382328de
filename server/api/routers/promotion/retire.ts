import { transitionVersion } from "../../../services/promotion";
import { retireVersionInput } from "../../../contracts/promotion";
import { permissionProcedure } from "../../trpc";

/** Any non-retired version → retired, with a reason. Retiring the live version also needs versions.rollback (the service checks). */
export const retireProcedure = permissionProcedure("versions.retire")
  .input(retireVersionInput)
  .mutation(({ ctx, input }) => transitionVersion(ctx.svc, { ...input, targetState: "retired" }));
