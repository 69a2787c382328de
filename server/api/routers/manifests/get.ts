import { getManifest, getManifestInput } from "../../../services/manifests";
import { permissionProcedure } from "../../trpc";

export const getManifestProcedure = permissionProcedure("modules.read")
  .input(getManifestInput)
  .query(({ ctx, input }) => getManifest(ctx.svc, input));
