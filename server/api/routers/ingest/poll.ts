import { moduleRefInput } from "../../../contracts/modules";
import { pollModuleRegistry } from "../../../services/ingest-poll";
import { permissionProcedure } from "../../trpc";

export const pollModuleProcedure = permissionProcedure("ingest.poll")
  .input(moduleRefInput)
  .mutation(({ ctx, input }) => pollModuleRegistry(ctx.svc, input.name));
