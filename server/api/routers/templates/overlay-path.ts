import { templateOverlayPath } from "../../../services/composition";

import { permissionProcedure } from "../../trpc";
import { overlayPathInput } from "../../../contracts/templates";

/** The full story of one path: winner, shadowed layers, dropped copies with the protecting module and glob. */
export const overlayPathProcedure = permissionProcedure("templates.read")
  .input(overlayPathInput)
  .query(({ ctx, input }) => templateOverlayPath(ctx.svc, input));
