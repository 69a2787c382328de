import { acceptErrors, acceptErrorsInput } from "../../../services/templates";
import { permissionProcedure } from "../../trpc";

/** Accepting composition errors decides what the fleet runs, like saving the template: templates.edit. */
export const acceptErrorsProcedure = permissionProcedure("templates.edit")
  .input(acceptErrorsInput)
  .mutation(({ ctx, input }) => acceptErrors(ctx.svc, input));
