/**
 * Signed ingest over REST (docs/ingest.md): the trust policy API, the HMAC-signed webhook, poll now and the
 * attempts list, against a real registry.
 */
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerModuleInput } from "../../server/contracts/modules";
import { pollRegistriesJob } from "../../server/jobs";
import { registerModule } from "../../server/services/modules";
import { createToken } from "../../server/services/tokens";
import { createTestPki, type TestPki } from "../support/sigstore-pki";
import { RegistryPusher, attachBundle, pushModuleArtifact, startTestRegistry, type TestRegistry } from "../support/oci-registry";
import { createTestDatabase, type TestDatabase } from "./db";
import { createTestAccount, svcFor, type TestAccount } from "./fixtures";
import { startRestServer } from "./http";
import { manifestFor, uniqueName } from "./promotion-fixtures";

process.env.STRATA_SECRET_KEY ??= "1e".repeat(32);

let tdb: TestDatabase;
let account: TestAccount;
let pki: TestPki;
let registry: TestRegistry;
let server: { baseUrl: string; close: () => Promise<void> };
let adminToken: string;
let authorToken: string;
let webhookSecret: string;
let name: string;
let repo: string;

async function api(method: string, path: string, token: string | null, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.baseUrl}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), "content-type": "application/json", ...headers },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

const sign = (body: string, secret = webhookSecret) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

beforeAll(async () => {
  [tdb, registry] = await Promise.all([createTestDatabase(), startTestRegistry()]);
  pki = createTestPki();
  account = await createTestAccount(tdb.db, "ingrest");
  server = await startRestServer(tdb.db);
  adminToken = (await createToken(svcFor(tdb.db, account.users.admin.actor), { name: "admin", role: "admin", scopes: [], expiresInDays: 1 })).secret;
  authorToken = (await createToken(svcFor(tdb.db, account.users.author.actor), { name: "ci", role: "author", scopes: [], expiresInDays: 1 })).secret;
  name = uniqueName("rest");
  repo = `powernode/modules/${name}`;
  await registerModule(
    svcFor(tdb.db, account.users.admin.actor),
    registerModuleInput.parse({
      name,
      displayName: name,
      categorySlug: "userland",
      manifestYaml: manifestFor(name),
      cosignIdentityRegexp: "^https://git\\.example/powernode/modules/\\.forgejo/workflows/release\\.yaml@refs/heads/main$",
      cosignIssuerRegexp: "^https://git\\.example$",
      ociRepository: `${registry.host}/${repo}`,
    }),
  );
});
afterAll(async () => {
  await server?.close();
  await registry?.stop();
  pki?.close();
  await tdb?.close();
});

describe("signed ingest REST", () => {
  it("an admin sets the trust policy (audited) and rotates the webhook secret; an author may not", async () => {
    const denied = await api("PUT", "/system/settings/signing", authorToken, { use_public_good: false });
    expect(denied.status).toBe(403);
    const put = await api("PUT", "/system/settings/signing", adminToken, {
      trusted_root_json: pki.trustedRootJson,
      use_public_good: false,
      tlog_threshold: 0,
      ctlog_threshold: 0,
      timestamp_threshold: 1,
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ has_custom_trusted_root: true, use_public_good: false, tlog_threshold: 0 });
    expect(JSON.stringify(put.body)).not.toContain("certificateAuthorities");
    const bad = await api("PUT", "/system/settings/signing", adminToken, { trusted_root_json: "{}" });
    expect(bad.status).toBe(400);
    const audit = await tdb.db.auditEvent.findMany({ where: { accountId: account.accountId, action: "signing.policy_updated" } });
    expect(audit).toHaveLength(1);
    const rotated = await api("POST", "/system/settings/signing/webhook_secret", adminToken, {});
    expect(rotated.status).toBe(200);
    webhookSecret = rotated.body!.secret as string;
    expect(webhookSecret).toMatch(/^swh_/);
    expect((await api("GET", "/system/settings/signing", adminToken)).body).toMatchObject({ webhook_secret_set: true });
  });

  it("the webhook refuses a missing, wrong or replayed signature with 401", async () => {
    const body = JSON.stringify({ repository: repo });
    const q = `/system/ingest/webhook?account=${account.slug}`;
    expect((await api("POST", q, null, body)).status).toBe(401);
    expect((await api("POST", q, null, body, { "x-hub-signature-256": sign(body, "not-the-secret") })).status).toBe(401);
    expect((await api("POST", q, null, body, { "x-hub-signature-256": sign(`${body} `) })).status).toBe(401);
    expect((await api("POST", "/system/ingest/webhook?account=nobody", null, body, { "x-hub-signature-256": sign(body) })).status).toBe(401);
  });

  it("a signed push event polls the repository: the signed artifact becomes a version", async () => {
    const pusher = new RegistryPusher(registry.url);
    const artifact = await pushModuleArtifact(pusher, repo, "1.2.0", { manifestYaml: manifestFor(name), fileList: [`/usr/bin/${name}`] });
    await attachBundle(pusher, repo, artifact, pki.sign(artifact.bytes));
    const body = JSON.stringify({ events: [{ action: "push", target: { repository: repo, tag: "1.2.0" }, request: { host: registry.host } }] });
    const headers = { "x-gitea-signature": sign(body).slice(7), "x-gitea-delivery": "d-1" };
    const answer = await api("POST", `/system/ingest/webhook?account=${account.slug}`, null, body, headers);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
    expect(answer.body).toEqual({ duplicate: false, polled: [{ module: name, accepted: 1, rejected: 0 }] });
    const replay = await api("POST", `/system/ingest/webhook?account=${account.slug}`, null, body, headers);
    expect(replay.body).toMatchObject({ duplicate: true, polled: [] });
  });

  it("poll now is idempotent and the attempts list shows the accepted signer", async () => {
    const poll = await api("POST", `/system/modules/${name}/ingest/poll`, authorToken, {});
    expect(poll.status).toBe(200);
    expect(poll.body).toMatchObject({ module: name, attempts: [] });
    const attempts = await api("GET", `/system/modules/${name}/ingest_attempts`, authorToken);
    expect(attempts.status).toBe(200);
    expect(attempts.body!.attempts).toEqual([
      expect.objectContaining({ tag: "1.2.0", outcome: "accepted", reason_code: "ACCEPTED", signer_identity: pki.identity, issuer: pki.issuer }),
    ]);
  });

  it("the poll job finds a new signed tag without being asked", async () => {
    const pusher = new RegistryPusher(registry.url);
    const artifact = await pushModuleArtifact(pusher, repo, "1.3.0", { manifestYaml: manifestFor(name) });
    await attachBundle(pusher, repo, artifact, pki.sign(artifact.bytes));
    const job = pollRegistriesJob(60);
    expect(job.intervalMs).toBe(60_000);
    const result = await job.run(tdb.db, new Date());
    expect(result.count).toBeGreaterThanOrEqual(1);
    expect(result.summary).toMatch(/^[1-9]\d* versions? accepted/);
    const version = await tdb.db.moduleVersion.findFirst({ where: { module: { name }, version: "1.3.0" }, select: { signerIdentity: true } });
    expect(version?.signerIdentity).toBe(pki.identity);
  });

  it("direct ingest of a module that names its registry and signer answers 409", async () => {
    const answer = await api("POST", `/system/modules/${name}/versions`, authorToken, {
      version: "9.9.9",
      oci_ref: "x",
      oci_digest: `sha256:${"a".repeat(64)}`,
      manifest_yaml: manifestFor(name),
    });
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ error: { details: { reason: "SIGNED_INGEST_REQUIRED" } } });
  });
});
