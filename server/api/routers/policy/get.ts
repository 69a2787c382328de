import { getPolicy } from "../../../services/policy";
import { permissionProcedure } from "../../trpc";

export const getPolicyProcedure = permissionProcedure("account.read").query(({ ctx }) => getPolicy(ctx.svc));
