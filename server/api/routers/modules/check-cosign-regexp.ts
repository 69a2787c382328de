import { checkCosignRegexp } from "../../../services/regexp-safety";
import { checkCosignRegexpInput } from "../../../contracts/modules";
import { permissionProcedure } from "../../trpc";

/**
 * The cosign regexp verdict (safe / unsafe with an attack / undecided / invalid) the forms show as the author
 * types. Same permission as registration: it exists to help register, and it spends checker time.
 */
export const checkCosignRegexpProcedure = permissionProcedure("modules.create")
  .input(checkCosignRegexpInput)
  .query(({ ctx, input }) => checkCosignRegexp(ctx.svc, input));
