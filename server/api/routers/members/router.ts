import { createTRPCRouter } from "../../trpc";
import { addMemberProcedure } from "./add";
import { listMembersProcedure } from "./list";
import { removeMemberProcedure } from "./remove";
import { updateMemberRoleProcedure } from "./update-role";

export const membersRouter = createTRPCRouter({
  list: listMembersProcedure,
  add: addMemberProcedure,
  updateRole: updateMemberRoleProcedure,
  remove: removeMemberProcedure,
});
