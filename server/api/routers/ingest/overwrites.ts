import { recentTagOverwrites } from "../../../services/ingest-poll";
import { permissionProcedure } from "../../trpc";

export const tagOverwritesProcedure = permissionProcedure("versions.read").query(({ ctx }) => recentTagOverwrites(ctx.svc));
