import { rotateAgentToken } from "../../../services/instances";
import { permissionProcedure } from "../../trpc";
import { instanceIdInput } from "../../../contracts/instances";

export const rotateTokenProcedure = permissionProcedure("instances.manage")
  .input(instanceIdInput)
  .mutation(({ ctx, input }) => rotateAgentToken(ctx.svc, input.instanceId));
