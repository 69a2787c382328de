import { createTRPCRouter } from "../../trpc";
import { listCategoriesProcedure } from "./list";

export const categoriesRouter = createTRPCRouter({ list: listCategoriesProcedure });
