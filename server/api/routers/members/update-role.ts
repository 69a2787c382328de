import { updateMemberRole } from "../../../services/members";
import { permissionProcedure } from "../../trpc";
import { updateMemberRoleInput } from "../../../contracts/members";

export const updateMemberRoleProcedure = permissionProcedure("members.manage")
  .input(updateMemberRoleInput)
  .mutation(({ ctx, input }) => updateMemberRole(ctx.svc, input));
