import { z } from "zod";
import { ingestAttemptsInput, registryCredentialInput, signingSettingsInput } from "../../contracts/ingest";
import { moduleRefInput } from "../../contracts/modules";
import { pageIngestAttempts, pollModuleRegistry } from "../../services/ingest-poll";
import { getSigningSettings, rotateWebhookSecret, setRegistryCredential, updateSigningSettings } from "../../services/ingest-settings";
import { handleIngestWebhook } from "../../services/ingest-webhook";
import { defineRoute } from "./define";

/** Signed ingest over REST (docs/ingest.md): poll now, attempts, the trust policy, and the push webhook. */

const attemptSchema = z
  .object({
    id: z.string(),
    tag: z.string(),
    digest: z.string().nullable(),
    outcome: z.enum(["accepted", "rejected"]),
    reason_code: z.string().meta({ description: "NO_SIGNATURE, IDENTITY_MISMATCH, ISSUER_MISMATCH, UNTRUSTED_CA, TAG_OVERWRITE, … or ACCEPTED" }),
    reason: z.string(),
    signer_identity: z.string().nullable(),
    issuer: z.string().nullable(),
    version_id: z.string().nullable(),
    tag_overwrite: z.boolean(),
    at: z.string(),
  })
  .meta({ id: "IngestAttempt" });

const settingsSchema = z
  .object({
    has_custom_trusted_root: z.boolean(),
    use_public_good: z.boolean(),
    tlog_threshold: z.number().int(),
    ctlog_threshold: z.number().int(),
    timestamp_threshold: z.number().int(),
    webhook_secret_set: z.boolean(),
    registries: z.array(z.object({ registry_host: z.string(), username: z.string(), updated_at: z.string() })),
  })
  .meta({ id: "SigningSettings" });

export const pollModuleRoute = defineRoute({
  method: "POST",
  path: "/system/modules/{name}/ingest/poll",
  access: { permission: "ingest.poll" },
  summary: "Polls the module's OCI repository now and returns the attempts this poll recorded (CI, tests)",
  tags: ["ingest"],
  input: moduleRefInput,
  params: { name: "name" },
  errorStatuses: [404, 422, 503],
  response: z
    .object({ module: z.string(), repository: z.string(), tags_seen: z.number().int(), skipped: z.number().int(), attempts: z.array(attemptSchema) })
    .meta({ id: "IngestPoll" }),
  handler: (ctx, { name }) => pollModuleRegistry(ctx, name),
});

export const listAttemptsRoute = defineRoute({
  method: "GET",
  path: "/system/modules/{name}/ingest_attempts",
  access: { permission: "versions.read" },
  summary: "Every ingest attempt of the module, newest first: accepted with its version, or rejected with the reason",
  tags: ["ingest"],
  input: ingestAttemptsInput,
  params: { name: "moduleName" },
  errorStatuses: [404],
  response: z
    .object({ attempts: z.array(attemptSchema), next_cursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last" }) })
    .meta({ id: "IngestAttemptList" }),
  handler: (ctx, input) => pageIngestAttempts(ctx, input),
});

export const getSigningSettingsRoute = defineRoute({
  method: "GET",
  path: "/system/settings/signing",
  access: { permission: "signing.manage" },
  summary: "The account's trust policy for signed ingest and which registries have credentials (secrets are never returned)",
  tags: ["ingest"],
  response: settingsSchema,
  handler: (ctx) => getSigningSettings(ctx),
});

export const putSigningSettingsRoute = defineRoute({
  method: "PUT",
  path: "/system/settings/signing",
  access: { permission: "signing.manage" },
  summary: "Sets the trust policy: a custom trusted_root.json and/or the Sigstore public-good root, and the tlog/CT/timestamp thresholds. Audited",
  tags: ["ingest"],
  input: signingSettingsInput,
  bodyId: "SigningSettingsUpdate",
  maxBodyBytes: 2 * 1024 * 1024,
  errorStatuses: [400],
  response: settingsSchema,
  handler: (ctx, input) => updateSigningSettings(ctx, input),
});

export const putRegistryCredentialRoute = defineRoute({
  method: "PUT",
  path: "/system/settings/signing/registries",
  access: { permission: "signing.manage" },
  summary: "Sets (or with password null removes) the pull credentials of one registry host; stored sealed. Audited",
  tags: ["ingest"],
  input: registryCredentialInput,
  bodyId: "RegistryCredential",
  errorStatuses: [400],
  response: settingsSchema,
  handler: (ctx, input) => setRegistryCredential(ctx, input),
});

export const rotateWebhookSecretRoute = defineRoute({
  method: "POST",
  path: "/system/settings/signing/webhook_secret",
  access: { permission: "signing.manage" },
  summary: "Makes a new webhook HMAC secret, shown once in this answer; the previous one stops working. Audited",
  tags: ["ingest"],
  response: z.object({ secret: z.string() }).meta({ id: "WebhookSecret" }),
  handler: (ctx) => rotateWebhookSecret(ctx),
});

export const ingestWebhookRoute = defineRoute({
  method: "POST",
  path: "/system/ingest/webhook",
  access: "public",
  summary:
    "A registry or forge push event, signed with HMAC-SHA256 of the raw body (X-Hub-Signature-256: sha256=<hex>, or X-Gitea-Signature: <hex>) with the account's webhook secret; `?account=<slug>` names the account. Polls the named repository. 401 on a bad signature",
  tags: ["ingest"],
  // The event's shape varies by sender; the service reads the raw body it authenticated.
  input: z.object({ repository: z.unknown().optional(), events: z.unknown().optional(), package: z.unknown().optional() }),
  maxBodyBytes: 256 * 1024,
  errorStatuses: [400, 401],
  response: z
    .object({ duplicate: z.boolean(), polled: z.array(z.object({ module: z.string(), accepted: z.number().int(), rejected: z.number().int() })) })
    .meta({ id: "IngestWebhookResult" }),
  handler: (_input, request) =>
    handleIngestWebhook(request.db, {
      accountSlug: new URL(request.url).searchParams.get("account"),
      headers: request.headers,
      rawBody: request.rawBody ?? new Uint8Array(0),
      now: request.now,
    }),
});

export const ingestRoutes = [pollModuleRoute, listAttemptsRoute, getSigningSettingsRoute, putSigningSettingsRoute, putRegistryCredentialRoute, rotateWebhookSecretRoute, ingestWebhookRoute];
