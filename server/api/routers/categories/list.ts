import { listCategories } from "../../../services/categories";
import { permissionProcedure } from "../../trpc";

export const listCategoriesProcedure = permissionProcedure("categories.read").query(({ ctx }) => listCategories(ctx.svc));
