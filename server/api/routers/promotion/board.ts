import { fleetBoard } from "../../../services/promotion-read";
import { fleetBoardInput } from "../../../contracts/promotion";
import { permissionProcedure } from "../../trpc";

/** Every module as a row with its versions in state columns; filters by category and "needs attention". */
export const boardProcedure = permissionProcedure("versions.read")
  .input(fleetBoardInput)
  .query(({ ctx, input }) => fleetBoard(ctx.svc, input));
