import { saveManifest } from "../../../services/manifests";
import { permissionProcedure } from "../../trpc";
import { editorSaveManifestInput } from "../../../contracts/manifests";

export const saveManifestProcedure = permissionProcedure("manifests.edit")
  .input(editorSaveManifestInput)
  .mutation(({ ctx, input }) => saveManifest(ctx.svc, input));
