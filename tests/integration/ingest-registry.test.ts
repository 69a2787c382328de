/**
 * Signed ingest against a real registry (docs/ingest.md, docs/testing.md): Debian's docker-registry on a loopback
 * port, artifacts and Sigstore bundles pushed over the OCI HTTP API, an openssl test PKI as the trusted root.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerModuleInput, updateModuleInput } from "../../server/contracts/modules";
import { createVersionInput } from "../../server/contracts/versions";
import { AppError } from "../../server/errors";
import { renderMetrics } from "../../server/observability/metrics";
import { listIngestAttempts, pollModuleRegistry, versionPackages, type IngestAttemptView } from "../../server/services/ingest-poll";
import { setRegistryCredential, updateSigningSettings, getSigningSettings } from "../../server/services/ingest-settings";
import { registerModule, updateModule } from "../../server/services/modules";
import { ingestModuleVersion } from "../../server/services/promotion-ingest";
import { createTestPki, type TestPki } from "../support/sigstore-pki";
import { OCI_INDEX, OCI_MANIFEST, RegistryPusher, attachBundle, attachReferrer, pushModuleArtifact, startTestRegistry, type TestRegistry } from "../support/oci-registry";
import { createTestDatabase, type TestDatabase } from "./db";
import { createTestAccount, svcFor, type TestAccount } from "./fixtures";
import { manifestFor, uniqueName } from "./promotion-fixtures";

process.env.STRATA_SECRET_KEY ??= "0f".repeat(32);

let tdb: TestDatabase;
let account: TestAccount;
let pki: TestPki;
let registry: TestRegistry;
let pusher: RegistryPusher;
const IDENTITY_RE = "^https://git\\.example/powernode/modules/\\.forgejo/workflows/release\\.yaml@refs/heads/main$";
const ISSUER_RE = "^https://git\\.example$";

beforeAll(async () => {
  [tdb, registry] = await Promise.all([createTestDatabase(), startTestRegistry()]);
  pki = createTestPki();
  pusher = new RegistryPusher(registry.url);
  account = await createTestAccount(tdb.db, "ingest");
  await updateSigningSettings(svcFor(tdb.db, account.users.admin.actor), {
    trustedRootJson: pki.trustedRootJson,
    usePublicGood: false,
    tlogThreshold: 0,
    ctlogThreshold: 0,
    timestampThreshold: 1,
  });
});
afterAll(async () => {
  await registry?.stop();
  pki?.close();
  await tdb?.close();
});

async function signedModule(): Promise<{ name: string; repo: string }> {
  const name = uniqueName("sig");
  const repo = `powernode/modules/${name}`;
  await registerModule(
    svcFor(tdb.db, account.users.admin.actor),
    registerModuleInput.parse({
      name,
      displayName: name,
      categorySlug: "userland",
      manifestYaml: manifestFor(name),
      cosignIdentityRegexp: IDENTITY_RE,
      cosignIssuerRegexp: ISSUER_RE,
      ociRepository: `${registry.host}/${repo}`,
    }),
  );
  return { name, repo };
}

const author = () => svcFor(tdb.db, account.users.author.actor);
const byTag = (attempts: IngestAttemptView[]) => Object.fromEntries(attempts.map((a) => [a.tag, a]));

describe("signed ingest from a real registry", () => {
  let mod: { name: string; repo: string };
  let first: IngestAttemptView[];
  /** The ingest counters (docs/observability.md) before and after the first poll. */
  let metricsBefore: string;
  let metricsAfter: string;

  beforeAll(async () => {
    mod = await signedModule();
    const { name, repo } = mod;
    const push = (tag: string, extra: Partial<Parameters<typeof pushModuleArtifact>[3]> = {}) =>
      pushModuleArtifact(pusher, repo, tag, { manifestYaml: manifestFor(name), fileList: [`/etc/${name}/a.conf`, `/usr/bin/${name}`], packageList: [`${name}=1.0-1`], ...extra });

    const good = await push("1.0.0", { annotations: { "io.powernode.composefs_digest": "sha256:cafe" } });
    await attachBundle(pusher, repo, good, pki.sign(good.bytes));
    const spdx = { spdxVersion: "SPDX-2.3", packages: [{ name: "nginx-common", versionInfo: "1.22.1-9", licenseDeclared: "BSD-2-Clause" }, { name: "libssl3", versionInfo: "3.0.11-1" }] };
    await attachReferrer(pusher, repo, good, Buffer.from(JSON.stringify(spdx)), "application/spdx+json");
    const wrongIdentity = await push("1.0.1");
    await attachBundle(pusher, repo, wrongIdentity, pki.sign(wrongIdentity.bytes, { identity: "https://git.example/evil/.forgejo/workflows/release.yaml@refs/heads/main" }));
    const wrongIssuer = await push("1.0.2");
    await attachBundle(pusher, repo, wrongIssuer, pki.sign(wrongIssuer.bytes, { issuer: "https://token.actions.githubusercontent.com" }));
    const untrusted = await push("1.0.3");
    await attachBundle(pusher, repo, untrusted, pki.sign(untrusted.bytes, { untrustedCa: true }));
    await push("1.0.4"); // unsigned
    const noTimestamp = await push("1.0.5");
    await attachBundle(pusher, repo, noTimestamp, pki.sign(noTimestamp.bytes, { withTimestamp: false }));
    // Tampered: a valid signature over another artifact, attached to this one.
    const tampered = await push("1.0.6");
    const other = await push("other-build");
    await attachBundle(pusher, repo, tampered, pki.sign(other.bytes, { kind: "message" }));
    await attachBundle(pusher, repo, other, pki.sign(other.bytes, { subjectDigest: tampered.digest }));
    const oversized = await push("1.0.7", { declaredYamlSize: 50 * 1024 * 1024 });
    await attachBundle(pusher, repo, oversized, pki.sign(oversized.bytes));
    // A manifest far over the 256 KiB cap (giant annotations): never parsed, rejected while streaming.
    await push("1.0.11", { annotations: { "io.example.padding": "x".repeat(400_000) } });
    const invalid = await push("1.0.8", { manifestYaml: "schema_version: 1\nname: someone-else\n" });
    await attachBundle(pusher, repo, invalid, pki.sign(invalid.bytes));
    const notModule = await push("1.0.9", { artifactType: "application/vnd.example.other" });
    await attachBundle(pusher, repo, notModule, pki.sign(notModule.bytes));
    // A legacy cosign signature tag and nothing else.
    const legacy = await push("1.0.10");
    await pusher.manifest(repo, `${legacy.digest.replace(":", "-")}.sig`, { schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: "application/vnd.oci.empty.v1+json", digest: `sha256:${"44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"}`, size: 2 }, layers: [] }, OCI_MANIFEST);
    // A multi-arch index, signed on the index.
    const amd64 = await pushModuleArtifact(pusher, repo, null, { manifestYaml: manifestFor(name), fileList: [`/usr/bin/${name}`] });
    const arm64 = await pushModuleArtifact(pusher, repo, null, { manifestYaml: manifestFor(name), fileList: [`/usr/bin/${name}`] });
    const index = await pusher.manifest(repo, "2.0.0", {
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: [
        { mediaType: OCI_MANIFEST, digest: amd64.digest, size: amd64.size, platform: { architecture: "amd64", os: "linux" } },
        { mediaType: OCI_MANIFEST, digest: arm64.digest, size: arm64.size, platform: { architecture: "arm64", os: "linux" } },
      ],
      annotations: { "org.opencontainers.image.version": "2.0.0" },
    }, OCI_INDEX);
    await attachBundle(pusher, repo, index, pki.sign(index.bytes), OCI_INDEX);

    metricsBefore = await renderMetrics();
    first = (await pollModuleRegistry(author(), name)).attempts;
    metricsAfter = await renderMetrics();
  });

  it("counts each recorded attempt in strata_ingest_attempts_total by outcome and reason code", () => {
    const count = (text: string, outcome: string, reason: string) =>
      Number(text.match(new RegExp(`^strata_ingest_attempts_total\\{outcome="${outcome}",reason="${reason}"\\} (\\d+)$`, "m"))?.[1] ?? 0);
    const expected = new Map<string, number>();
    for (const attempt of first) expected.set(`${attempt.outcome} ${attempt.reasonCode}`, (expected.get(`${attempt.outcome} ${attempt.reasonCode}`) ?? 0) + 1);
    expect(expected.get("rejected NO_SIGNATURE")).toBe(1);
    for (const [key, n] of expected) {
      const [outcome, reason] = key.split(" ") as [string, string];
      expect(count(metricsAfter, outcome, reason) - count(metricsBefore, outcome, reason), key).toBe(n);
    }
  });

  it("accepts the right signer and creates the version in built with its signature facts", async () => {
    const accepted = byTag(first)["1.0.0"]!;
    expect(accepted.outcome).toBe("accepted");
    expect(accepted.signerIdentity).toBe(pki.identity);
    expect(accepted.issuer).toBe(pki.issuer);
    const version = await tdb.db.moduleVersion.findFirstOrThrow({ where: { id: accepted.versionId! } });
    expect(version.promotionState).toBe("built");
    expect(version.version).toBe("1.0.0");
    expect(version.signerIdentity).toBe(pki.identity);
    expect(version.signatureVerifiedAt).not.toBeNull();
    expect(version.signerCertChain).toHaveLength(2);
    expect(version.ociDigest).toBe(accepted.digest);
    expect(version.ociRef).toBe(`${registry.host}/${mod.repo}@${accepted.digest}`);
    expect(version.composefsDigest).toBe("sha256:cafe");
    expect(version.fileList).toEqual([`/etc/${mod.name}/a.conf`, `/usr/bin/${mod.name}`]);
    expect(version.packageList).toEqual([`${mod.name}=1.0-1`]);
    const packages = await versionPackages(author(), version.id);
    expect(packages.sbomUri).toMatch(/^oci:\/\/127\.0\.0\.1:\d+\/powernode\/modules\/.+@sha256:/);
    expect(packages.packages).toEqual([
      { name: "nginx-common", version: "1.22.1-9", license: "BSD-2-Clause" },
      { name: "libssl3", version: "3.0.11-1", license: null },
    ]);
  });

  it.each([
    ["1.0.1", "IDENTITY_MISMATCH", /does not match \^https/],
    ["1.0.2", "ISSUER_MISMATCH", /token\.actions/],
    ["1.0.3", "UNTRUSTED_CA", /not from a trusted CA/],
    ["1.0.4", "NO_SIGNATURE", /No signature found/],
    ["1.0.5", "NO_TIMESTAMP", /timestamp/],
    ["1.0.7", "TOO_LARGE", /limit/],
    ["1.0.8", "MANIFEST_INVALID", /manifest\.yaml has/],
    ["1.0.9", "NOT_A_MODULE", /artifactType/],
    ["1.0.10", "LEGACY_SIGNATURE", /--new-bundle-format/],
    ["1.0.11", "TOO_LARGE", /limit/],
  ])("rejects %s: %s, and creates no version", async (tag, code, message) => {
    const attempt = byTag(first)[tag];
    expect(attempt, `no attempt for ${tag}`).toBeDefined();
    expect(attempt!.outcome).toBe("rejected");
    expect(attempt!.reasonCode).toBe(code);
    expect(attempt!.reason).toMatch(message);
    expect(attempt!.versionId).toBeNull();
    // Who signed is recorded whenever the certificate itself verified.
    if (code === "IDENTITY_MISMATCH") expect(attempt!.signerIdentity).toMatch(/evil/);
    if (code === "ISSUER_MISMATCH") expect(attempt!.issuer).toBe("https://token.actions.githubusercontent.com");
  });

  it("rejects signatures that do not cover the artifact (tampered)", async () => {
    for (const tag of ["1.0.6", "other-build"]) {
      const attempt = byTag(first)[tag]!;
      expect(attempt.outcome, tag).toBe("rejected");
      expect(["SIGNATURE_INVALID", "DIGEST_MISMATCH", "MANIFEST_INVALID"]).toContain(attempt.reasonCode);
    }
  });

  it("accepts a multi-arch index signed on the index and records each arch's digest", async () => {
    const attempt = byTag(first)["2.0.0"]!;
    expect(attempt.outcome, attempt.reason).toBe("accepted");
    const version = await tdb.db.moduleVersion.findFirstOrThrow({ where: { id: attempt.versionId! } });
    expect(Object.keys(version.archDigests as Record<string, string>).sort()).toEqual(["amd64", "arm64"]);
  });

  it("only the two good artifacts became versions; referrer and .sig tags are not versions", async () => {
    const versions = await tdb.db.moduleVersion.findMany({ where: { module: { name: mod.name } }, select: { version: true } });
    expect(versions.map((v) => v.version).sort()).toEqual(["1.0.0", "2.0.0"]);
    expect(first.every((a) => !a.tag.startsWith("sha256-"))).toBe(true);
  });

  it("re-polls idempotently: nothing new is recorded", async () => {
    const again = await pollModuleRegistry(author(), mod.name);
    expect(again.attempts).toEqual([]);
    expect(again.skipped).toBeGreaterThan(0);
  });

  it("a late signature turns an unsigned tag into a version on the next poll", async () => {
    const manifest = await fetch(`${registry.url}/v2/${mod.repo}/manifests/1.0.4`, { headers: { accept: OCI_MANIFEST } });
    const bytes = Buffer.from(await manifest.arrayBuffer());
    await attachBundle(pusher, mod.repo, { digest: manifest.headers.get("docker-content-digest")!, size: bytes.length, bytes }, pki.sign(bytes));
    const next = await pollModuleRegistry(author(), mod.name);
    expect(next.attempts.map((a) => [a.tag, a.outcome])).toEqual([["1.0.4", "accepted"]]);
  });

  it("flags a tag overwrite loudly and changes no version", async () => {
    const before = await tdb.db.moduleVersion.findFirstOrThrow({ where: { module: { name: mod.name }, version: "1.0.0" } });
    const overwritten = await pushModuleArtifact(pusher, mod.repo, "1.0.0", { manifestYaml: manifestFor(mod.name, "# rebuilt\n") });
    await attachBundle(pusher, mod.repo, overwritten, pki.sign(overwritten.bytes));
    const next = await pollModuleRegistry(author(), mod.name);
    expect(next.attempts).toHaveLength(1);
    expect(next.attempts[0]).toMatchObject({ tag: "1.0.0", outcome: "rejected", reasonCode: "TAG_OVERWRITE", tagOverwrite: true });
    expect(next.attempts[0]!.reason).toMatch(/Possible tag overwrite/);
    const after = await tdb.db.moduleVersion.findFirstOrThrow({ where: { id: before.id } });
    expect(after.ociDigest).toBe(before.ociDigest);
  });

  it("lists attempts newest first", async () => {
    const attempts = await listIngestAttempts(author(), mod.name);
    expect(attempts[0]!.reasonCode).toBe("TAG_OVERWRITE");
    expect(attempts.length).toBeGreaterThanOrEqual(first.length + 2);
  });

  it("refuses unsigned direct ingest for a module that names its registry and signer", async () => {
    const error = await ingestModuleVersion(author(), mod.name, createVersionInput.parse({
      version: "9.0.0",
      ociRef: "x",
      ociDigest: `sha256:${"a".repeat(64)}`,
      manifestYaml: manifestFor(mod.name),
    })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("CONFLICT");
  });

  it("a changed signer policy re-evaluates final rejections", async () => {
    await updateModule(svcFor(tdb.db, account.users.admin.actor), updateModuleInput.parse({
      name: mod.name,
      patch: { cosignIdentityRegexp: "^https://git\\.example/(powernode|evil)/.*@refs/heads/main$" },
    }));
    const next = await pollModuleRegistry(author(), mod.name);
    expect(byTag(next.attempts)["1.0.1"]?.outcome).toBe("accepted");
  });
});

describe("concurrent polls", () => {
  it("two polls of one new tag create one version and one accepted attempt", async () => {
    const { name, repo } = await signedModule();
    const artifact = await pushModuleArtifact(pusher, repo, "3.0.0", { manifestYaml: manifestFor(name) });
    await attachBundle(pusher, repo, artifact, pki.sign(artifact.bytes));
    const results = await Promise.all([pollModuleRegistry(author(), name), pollModuleRegistry(author(), name)]);
    expect(results.flatMap((r) => r.attempts).filter((a) => a.outcome === "accepted")).toHaveLength(1);
    expect(await tdb.db.moduleVersion.count({ where: { module: { name } } })).toBe(1);
    expect(await tdb.db.ingestAttempt.count({ where: { module: { name } } })).toBe(1);
  });
});

describe("registry credentials and settings", () => {
  it("stores credentials sealed and never returns the password", async () => {
    const admin = svcFor(tdb.db, account.users.admin.actor);
    const view = await setRegistryCredential(admin, { registryHost: "registry.example.com", username: "ci", password: "s3cret-pass" });
    expect(view.registries).toEqual([expect.objectContaining({ registryHost: "registry.example.com", username: "ci" })]);
    expect(JSON.stringify(view)).not.toContain("s3cret-pass");
    const row = await tdb.db.registryCredential.findFirstOrThrow({ where: { accountId: account.accountId } });
    expect(row.secretSealed).not.toContain("s3cret-pass");
    expect((await getSigningSettings(admin)).hasCustomTrustedRoot).toBe(true);
  });

  it("refuses an unusable trusted root and a policy that trusts nothing", async () => {
    const admin = svcFor(tdb.db, account.users.admin.actor);
    await expect(updateSigningSettings(admin, { trustedRootJson: "{not json" })).rejects.toThrow(/trusted_root/);
    await expect(updateSigningSettings(admin, { trustedRootJson: null, usePublicGood: false })).rejects.toThrow(/nothing would be trusted/);
  });
});
