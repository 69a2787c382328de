import { createTRPCRouter } from "../../trpc";
import { approveProcedure } from "./approve";
import { blastRadiusProcedure } from "./blast-radius";
import { cancelProcedure } from "./cancel";
import { getProcedure } from "./get";
import { listProcedure } from "./list";
import { pendingCountProcedure } from "./pending-count";
import { rejectProcedure } from "./reject";

export const approvalsRouter = createTRPCRouter({
  list: listProcedure,
  get: getProcedure,
  blastRadius: blastRadiusProcedure,
  pendingCount: pendingCountProcedure,
  approve: approveProcedure,
  reject: rejectProcedure,
  cancel: cancelProcedure,
});
