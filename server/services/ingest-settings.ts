import "server-only";
import { randomBytes } from "node:crypto";
import type { Db } from "../db/client";
import { AppError } from "../errors";
import type { SigningSettingsInput, RegistryCredentialInput } from "../contracts/ingest";
import { recordAudit } from "./audit";
import type { ServiceContext } from "./context";
import type { RegistryCredentials } from "./ingest-registry";
import { DEFAULT_TRUST_POLICY, trustedRootProblem, type TrustPolicy } from "./ingest-verify";
import { secretBox } from "./secret-box";
import { runInTransaction } from "./transaction";

/**
 * The account's signing and ingest settings (docs/ingest.md, Trust policy; docs/security.md, Secrets): the trust
 * policy, registry credentials and the webhook secret. Secrets are sealed with the secret box and never returned.
 */

const REGISTRY_PURPOSE = "registry-credential";
const WEBHOOK_PURPOSE = "ingest-webhook";

export async function loadTrustPolicy(db: Db, accountId: string): Promise<TrustPolicy> {
  const row = await db.signingPolicy.findUnique({ where: { accountId } });
  if (!row) return DEFAULT_TRUST_POLICY;
  return {
    trustedRootJson: row.trustedRootJson,
    usePublicGood: row.usePublicGood,
    tlogThreshold: row.tlogThreshold,
    ctlogThreshold: row.ctlogThreshold,
    timestampThreshold: row.timestampThreshold,
  };
}

export async function registryCredentialsFor(db: Db, accountId: string, host: string): Promise<RegistryCredentials | null> {
  const row = await db.registryCredential.findUnique({ where: { accountId_registryHost: { accountId, registryHost: host } } });
  if (!row) return null;
  return { username: row.username, password: secretBox().open(row.secretSealed, `${REGISTRY_PURPOSE}:${accountId}:${host}`) };
}

export interface SigningSettingsView {
  hasCustomTrustedRoot: boolean;
  usePublicGood: boolean;
  tlogThreshold: number;
  ctlogThreshold: number;
  timestampThreshold: number;
  webhookSecretSet: boolean;
  registries: { registryHost: string; username: string; updatedAt: Date }[];
}

export async function getSigningSettings(ctx: ServiceContext): Promise<SigningSettingsView> {
  const accountId = ctx.actor.accountId;
  const [policy, account, registries] = await Promise.all([
    loadTrustPolicy(ctx.db, accountId),
    ctx.db.account.findUniqueOrThrow({ where: { id: accountId }, select: { ingestWebhookSecretSealed: true } }),
    ctx.db.registryCredential.findMany({ where: { accountId }, select: { registryHost: true, username: true, updatedAt: true }, orderBy: { registryHost: "asc" } }),
  ]);
  return {
    hasCustomTrustedRoot: policy.trustedRootJson !== null,
    usePublicGood: policy.usePublicGood,
    tlogThreshold: policy.tlogThreshold,
    ctlogThreshold: policy.ctlogThreshold,
    timestampThreshold: policy.timestampThreshold,
    webhookSecretSet: account.ingestWebhookSecretSealed !== null,
    registries,
  };
}

export async function updateSigningSettings(ctx: ServiceContext, input: SigningSettingsInput): Promise<SigningSettingsView> {
  const accountId = ctx.actor.accountId;
  const current = await loadTrustPolicy(ctx.db, accountId);
  if (input.trustedRootJson) {
    const problem = trustedRootProblem(input.trustedRootJson);
    if (problem) throw new AppError("BAD_REQUEST", problem, { fieldErrors: { trustedRootJson: problem } });
  }
  const next: TrustPolicy = {
    trustedRootJson: input.trustedRootJson === undefined ? current.trustedRootJson : input.trustedRootJson,
    usePublicGood: input.usePublicGood ?? current.usePublicGood,
    tlogThreshold: input.tlogThreshold ?? current.tlogThreshold,
    ctlogThreshold: input.ctlogThreshold ?? current.ctlogThreshold,
    timestampThreshold: input.timestampThreshold ?? current.timestampThreshold,
  };
  if (!next.usePublicGood && !next.trustedRootJson) {
    throw new AppError("BAD_REQUEST", "Without the public-good root a custom trusted root is needed: nothing would be trusted.", {
      fieldErrors: { usePublicGood: "Upload a trusted_root.json first" },
    });
  }
  await runInTransaction(ctx, async (tx) => {
    await tx.signingPolicy.upsert({ where: { accountId }, create: { accountId, ...next }, update: next });
    const summary = (p: TrustPolicy) => ({
      customTrustedRoot: p.trustedRootJson ? `${p.trustedRootJson.length} bytes` : null,
      usePublicGood: p.usePublicGood,
      tlogThreshold: p.tlogThreshold,
      ctlogThreshold: p.ctlogThreshold,
      timestampThreshold: p.timestampThreshold,
    });
    await recordAudit(tx, ctx, { action: "signing.policy_updated", targetType: "account", targetId: accountId, targetLabel: ctx.actor.accountSlug, before: summary(current), after: summary(next) });
  });
  return await getSigningSettings(ctx);
}

export async function setRegistryCredential(ctx: ServiceContext, input: RegistryCredentialInput): Promise<SigningSettingsView> {
  const accountId = ctx.actor.accountId;
  await runInTransaction(ctx, async (tx) => {
    if (input.password === null) {
      await tx.registryCredential.deleteMany({ where: { accountId, registryHost: input.registryHost } });
    } else {
      const secretSealed = secretBox().seal(input.password, `${REGISTRY_PURPOSE}:${accountId}:${input.registryHost}`);
      await tx.registryCredential.upsert({
        where: { accountId_registryHost: { accountId, registryHost: input.registryHost } },
        create: { accountId, registryHost: input.registryHost, username: input.username, secretSealed },
        update: { username: input.username, secretSealed },
      });
    }
    await recordAudit(tx, ctx, {
      action: input.password === null ? "signing.registry_credential_removed" : "signing.registry_credential_set",
      targetType: "account",
      targetId: accountId,
      targetLabel: input.registryHost,
      after: { registryHost: input.registryHost, username: input.username },
    });
  });
  return await getSigningSettings(ctx);
}

/** A new webhook secret, shown once; only its sealed form is stored. */
export async function rotateWebhookSecret(ctx: ServiceContext): Promise<{ secret: string }> {
  const accountId = ctx.actor.accountId;
  const secret = `swh_${randomBytes(32).toString("base64url")}`;
  await runInTransaction(ctx, async (tx) => {
    await tx.account.update({ where: { id: accountId }, data: { ingestWebhookSecretSealed: secretBox().seal(secret, `${WEBHOOK_PURPOSE}:${accountId}`) } });
    await recordAudit(tx, ctx, { action: "signing.webhook_secret_rotated", targetType: "account", targetId: accountId, targetLabel: ctx.actor.accountSlug });
  });
  return { secret };
}

export async function webhookSecretOf(db: Db, accountId: string, sealed: string | null): Promise<string | null> {
  void db;
  return sealed ? secretBox().open(sealed, `${WEBHOOK_PURPOSE}:${accountId}`) : null;
}
