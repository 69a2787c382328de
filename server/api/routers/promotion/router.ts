import { createTRPCRouter } from "../../trpc";
import { boardProcedure } from "./board";
import { compareProcedure } from "./compare";
import { demoteProcedure } from "./demote";
import { pipelineProcedure } from "./pipeline";
import { promoteProcedure } from "./promote";
import { requestLiveProcedure } from "./request-live";
import { retireProcedure } from "./retire";
import { rollbackProcedure } from "./rollback";

export const promotionRouter = createTRPCRouter({
  pipeline: pipelineProcedure,
  board: boardProcedure,
  compare: compareProcedure,
  promote: promoteProcedure,
  demote: demoteProcedure,
  retire: retireProcedure,
  requestLive: requestLiveProcedure,
  rollback: rollbackProcedure,
});
