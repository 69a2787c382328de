import { clearVersionBad } from "../../../services/rollouts";
import { clearVersionBadInput } from "../../../contracts/rollouts";
import { permissionProcedure } from "../../trpc";

/** Clear a version's bad mark (admin), with a reason (docs/rollouts.md). */
export const clearBadProcedure = permissionProcedure("versions.markBad")
  .input(clearVersionBadInput)
  .mutation(({ ctx, input }) => clearVersionBad(ctx.svc, input));
