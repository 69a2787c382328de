import { templateOverlay } from "../../../services/composition";
import { overlayQueryInput } from "../../../services/templates";
import { permissionProcedure } from "../../trpc";

/** One directory of the composed filesystem (or a path search), filtered and paged, for the lazy overlay tree. */
export const overlayProcedure = permissionProcedure("templates.read")
  .input(overlayQueryInput)
  .query(({ ctx, input }) => templateOverlay(ctx.svc, input));
