import { templateOverlay } from "../../../services/composition";

import { permissionProcedure } from "../../trpc";
import { overlayQueryInput } from "../../../contracts/templates";

/** One directory of the composed filesystem (or a path search), filtered and paged, for the lazy overlay tree. */
export const overlayProcedure = permissionProcedure("templates.read")
  .input(overlayQueryInput)
  .query(({ ctx, input }) => templateOverlay(ctx.svc, input));
