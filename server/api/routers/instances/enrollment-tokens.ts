import { listEnrollmentTokens } from "../../../services/instances";
import { permissionProcedure } from "../../trpc";
import { listEnrollmentTokensInput } from "../../../contracts/instances";

export const enrollmentTokensProcedure = permissionProcedure("instances.read")
  .input(listEnrollmentTokensInput)
  .query(({ ctx, input }) => listEnrollmentTokens(ctx.svc, input.templateId));
