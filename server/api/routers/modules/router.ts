import { createTRPCRouter } from "../../trpc";
import { moduleActivityProcedure } from "./activity";
import { checkCosignRegexpProcedure } from "./check-cosign-regexp";
import { moduleDependenciesProcedure } from "./dependencies";
import { getModuleProcedure } from "./get";
import { listModulesProcedure } from "./list";
import { moduleOptionsProcedure } from "./options";
import { registerModuleProcedure } from "./register";
import { starterRepoProcedure } from "./starter-repo";
import { updateModuleProcedure } from "./update";
import { validateManifestProcedure } from "./validate";

export const modulesRouter = createTRPCRouter({
  list: listModulesProcedure,
  get: getModuleProcedure,
  options: moduleOptionsProcedure,
  register: registerModuleProcedure,
  update: updateModuleProcedure,
  validate: validateManifestProcedure,
  checkCosignRegexp: checkCosignRegexpProcedure,
  dependencies: moduleDependenciesProcedure,
  activity: moduleActivityProcedure,
  starterRepo: starterRepoProcedure,
});
