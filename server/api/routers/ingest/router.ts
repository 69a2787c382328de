import { createTRPCRouter } from "../../trpc";
import { ingestAttemptsProcedure } from "./attempts";
import { tagOverwritesProcedure } from "./overwrites";
import { versionPackagesProcedure } from "./packages";
import { pollModuleProcedure } from "./poll";
import { rotateWebhookSecretProcedure, setRegistryCredentialProcedure, signingSettingsProcedure, updateSigningSettingsProcedure } from "./settings";

/** Signed ingest (docs/ingest.md): attempts, poll now, and the account's signing settings. */
export const ingestRouter = createTRPCRouter({
  attempts: ingestAttemptsProcedure,
  poll: pollModuleProcedure,
  overwrites: tagOverwritesProcedure,
  packages: versionPackagesProcedure,
  settings: signingSettingsProcedure,
  updateSettings: updateSigningSettingsProcedure,
  setRegistryCredential: setRegistryCredentialProcedure,
  rotateWebhookSecret: rotateWebhookSecretProcedure,
});
