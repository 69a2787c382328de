import { addMember } from "../../../services/accounts";
import { permissionProcedure } from "../../trpc";
import { addMemberInput } from "../../../contracts/members";

export const addMemberProcedure = permissionProcedure("members.manage")
  .input(addMemberInput)
  .mutation(({ ctx, input }) => addMember(ctx.svc, input));
