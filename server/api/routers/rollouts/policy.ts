import { getRolloutPolicy } from "../../../services/rollouts";
import { permissionProcedure } from "../../trpc";

/** The account's rollout policy: waves, soak, deadline, success ratio, auto rollback (docs/rollouts.md). */
export const policyProcedure = permissionProcedure("account.read").query(({ ctx }) => getRolloutPolicy(ctx.svc));
