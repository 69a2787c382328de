import { modulePipeline } from "../../../services/promotion-read";
import { modulePipelineInput } from "../../../contracts/promotion";
import { permissionProcedure } from "../../trpc";

/** One module's versions by state, with sensors, the pending request, the rollback target and the timeline. */
export const pipelineProcedure = permissionProcedure("versions.read")
  .input(modulePipelineInput)
  .query(({ ctx, input }) => modulePipeline(ctx.svc, input));
