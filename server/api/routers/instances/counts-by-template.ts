import { fleetCountsByTemplate } from "../../../services/instances";
import { permissionProcedure } from "../../trpc";

export const countsByTemplateProcedure = permissionProcedure("instances.read")
  .query(({ ctx }) => fleetCountsByTemplate(ctx.svc));
