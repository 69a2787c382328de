import { updateInstanceMetadata } from "../../../services/instances";
import { permissionProcedure } from "../../trpc";
import { updateInstanceMetadataInput } from "../../../contracts/instances";

/** The instance page's metadata form (docs/authoring.md, "Instance metadata"). */
export const updateMetadataProcedure = permissionProcedure("instances.manage")
  .input(updateInstanceMetadataInput)
  .mutation(({ ctx, input }) => updateInstanceMetadata(ctx.svc, input));
