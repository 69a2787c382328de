import { systemStatus } from "../../../services/system";
import { createTRPCRouter, permissionProcedure } from "../../trpc";

export const systemRouter = createTRPCRouter({
  status: permissionProcedure("system.read").query(({ ctx }) => systemStatus(ctx.svc)),
});
