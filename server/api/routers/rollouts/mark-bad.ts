import { markVersionBad } from "../../../services/rollouts";
import { markVersionBadInput } from "../../../contracts/rollouts";
import { permissionProcedure } from "../../trpc";

/** Mark a version bad (admin): it is not promoted again without an override (docs/rollouts.md). */
export const markBadProcedure = permissionProcedure("versions.markBad")
  .input(markVersionBadInput)
  .mutation(({ ctx, input }) => markVersionBad(ctx.svc, input));
