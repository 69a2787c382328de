import { listModuleOptions } from "../../../services/modules";
import { permissionProcedure } from "../../trpc";

/** Every module's name, display name and variety: the parent-module choices of the registration form. */
export const moduleOptionsProcedure = permissionProcedure("modules.read").query(({ ctx }) => listModuleOptions(ctx.svc));
