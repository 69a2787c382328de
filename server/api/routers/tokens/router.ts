import { createTRPCRouter } from "../../trpc";
import { createTokenProcedure } from "./create";
import { listTokensProcedure } from "./list";
import { revokeTokenProcedure } from "./revoke";

export const tokensRouter = createTRPCRouter({ list: listTokensProcedure, create: createTokenProcedure, revoke: revokeTokenProcedure });
