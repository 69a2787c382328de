import { getRollout } from "../../../services/rollouts";
import { rolloutIdInput } from "../../../contracts/rollouts";
import { permissionProcedure } from "../../trpc";

/** One rollout: waves, per-wave instances with health, digest and soak timers, the failure (docs/rollouts.md). */
export const getProcedure = permissionProcedure("versions.read")
  .input(rolloutIdInput)
  .query(({ ctx, input }) => getRollout(ctx.svc, input));
