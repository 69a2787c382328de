import { getManifest } from "../../../services/manifests";
import { permissionProcedure } from "../../trpc";
import { getManifestInput } from "../../../contracts/manifests";

export const getManifestProcedure = permissionProcedure("modules.read")
  .input(getManifestInput)
  .query(({ ctx, input }) => getManifest(ctx.svc, input));
