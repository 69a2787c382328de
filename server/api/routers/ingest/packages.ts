import { z } from "zod";
import { idSchema } from "../../../contracts/ids";
import { versionPackages } from "../../../services/ingest-poll";
import { permissionProcedure } from "../../trpc";

export const versionPackagesProcedure = permissionProcedure("versions.read")
  .input(z.object({ versionId: idSchema }))
  .query(({ ctx, input }) => versionPackages(ctx.svc, input.versionId));
