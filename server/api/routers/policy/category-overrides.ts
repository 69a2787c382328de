import { listCategoryOverrides } from "../../../services/promotion-policy";
import { permissionProcedure } from "../../trpc";

/** Each category with its approval-policy overrides (null = inherits the account's). */
export const categoryOverridesProcedure = permissionProcedure("account.read").query(({ ctx }) => listCategoryOverrides(ctx.svc));
