import { listMembers } from "../../../services/members";
import { permissionProcedure } from "../../trpc";

export const listMembersProcedure = permissionProcedure("account.read").query(({ ctx }) => listMembers(ctx.svc));
