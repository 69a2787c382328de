import { auditListInput, listAuditEvents } from "../../../services/audit";
import { permissionProcedure } from "../../trpc";

export const listAuditProcedure = permissionProcedure("audit.read")
  .input(auditListInput)
  .query(({ ctx, input }) => listAuditEvents(ctx.svc, input));
