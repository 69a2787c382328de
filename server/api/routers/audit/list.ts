import { listAuditEvents } from "../../../services/audit";
import { permissionProcedure } from "../../trpc";
import { auditListInput } from "../../../contracts/audit";

export const listAuditProcedure = permissionProcedure("audit.read")
  .input(auditListInput)
  .query(({ ctx, input }) => listAuditEvents(ctx.svc, input));
