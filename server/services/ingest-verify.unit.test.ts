import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestPki, type TestPki } from "../../tests/support/sigstore-pki";
import { DEFAULT_TRUST_POLICY, prepareTrust, trustedRootProblem, verifyBundle, type TrustPolicy } from "./ingest-verify";

let pki: TestPki;
let policy: TrustPolicy;
const manifest = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: "application/vnd.oci.image.manifest.v1+json", layers: [] }));
const digest = `sha256:${createHash("sha256").update(manifest).digest("hex")}`;
let signerPolicy: { identityRegexp: string; issuerRegexp: string };

beforeAll(() => {
  pki = createTestPki();
  policy = { trustedRootJson: pki.trustedRootJson, usePublicGood: false, tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 1 };
  signerPolicy = { identityRegexp: "^https://git\\.example/powernode/modules/.*@refs/heads/main$", issuerRegexp: "^https://git\\.example$" };
}, 60_000);
afterAll(() => pki?.close());

describe("verifyBundle (offline test PKI)", () => {
  it("accepts a DSSE bundle and a message signature from the right signer, with the chain", () => {
    for (const kind of ["dsse", "message"] as const) {
      const verdict = verifyBundle(prepareTrust(policy), pki.sign(manifest, { kind }), digest, manifest, signerPolicy);
      expect(verdict.ok, JSON.stringify(verdict)).toBe(true);
      if (verdict.ok) {
        expect(verdict.signer.identity).toBe(pki.identity);
        expect(verdict.signer.issuer).toBe(pki.issuer);
        expect(verdict.signer.certChain).toHaveLength(2);
        expect(verdict.signer.certChain[0]).toMatch(/BEGIN CERTIFICATE/);
      }
    }
  });

  it.each([
    ["wrong identity", { identity: "https://git.example/evil/.forgejo/workflows/x.yaml@refs/heads/main" }, "IDENTITY_MISMATCH"],
    ["identity with a matching prefix only", { identity: `${"https://git.example/powernode/modules/x@refs/heads/main"}-evil` }, "IDENTITY_MISMATCH"],
    ["wrong issuer", { issuer: "https://token.actions.githubusercontent.com" }, "ISSUER_MISMATCH"],
    ["untrusted CA", { untrustedCa: true }, "UNTRUSTED_CA"],
    ["no timestamp", { withTimestamp: false }, "NO_TIMESTAMP"],
    ["statement about another digest", { subjectDigest: `sha256:${"0".repeat(64)}` }, "DIGEST_MISMATCH"],
  ] as const)("rejects %s", (_name, options, code) => {
    const verdict = verifyBundle(prepareTrust(policy), pki.sign(manifest, options), digest, manifest, signerPolicy);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) expect(verdict.reason.code).toBe(code);
  });

  it("rejects a message signature over tampered bytes", () => {
    const bundle = pki.sign(manifest, { kind: "message" });
    const tampered = Buffer.concat([manifest, Buffer.from(" ")]);
    const tamperedDigest = `sha256:${createHash("sha256").update(tampered).digest("hex")}`;
    const verdict = verifyBundle(prepareTrust(policy), bundle, tamperedDigest, tampered, signerPolicy);
    expect(verdict.ok).toBe(false);
  });

  it("rejects hostile JSON as a malformed bundle, and a test-PKI signature under the public-good root", () => {
    for (const hostile of [null, 42, "x", { mediaType: "application/vnd.dev.sigstore.bundle.v0.3+json" }, { dsseEnvelope: { payload: "!!" } }]) {
      const verdict = verifyBundle(prepareTrust(policy), hostile, digest, manifest, signerPolicy);
      expect(verdict.ok).toBe(false);
    }
    const verdict = verifyBundle(prepareTrust(DEFAULT_TRUST_POLICY), pki.sign(manifest), digest, manifest, signerPolicy);
    expect(verdict.ok).toBe(false);
  });

  it("checks an uploaded trusted root", () => {
    expect(trustedRootProblem(pki.trustedRootJson)).toBeNull();
    expect(trustedRootProblem("{")).toMatch(/Not a Sigstore/);
    expect(trustedRootProblem(JSON.stringify({ certificateAuthorities: [] }))).toMatch(/no certificate authority/);
  });
});
