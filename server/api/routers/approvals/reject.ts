import { rejectRequest } from "../../../services/promotion";
import { rejectRequestInput } from "../../../contracts/promotion";
import { permissionProcedure } from "../../trpc";

export const rejectProcedure = permissionProcedure("versions.approve")
  .input(rejectRequestInput)
  .mutation(({ ctx, input }) => rejectRequest(ctx.svc, input));
