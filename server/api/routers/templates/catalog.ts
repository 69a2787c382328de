import { searchCatalog } from "../../../services/templates";
import { permissionProcedure } from "../../trpc";
import { catalogInput } from "../../../contracts/templates";

/** Registered modules to add to a template (modules.read is implied by templates.read for every role). */
export const catalogProcedure = permissionProcedure("templates.read")
  .input(catalogInput)
  .query(({ ctx, input }) => searchCatalog(ctx.svc, input));
