import { registryCredentialInput, signingSettingsInput } from "../../../contracts/ingest";
import { getSigningSettings, rotateWebhookSecret, setRegistryCredential, updateSigningSettings } from "../../../services/ingest-settings";
import { permissionProcedure } from "../../trpc";

export const signingSettingsProcedure = permissionProcedure("signing.manage").query(({ ctx }) => getSigningSettings(ctx.svc));

export const updateSigningSettingsProcedure = permissionProcedure("signing.manage")
  .input(signingSettingsInput)
  .mutation(({ ctx, input }) => updateSigningSettings(ctx.svc, input));

export const setRegistryCredentialProcedure = permissionProcedure("signing.manage")
  .input(registryCredentialInput)
  .mutation(({ ctx, input }) => setRegistryCredential(ctx.svc, input));

export const rotateWebhookSecretProcedure = permissionProcedure("signing.manage").mutation(({ ctx }) => rotateWebhookSecret(ctx.svc));
