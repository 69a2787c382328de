import { createTRPCRouter } from "../../trpc";
import { addMemberProcedure } from "./add";
import { listMembersProcedure } from "./list";
import { updateMemberRoleProcedure } from "./update-role";

export const membersRouter = createTRPCRouter({ list: listMembersProcedure, add: addMemberProcedure, updateRole: updateMemberRoleProcedure });
