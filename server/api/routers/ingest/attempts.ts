import { ingestAttemptsInput } from "../../../contracts/ingest";
import { listIngestAttempts } from "../../../services/ingest-poll";
import { permissionProcedure } from "../../trpc";

export const ingestAttemptsProcedure = permissionProcedure("versions.read")
  .input(ingestAttemptsInput)
  .query(({ ctx, input }) => listIngestAttempts(ctx.svc, input.moduleName, input.limit));
