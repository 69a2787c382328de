import { validateModuleManifest } from "../../../services/manifests";
import { permissionProcedure } from "../../trpc";
import { validateModuleManifestInput } from "../../../contracts/manifests";

/**
 * Account-aware validation of a draft. A mutation only in transport: it changes nothing, but a manifest of up to
 * 256 KiB does not fit in the query string of a GET (tRPC sends query inputs in the URL; Node rejects request heads
 * over 16 KiB). The editor calls it through `useQuery` with the vanilla client, so results are still cached per text.
 */
export const validateManifestProcedure = permissionProcedure("modules.read")
  .input(validateModuleManifestInput)
  .mutation(({ ctx, input }) => validateModuleManifest(ctx.svc, input));
