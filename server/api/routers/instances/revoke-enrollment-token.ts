import { revokeEnrollmentToken } from "../../../services/instances";
import { permissionProcedure } from "../../trpc";
import { enrollmentTokenIdInput } from "../../../contracts/instances";

export const revokeEnrollmentTokenProcedure = permissionProcedure("instances.manage")
  .input(enrollmentTokenIdInput)
  .mutation(({ ctx, input }) => revokeEnrollmentToken(ctx.svc, input.tokenId));
