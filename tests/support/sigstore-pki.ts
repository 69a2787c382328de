/**
 * An offline test PKI made with openssl at test time (docs/testing.md, Signed ingest): a Fulcio-like root CA whose
 * leaves carry a SAN URI identity and the OIDC issuer extensions, an RFC 3161 timestamp authority, and a second,
 * untrusted CA. Builds Sigstore bundle v0.3 JSON the way `cosign sign --new-bundle-format` does.
 */
import { createHash, createPrivateKey, sign as nodeSign, X509Certificate } from "node:crypto";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const b64 = (b: Uint8Array | string) => Buffer.from(b).toString("base64");
const sha256 = (b: Uint8Array) => createHash("sha256").update(b).digest();

export interface SignOptions {
  identity?: string;
  issuer?: string;
  /** "dsse" (cosign's default in-toto statement) or a plain message signature over the manifest bytes. */
  kind?: "dsse" | "message";
  withTimestamp?: boolean;
  /** Sign with a leaf from the untrusted CA. */
  untrustedCa?: boolean;
  /** The digest the statement claims (defaults to the manifest's): a different one is a tampered statement. */
  subjectDigest?: string;
}

export interface TestPki {
  dir: string;
  identity: string;
  issuer: string;
  trustedRootJson: string;
  sign(manifestBytes: Uint8Array, options?: SignOptions): Record<string, unknown>;
  close(): void;
}

function run(cwd: string, args: string[]): void {
  execFileSync("openssl", args, { cwd, stdio: "pipe" });
}

export function createTestPki(options: { identity?: string; issuer?: string } = {}): TestPki {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "strata-pki-"));
  const identity = options.identity ?? "https://git.example/powernode/modules/.forgejo/workflows/release.yaml@refs/heads/main";
  const issuer = options.issuer ?? "https://git.example";
  const w = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);
  const ca = (name: string, cn: string) => {
    run(dir, ["ecparam", "-name", "secp384r1", "-genkey", "-noout", "-out", `${name}.key`]);
    run(dir, ["req", "-x509", "-new", "-key", `${name}.key`, "-sha384", "-days", "3650", "-subj", `/O=strata-test/CN=${cn}`,
      "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-out", `${name}.pem`]);
  };
  ca("ca", "strata-test-fulcio-root");
  ca("evil-ca", "strata-test-untrusted-root");
  ca("tsa-ca", "strata-test-tsa-root");
  run(dir, ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "tsa.key"]);
  run(dir, ["req", "-new", "-key", "tsa.key", "-subj", "/O=strata-test/CN=strata-test-tsa", "-out", "tsa.csr"]);
  w("tsa.ext", "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n");
  run(dir, ["x509", "-req", "-in", "tsa.csr", "-CA", "tsa-ca.pem", "-CAkey", "tsa-ca.key", "-CAcreateserial", "-sha384", "-days", "3650", "-extfile", "tsa.ext", "-out", "tsa.pem"]);
  w("tsa.cnf", `[tsa]\ndefault_tsa=t\n[t]\ndir=.\nserial=./tsaserial\nsigner_cert=./tsa.pem\ncerts=./tsa-ca.pem\nsigner_key=./tsa.key\nsigner_digest=sha256\ndefault_policy=1.2.3.4.1\ndigests=sha256,sha384,sha512\naccuracy=secs:1\nordering=no\ntsa_name=no\ness_cert_id_chain=no\ness_cert_id_alg=sha256\n`);
  w("tsaserial", "01\n");
  run(dir, ["ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "leaf.key"]);
  run(dir, ["req", "-new", "-key", "leaf.key", "-subj", "/O=strata-test", "-out", "leaf.csr"]);

  const der = (file: string) => new X509Certificate(fs.readFileSync(path.join(dir, file))).raw;
  const leaves = new Map<string, Buffer>();
  let serial = 0;
  const leafFor = (id: string, iss: string, caName: string): Buffer => {
    const key = `${caName}\n${id}\n${iss}`;
    const hit = leaves.get(key);
    if (hit) return hit;
    serial += 1;
    const hex = Buffer.from(iss).toString("hex");
    w(`leaf-${serial}.ext`, [
      "basicConstraints=critical,CA:FALSE",
      "keyUsage=critical,digitalSignature",
      "extendedKeyUsage=codeSigning",
      "subjectKeyIdentifier=hash",
      "authorityKeyIdentifier=keyid",
      `subjectAltName=critical,URI:${id}`,
      `1.3.6.1.4.1.57264.1.1=DER:${hex}`,
      `1.3.6.1.4.1.57264.1.8=ASN1:UTF8String:${iss}`,
      "",
    ].join("\n"));
    run(dir, ["x509", "-req", "-in", "leaf.csr", "-CA", `${caName}.pem`, "-CAkey", `${caName}.key`, "-CAcreateserial", "-sha384", "-days", "3650",
      "-extfile", `leaf-${serial}.ext`, "-out", `leaf-${serial}.pem`]);
    const cert = der(`leaf-${serial}.pem`);
    leaves.set(key, cert);
    return cert;
  };
  const leafKey = createPrivateKey(fs.readFileSync(path.join(dir, "leaf.key")));
  let stamps = 0;
  const timestamp = (signature: Buffer): Buffer => {
    stamps += 1;
    const name = `ts-${stamps}`;
    fs.writeFileSync(path.join(dir, `${name}.sig`), signature);
    run(dir, ["ts", "-query", "-data", `${name}.sig`, "-sha256", "-cert", "-no_nonce", "-out", `${name}.tsq`]);
    run(dir, ["ts", "-reply", "-config", "tsa.cnf", "-queryfile", `${name}.tsq`, "-out", `${name}.tsr`]);
    return fs.readFileSync(path.join(dir, `${name}.tsr`));
  };

  const trustedRoot = {
    mediaType: "application/vnd.dev.sigstore.trustedroot+json;version=0.1",
    tlogs: [],
    ctlogs: [],
    certificateAuthorities: [{
      subject: { organization: "strata-test", commonName: "strata-test-fulcio-root" },
      uri: "https://fulcio.test",
      certChain: { certificates: [{ rawBytes: b64(der("ca.pem")) }] },
      validFor: { start: "2020-01-01T00:00:00Z" },
    }],
    timestampAuthorities: [{
      subject: { organization: "strata-test", commonName: "strata-test-tsa" },
      uri: "https://tsa.test",
      certChain: { certificates: [{ rawBytes: b64(der("tsa.pem")) }, { rawBytes: b64(der("tsa-ca.pem")) }] },
      validFor: { start: "2020-01-01T00:00:00Z" },
    }],
  };

  return {
    dir,
    identity,
    issuer,
    trustedRootJson: JSON.stringify(trustedRoot),
    sign(manifestBytes, o = {}) {
      const cert = leafFor(o.identity ?? identity, o.issuer ?? issuer, o.untrustedCa ? "evil-ca" : "ca");
      const manifestDigest = `sha256:${sha256(manifestBytes).toString("hex")}`;
      const material = (signature: Buffer) => ({
        certificate: { rawBytes: b64(cert) },
        tlogEntries: [],
        timestampVerificationData: { rfc3161Timestamps: o.withTimestamp === false ? [] : [{ signedTimestamp: b64(timestamp(signature)) }] },
      });
      if (o.kind === "message") {
        const signature = nodeSign("sha256", manifestBytes, leafKey);
        return {
          mediaType: "application/vnd.dev.sigstore.bundle.v0.3+json",
          verificationMaterial: material(signature),
          messageSignature: { messageDigest: { algorithm: "SHA2_256", digest: b64(sha256(manifestBytes)) }, signature: b64(signature) },
        };
      }
      const statement = Buffer.from(JSON.stringify({
        _type: "https://in-toto.io/Statement/v1",
        subject: [{ name: "module", digest: { sha256: (o.subjectDigest ?? manifestDigest).slice(7) } }],
        predicateType: "https://sigstore.dev/cosign/sign/v1",
        predicate: {},
      }));
      const payloadType = "application/vnd.in-toto+json";
      const pae = Buffer.concat([Buffer.from(`DSSEv1 ${payloadType.length} ${payloadType} ${statement.length} `), statement]);
      const signature = nodeSign("sha256", pae, leafKey);
      return {
        mediaType: "application/vnd.dev.sigstore.bundle.v0.3+json",
        verificationMaterial: material(signature),
        dsseEnvelope: { payload: b64(statement), payloadType, signatures: [{ sig: b64(signature), keyid: "" }] },
      };
    },
    close() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
