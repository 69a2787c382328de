import { editorSaveManifestInput, saveManifest } from "../../../services/manifests";
import { permissionProcedure } from "../../trpc";

export const saveManifestProcedure = permissionProcedure("manifests.edit")
  .input(editorSaveManifestInput)
  .mutation(({ ctx, input }) => saveManifest(ctx.svc, input));
