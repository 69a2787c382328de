import { acceptErrors } from "../../../services/templates";
import { permissionProcedure } from "../../trpc";
import { acceptErrorsInput } from "../../../contracts/templates";

/** Accepting composition errors decides what the fleet runs, like saving the template: templates.edit. */
export const acceptErrorsProcedure = permissionProcedure("templates.edit")
  .input(acceptErrorsInput)
  .mutation(({ ctx, input }) => acceptErrors(ctx.svc, input));
