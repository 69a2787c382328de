import { rollbackModule } from "../../../services/promotion";
import { rollbackInput } from "../../../contracts/promotion";
import { permissionProcedure } from "../../trpc";

/** Live → retired with a reason; the most recently live blessed version → live. */
export const rollbackProcedure = permissionProcedure("versions.rollback")
  .input(rollbackInput)
  .mutation(({ ctx, input }) => rollbackModule(ctx.svc, input));
