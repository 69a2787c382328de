import { listRollouts } from "../../../services/rollouts";
import { listRolloutsInput } from "../../../contracts/rollouts";
import { permissionProcedure } from "../../trpc";

/** Rollouts of the account, newest first, paged; filter by module and state (docs/rollouts.md). */
export const listProcedure = permissionProcedure("versions.read")
  .input(listRolloutsInput)
  .query(({ ctx, input }) => listRollouts(ctx.svc, input));
