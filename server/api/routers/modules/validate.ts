import { validateManifestForAccount } from "../../../services/modules";
import { validateManifestInput } from "../../../contracts/modules";
import { permissionProcedure } from "../../trpc";

/** The manifest validator with the account-aware checks; a query-like mutation (the text is too large for a URL). */
export const validateManifestProcedure = permissionProcedure("modules.read")
  .input(validateManifestInput)
  .mutation(({ ctx, input }) => validateManifestForAccount(ctx.svc, input));
