import { removeMember, removeMemberInput } from "../../../services/members";
import { permissionProcedure } from "../../trpc";

export const removeMemberProcedure = permissionProcedure("members.manage")
  .input(removeMemberInput)
  .mutation(({ ctx, input }) => removeMember(ctx.svc, input));
