import { listAuditActions } from "../../../services/audit";
import { permissionProcedure } from "../../trpc";

export const listAuditActionsProcedure = permissionProcedure("audit.read").query(({ ctx }) => listAuditActions(ctx.svc));
