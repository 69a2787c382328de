import { transitionVersion } from "../../../services/promotion";
import { demoteVersionInput } from "../../../contracts/promotion";
import { permissionProcedure } from "../../trpc";

/** staging → built. */
export const demoteProcedure = permissionProcedure("versions.demote")
  .input(demoteVersionInput)
  .mutation(({ ctx, input }) => transitionVersion(ctx.svc, { ...input, targetState: "built" }));
