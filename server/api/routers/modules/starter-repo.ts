import { starterRepoInput } from "../../../contracts/author-kit";
import { starterRepoZip } from "../../../services/author-kit";
import { permissionProcedure } from "../../trpc";

/** The module page's "Download starter repo" (docs/authoring.md): a zip of about 15 KB, built per request. */
export const starterRepoProcedure = permissionProcedure("modules.read")
  .input(starterRepoInput)
  .query(({ ctx, input }) => starterRepoZip(ctx.svc, input));
