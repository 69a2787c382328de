import { updateMemberRole, updateMemberRoleInput } from "../../../services/members";
import { permissionProcedure } from "../../trpc";

export const updateMemberRoleProcedure = permissionProcedure("members.manage")
  .input(updateMemberRoleInput)
  .mutation(({ ctx, input }) => updateMemberRole(ctx.svc, input));
