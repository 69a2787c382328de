import { createTRPCRouter } from "../../trpc";
import { getManifestProcedure } from "./get";
import { saveManifestProcedure } from "./save";
import { validateManifestProcedure } from "./validate";

export const manifestsRouter = createTRPCRouter({
  get: getManifestProcedure,
  validate: validateManifestProcedure,
  save: saveManifestProcedure,
});
