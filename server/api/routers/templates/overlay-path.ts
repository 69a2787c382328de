import { templateOverlayPath } from "../../../services/composition";
import { overlayPathInput } from "../../../services/templates";
import { permissionProcedure } from "../../trpc";

/** The full story of one path: winner, shadowed layers, dropped copies with the protecting module and glob. */
export const overlayPathProcedure = permissionProcedure("templates.read")
  .input(overlayPathInput)
  .query(({ ctx, input }) => templateOverlayPath(ctx.svc, input));
