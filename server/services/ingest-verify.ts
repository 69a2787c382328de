import "server-only";
import { createHash, X509Certificate } from "node:crypto";
import { bundleFromJSON } from "@sigstore/bundle";
import { TrustedRoot } from "@sigstore/protobuf-specs";
import { PolicyError, Verifier, VerificationError, toSignedEntity, toTrustMaterial } from "@sigstore/verify";
import { judgeSigner, type IngestReason, type SignerPolicy } from "../domain/ingest";
import { PUBLIC_GOOD_TRUSTED_ROOT } from "./ingest-public-good-root";

/**
 * Sigstore bundle verification, offline (docs/ingest.md, Signatures): `@sigstore/verify` against the account's
 * trusted root checks the certificate chain, the signature and the timestamps; Strata then checks what the library
 * does not — the DSSE statement's subject digest, and the signer against the module's anchored regexps.
 */

export interface TrustPolicy {
  trustedRootJson: string | null;
  usePublicGood: boolean;
  tlogThreshold: number;
  ctlogThreshold: number;
  timestampThreshold: number;
}

export const DEFAULT_TRUST_POLICY: TrustPolicy = {
  trustedRootJson: null,
  usePublicGood: true,
  tlogThreshold: 1,
  ctlogThreshold: 1,
  timestampThreshold: 1,
};

export interface VerifiedSigner {
  identity: string;
  issuer: string | undefined;
  /** PEM, leaf first, then the trusted CA chain that issued it. */
  certChain: string[];
}

/** A rejection by the signer policy still names who signed (the certificate verified): the attempt shows it. */
export type BundleVerdict = { ok: true; signer: VerifiedSigner } | { ok: false; reason: IngestReason; signer?: VerifiedSigner };

interface PreparedTrust {
  verifier: Verifier;
  caCerts: X509Certificate[];
}

type RootJson = { certificateAuthorities?: { certChain?: { certificates?: { rawBytes?: string }[] } }[] } & Record<string, unknown>;

/** The trusted roots in force: the custom one and/or the public-good one. */
function rootsFor(policy: TrustPolicy): RootJson[] {
  const roots: RootJson[] = [];
  if (policy.trustedRootJson) roots.push(JSON.parse(policy.trustedRootJson) as RootJson);
  if (policy.usePublicGood || roots.length === 0) roots.push(PUBLIC_GOOD_TRUSTED_ROOT as unknown as RootJson);
  return roots;
}

/** Merges roots into one trust material: a signature is good if any trusted CA/log/TSA vouches for it. */
function mergeRoots(roots: RootJson[]): RootJson {
  const merged: Record<string, unknown[]> = { tlogs: [], ctlogs: [], certificateAuthorities: [], timestampAuthorities: [] };
  for (const root of roots) for (const key of Object.keys(merged)) merged[key]!.push(...((root[key] as unknown[] | undefined) ?? []));
  return { mediaType: "application/vnd.dev.sigstore.trustedroot+json;version=0.1", ...merged };
}

const prepared = new Map<string, PreparedTrust>();

/** Throws with a readable message when the trusted root JSON is not one. */
export function prepareTrust(policy: TrustPolicy): PreparedTrust {
  const key = createHash("sha256")
    .update(JSON.stringify([policy.trustedRootJson, policy.usePublicGood, policy.tlogThreshold, policy.ctlogThreshold, policy.timestampThreshold]))
    .digest("hex");
  const hit = prepared.get(key);
  if (hit) return hit;
  const root = mergeRoots(rootsFor(policy));
  const material = toTrustMaterial(TrustedRoot.fromJSON(root));
  const verifier = new Verifier(material, {
    tlogThreshold: policy.tlogThreshold,
    ctlogThreshold: policy.ctlogThreshold,
    // The library cannot verify a certificate without at least one timestamp (docs/ingest.md, Trust policy).
    timestampThreshold: Math.max(1, policy.timestampThreshold),
  });
  const caCerts = (root.certificateAuthorities ?? []).flatMap((ca) =>
    (ca.certChain?.certificates ?? []).flatMap((c) => (c.rawBytes ? [new X509Certificate(Buffer.from(c.rawBytes, "base64"))] : [])),
  );
  const entry = { verifier, caCerts };
  if (prepared.size > 50) prepared.clear();
  prepared.set(key, entry);
  return entry;
}

/** Checks a trusted_root.json an admin uploads; returns the problem, or null when it is usable. */
export function trustedRootProblem(json: string): string | null {
  try {
    const root = TrustedRoot.fromJSON(JSON.parse(json));
    if (root.certificateAuthorities.length === 0) return "The trusted root names no certificate authority.";
    toTrustMaterial(root);
    return null;
  } catch (error) {
    return `Not a Sigstore trusted_root.json: ${error instanceof Error ? error.message : String(error)}`;
  }
}

function chainFor(leaf: X509Certificate, caCerts: X509Certificate[]): string[] {
  const chain = [leaf];
  for (let current = leaf; chain.length < 6; ) {
    const parent = caCerts.find((ca) => current.checkIssued(ca) && !chain.includes(ca));
    if (!parent) break;
    chain.push(parent);
    if (parent.checkIssued(parent)) break;
    current = parent;
  }
  return chain.map((c) => c.toString());
}

function reasonFromLibrary(error: unknown): IngestReason {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof VerificationError) {
    switch (error.code) {
      case "CERTIFICATE_ERROR":
        return { code: "UNTRUSTED_CA", message: `The signing certificate is not from a trusted CA: ${message}.` };
      case "TIMESTAMP_ERROR":
        return { code: "NO_TIMESTAMP", message: `The signature has no trusted timestamp: ${message}.` };
      case "SIGNATURE_ERROR":
        return { code: "SIGNATURE_INVALID", message: `The signature does not verify over this artifact: ${message}.` };
      default:
        return { code: "SIGNATURE_INVALID", message: `Transparency evidence rejected (${error.code}): ${message}.` };
    }
  }
  if (error instanceof PolicyError) return { code: "IDENTITY_MISMATCH", message };
  return { code: "SIGNATURE_INVALID", message: `The signature bundle is malformed: ${message}.` };
}

/**
 * Verifies one Sigstore bundle (v0.3 JSON) for the artifact whose manifest is `manifestBytes` (digest
 * `manifestDigest`), then the signer against the module's policy.
 */
export function verifyBundle(
  trust: PreparedTrust,
  bundleJson: unknown,
  manifestDigest: string,
  manifestBytes: Uint8Array,
  signerPolicy: SignerPolicy,
): BundleVerdict {
  let signer: VerifiedSigner;
  try {
    const bundle = bundleFromJSON(bundleJson);
    const isDsse = bundle.content.$case === "dsseEnvelope";
    const verified = trust.verifier.verify(toSignedEntity(bundle, isDsse ? undefined : Buffer.from(manifestBytes)), {});
    if (bundle.content.$case === "dsseEnvelope") {
      const statement = JSON.parse(Buffer.from(bundle.content.dsseEnvelope.payload).toString("utf8")) as {
        subject?: { digest?: { sha256?: string } }[];
      };
      const subjects = Array.isArray(statement.subject) ? statement.subject : [];
      if (!subjects.some((s) => `sha256:${s.digest?.sha256 ?? ""}` === manifestDigest)) {
        return { ok: false, reason: { code: "DIGEST_MISMATCH", message: `The signed statement is about another artifact, not ${manifestDigest}.` } };
      }
    } else if (bundle.content.$case === "messageSignature") {
      const digest = bundle.content.messageSignature.messageDigest?.digest;
      if (digest && `sha256:${Buffer.from(digest).toString("hex")}` !== manifestDigest) {
        return { ok: false, reason: { code: "DIGEST_MISMATCH", message: `The signature covers another digest than ${manifestDigest}.` } };
      }
    }
    const material = bundle.verificationMaterial.content;
    const leafDer =
      material.$case === "certificate"
        ? material.certificate.rawBytes
        : material.$case === "x509CertificateChain"
          ? material.x509CertificateChain.certificates[0]?.rawBytes
          : undefined;
    if (!leafDer || !verified.identity?.subjectAlternativeName) {
      return { ok: false, reason: { code: "SIGNATURE_INVALID", message: "The bundle is signed with a bare key, not a keyless (certificate) signature." } };
    }
    signer = {
      identity: verified.identity.subjectAlternativeName,
      issuer: verified.identity.extensions?.issuer,
      certChain: chainFor(new X509Certificate(Buffer.from(leafDer)), trust.caCerts),
    };
  } catch (error) {
    return { ok: false, reason: reasonFromLibrary(error) };
  }
  const judged = judgeSigner(signer, signerPolicy);
  if (!judged.ok) return { ok: false, reason: judged.reason, signer };
  return { ok: true, signer };
}

export interface CertSummary {
  subject: string;
  issuer: string;
  validTo: string;
  fingerprint256: string;
}

/** What the signer hover shows of a stored chain (PEM, leaf first); unreadable entries are skipped. */
export function describeCertChain(pems: readonly string[]): CertSummary[] {
  const out: CertSummary[] = [];
  for (const pem of pems) {
    try {
      const cert = new X509Certificate(pem);
      out.push({ subject: cert.subject.replace(/\n/g, ", ") || "(empty subject)", issuer: cert.issuer.replace(/\n/g, ", "), validTo: cert.validTo, fingerprint256: cert.fingerprint256 });
    } catch {
      // a chain written by this version of Strata always parses; an unreadable one is simply not shown
    }
  }
  return out;
}
