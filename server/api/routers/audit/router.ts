import { createTRPCRouter } from "../../trpc";
import { listAuditActionsProcedure } from "./actions";
import { listAuditProcedure } from "./list";

export const auditRouter = createTRPCRouter({ list: listAuditProcedure, actions: listAuditActionsProcedure });
