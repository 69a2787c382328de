import { addMember, addMemberInput } from "../../../services/accounts";
import { permissionProcedure } from "../../trpc";

export const addMemberProcedure = permissionProcedure("members.manage")
  .input(addMemberInput)
  .mutation(({ ctx, input }) => addMember(ctx.svc, input));
