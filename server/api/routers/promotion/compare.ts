import { compareVersionsInput } from "../../../contracts/promotion";
import { compareVersions } from "../../../services/version-compare";
import { permissionProcedure } from "../../trpc";

/** Any two versions of a module: manifest, files, packages and the composition effect. */
export const compareProcedure = permissionProcedure("versions.read")
  .input(compareVersionsInput)
  .query(({ ctx, input }) => compareVersions(ctx.svc, input));
