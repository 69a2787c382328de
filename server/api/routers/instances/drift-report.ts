import { driftReport } from "../../../services/instances";
import { permissionProcedure } from "../../trpc";

export const driftReportProcedure = permissionProcedure("instances.read")
  .query(({ ctx }) => driftReport(ctx.svc));
