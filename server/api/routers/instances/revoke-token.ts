import { revokeAgentToken } from "../../../services/instances";
import { permissionProcedure } from "../../trpc";
import { instanceIdInput } from "../../../contracts/instances";

export const revokeTokenProcedure = permissionProcedure("instances.manage")
  .input(instanceIdInput)
  .mutation(({ ctx, input }) => revokeAgentToken(ctx.svc, input.instanceId));
