/**
 * Signed-ingest benchmark (docs/ingest.md, Performance). `npm run bench -- ingest`.
 *
 * 1. Verifying one Sigstore bundle (DSSE, certificate chain, RFC 3161 timestamp, signer regexps) with the offline
 *    test PKI, vs a bare ECDSA P-256 verify of the same signature with node:crypto — the cryptographic floor.
 * 2. A first poll of a repository with 50 signed tags (list, resolve, manifest, referrers, bundle, layers, verify,
 *    50 versions written with their attempts) against a real docker-registry on loopback and an in-memory PGlite,
 *    vs fetching the tag list and every manifest with bare `fetch` — the registry round-trip floor.
 * 3. A re-poll of the same repository (nothing new), vs the tag list plus one HEAD per tag with bare `fetch`.
 */
import { createHash, createPublicKey, verify as cryptoVerify, X509Certificate } from "node:crypto";
import { performance } from "node:perf_hooks";
import { PGlite } from "@electric-sql/pglite";
import { createPrismaForPglite } from "@/server/db/client";
import { applyMigrationsToPglite } from "@/server/db/migrate";
import { createAccountInput } from "@/server/contracts/accounts";
import { registerModuleInput } from "@/server/contracts/modules";
import { createAccount } from "@/server/services/accounts";
import type { ServiceContext } from "@/server/services/context";
import { pollModuleRegistry } from "@/server/services/ingest-poll";
import { updateSigningSettings } from "@/server/services/ingest-settings";
import { prepareTrust, verifyBundle, type TrustPolicy } from "@/server/services/ingest-verify";
import { registerModule } from "@/server/services/modules";
import { createTestPki } from "@/tests/support/sigstore-pki";
import { RegistryPusher, attachBundle, pushModuleArtifact, startTestRegistry } from "@/tests/support/oci-registry";
import type { BenchRow } from "./compose.bench";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function timeAsync(fn: () => Promise<unknown>, runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

const row = (name: string, medianMs: number, baselineMs: number, extra?: BenchRow["extra"]): BenchRow => ({
  name,
  medianMs,
  baselineMs,
  ratio: medianMs / baselineMs,
  ...(extra ? { extra } : {}),
});

const IDENTITY_RE = "^https://git\\.example/powernode/modules/\\.forgejo/workflows/release\\.yaml@refs/heads/main$";
const ISSUER_RE = "^https://git\\.example$";
const TAGS = 50;

export async function runIngestBench(): Promise<BenchRow[]> {
  process.env.STRATA_SECRET_KEY ??= "2b".repeat(32);
  const rows: BenchRow[] = [];
  const pki = createTestPki();
  const registry = await startTestRegistry();
  const pglite = new PGlite();
  try {
    // 1. one bundle
    const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json", layers: [] }));
    const digest = `sha256:${createHash("sha256").update(manifest).digest("hex")}`;
    const bundle = pki.sign(manifest) as { dsseEnvelope: { payload: string; payloadType: string; signatures: { sig: string }[] }; verificationMaterial: { certificate: { rawBytes: string } } };
    const policy: TrustPolicy = { trustedRootJson: pki.trustedRootJson, usePublicGood: false, tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 1 };
    const trust = prepareTrust(policy);
    const signerPolicy = { identityRegexp: IDENTITY_RE, issuerRegexp: ISSUER_RE };
    const statement = Buffer.from(bundle.dsseEnvelope.payload, "base64");
    const type = bundle.dsseEnvelope.payloadType;
    const pae = Buffer.concat([Buffer.from(`DSSEv1 ${type.length} ${type} ${statement.length} `), statement]);
    const signature = Buffer.from(bundle.dsseEnvelope.signatures[0]!.sig, "base64");
    const key = createPublicKey(new X509Certificate(Buffer.from(bundle.verificationMaterial.certificate.rawBytes, "base64")).publicKey.export({ format: "pem", type: "spki" }));
    const N = 200;
    for (let i = 0; i < 20; i++) verifyBundle(trust, bundle, digest, manifest, signerPolicy);
    const verifyTimes: number[] = [];
    for (let i = 0; i < N; i++) {
      const t0 = performance.now();
      const verdict = verifyBundle(trust, bundle, digest, manifest, signerPolicy);
      verifyTimes.push(performance.now() - t0);
      if (!verdict.ok) throw new Error(`bench bundle rejected: ${verdict.reason.message}`);
    }
    const bareTimes: number[] = [];
    for (let i = 0; i < N; i++) {
      const t0 = performance.now();
      if (!cryptoVerify("sha256", pae, key, signature)) throw new Error("bare verify failed");
      bareTimes.push(performance.now() - t0);
    }
    rows.push(row("verify one bundle (DSSE + chain + TSA + regexps)", median(verifyTimes), median(bareTimes), { runs: N, baseline: "bare ECDSA P-256 verify" }));

    // 2 and 3. polls against a real registry
    await applyMigrationsToPglite(pglite);
    const db = createPrismaForPglite(pglite);
    const account = await createAccount(db, createAccountInput.parse({ slug: "bench", name: "Bench" }));
    const ctx: ServiceContext = { db, now: () => new Date(), actor: { kind: "system", label: "bench", accountId: account.id, accountSlug: "bench", role: "admin" } };
    await updateSigningSettings(ctx, { trustedRootJson: pki.trustedRootJson, usePublicGood: false, tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 1 });
    const pusher = new RegistryPusher(registry.url);
    const firstPolls: number[] = [];
    const rePolls: number[] = [];
    const floorsFirst: number[] = [];
    const floorsRe: number[] = [];
    for (let run = 0; run < 3; run++) {
      const name = `bench-${run}`;
      const repo = `bench/modules/${name}`;
      const manifestYaml = `schema_version: 1\nname: ${name}\ndisplay_name: ${name}\nfile_spec:\n  - /etc/${name}/**\n`;
      await registerModule(ctx, registerModuleInput.parse({ name, displayName: name, categorySlug: "userland", manifestYaml, cosignIdentityRegexp: IDENTITY_RE, cosignIssuerRegexp: ISSUER_RE, ociRepository: `${registry.host}/${repo}` }));
      for (let i = 0; i < TAGS; i++) {
        const pushed = await pushModuleArtifact(pusher, repo, `1.0.${i}`, { manifestYaml, fileList: Array.from({ length: 200 }, (_, j) => `/etc/${name}/f${j}.conf`), packageList: [`${name}=1.0.${i}`] });
        await attachBundle(pusher, repo, pushed, pki.sign(pushed.bytes));
      }
      const t0 = performance.now();
      const first = await pollModuleRegistry(ctx, name);
      firstPolls.push(performance.now() - t0);
      if (first.attempts.filter((a) => a.outcome === "accepted").length !== TAGS) throw new Error(`first poll accepted ${first.attempts.length}: ${first.attempts[0]?.reason}`);
      for (let k = 0; k < 3; k++) {
        const t1 = performance.now();
        const again = await pollModuleRegistry(ctx, name);
        rePolls.push(performance.now() - t1);
        if (again.attempts.length !== 0) throw new Error("re-poll recorded attempts");
      }
      const accept = "application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json";
      floorsFirst.push(await timeAsync(async () => {
        const tags = ((await (await fetch(`${registry.url}/v2/${repo}/tags/list`)).json()) as { tags: string[] }).tags;
        for (const tag of tags) await (await fetch(`${registry.url}/v2/${repo}/manifests/${tag}`, { headers: { accept } })).arrayBuffer();
      }, 1));
      floorsRe.push(await timeAsync(async () => {
        const tags = ((await (await fetch(`${registry.url}/v2/${repo}/tags/list`)).json()) as { tags: string[] }).tags;
        for (const tag of tags) await fetch(`${registry.url}/v2/${repo}/manifests/${tag}`, { method: "HEAD", headers: { accept } });
      }, 3));
    }
    rows.push(row(`first poll, ${TAGS} signed tags (→ ${TAGS} versions)`, median(firstPolls), median(floorsFirst), { runs: firstPolls.length, baseline: "bare fetch: tag list + every manifest", perTagMs: (median(firstPolls) / TAGS).toFixed(1) }));
    rows.push(row(`re-poll, ${TAGS} known tags (nothing new)`, median(rePolls), median(floorsRe), { runs: rePolls.length, baseline: "bare fetch: tag list + HEAD per tag" }));
    await db.$disconnect();
  } finally {
    await pglite.close();
    await registry.stop();
    pki.close();
  }
  return rows;
}
