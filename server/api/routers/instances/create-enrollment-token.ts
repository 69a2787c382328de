import { createEnrollmentToken } from "../../../services/instances";
import { permissionProcedure } from "../../trpc";
import { createEnrollmentTokenInput } from "../../../contracts/instances";

export const createEnrollmentTokenProcedure = permissionProcedure("instances.manage")
  .input(createEnrollmentTokenInput)
  .mutation(({ ctx, input }) => createEnrollmentToken(ctx.svc, input));
