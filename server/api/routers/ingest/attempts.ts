import { ingestAttemptsInput } from "../../../contracts/ingest";
import { listIngestAttempts } from "../../../services/ingest-poll";
import { permissionProcedure } from "../../trpc";

/** The module page shows the latest attempts; cursor pages are for REST clients (docs/performance.md). */
export const ingestAttemptsProcedure = permissionProcedure("versions.read")
  .input(ingestAttemptsInput.omit({ cursor: true }))
  .query(({ ctx, input }) => listIngestAttempts(ctx.svc, input.moduleName, input.limit));
