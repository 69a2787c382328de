import { removeMember } from "../../../services/members";
import { permissionProcedure } from "../../trpc";
import { removeMemberInput } from "../../../contracts/members";

export const removeMemberProcedure = permissionProcedure("members.manage")
  .input(removeMemberInput)
  .mutation(({ ctx, input }) => removeMember(ctx.svc, input));
