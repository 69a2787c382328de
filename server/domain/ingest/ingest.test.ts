import { describe, expect, it } from "vitest";
import { archDigests, artifactVersion, classifyTag, judgeSigner, legacySignatureTarget, MEDIA, moduleLayers, parseLines, parseSbomPackages, parseTopLevel, isRetryable } from ".";

const d = (c: string) => `sha256:${c.repeat(64)}`;
const moduleManifest = (overrides: Record<string, unknown> = {}) => ({
  schemaVersion: 2,
  mediaType: MEDIA.ociManifest,
  artifactType: MEDIA.moduleArtifact,
  config: { mediaType: MEDIA.empty, digest: d("4"), size: 2 },
  layers: [
    { mediaType: "application/vnd.powernode.module.v1.tar", digest: d("1"), size: 1_000_000_000 },
    { mediaType: MEDIA.moduleManifestYaml, digest: d("2"), size: 100 },
    { mediaType: MEDIA.fileList, digest: d("3"), size: 100 },
  ],
  annotations: { "org.opencontainers.image.version": "1.2.3" },
  ...overrides,
});

describe("tags", () => {
  it("tells versions from referrer and legacy cosign tags", () => {
    expect(classifyTag("1.2.3")).toBe("version-candidate");
    expect(classifyTag(`sha256-${"a".repeat(64)}`)).toBe("referrers");
    expect(classifyTag(`sha256-${"a".repeat(64)}.sig`)).toBe("legacy-signature");
    expect(classifyTag(`sha256-${"a".repeat(64)}.att`)).toBe("legacy-attachment");
    expect(legacySignatureTarget(`sha256-${"b".repeat(64)}.sig`)).toBe(d("b"));
  });

  it("takes the version from the annotation, else a semver tag (with or without v)", () => {
    expect(artifactVersion("latest", { "org.opencontainers.image.version": "1.2.3" })).toEqual({ ok: true, version: "1.2.3" });
    expect(artifactVersion("v2.0.0-rc.1", {})).toEqual({ ok: true, version: "2.0.0-rc.1" });
    expect(artifactVersion("latest", {}).ok).toBe(false);
    expect(artifactVersion("1.0.0", { "org.opencontainers.image.version": "one" }).ok).toBe(false);
  });
});

describe("artifact convention", () => {
  it("finds the layers Strata reads and ignores the module tar", () => {
    const top = parseTopLevel(moduleManifest(), MEDIA.ociManifest);
    expect(top.ok).toBe(true);
    if (!top.ok || top.value.kind !== "manifest") throw new Error("not a manifest");
    const layers = moduleLayers(top.value);
    expect(layers.ok && layers.layers.manifestYaml.digest).toBe(d("2"));
  });

  it("names every issue of a manifest that is not a module", () => {
    const top = parseTopLevel(moduleManifest({ artifactType: "application/x-other", layers: [] }), MEDIA.ociManifest);
    if (!top.ok || top.value.kind !== "manifest") throw new Error("not a manifest");
    const layers = moduleLayers(top.value);
    expect(layers.ok).toBe(false);
    if (!layers.ok) expect(layers.issues.join("\n")).toMatch(/artifactType[\s\S]*exactly one/);
  });

  it("refuses an oversized manifest.yaml layer before reading it", () => {
    const m = moduleManifest();
    (m.layers as { size: number }[])[1]!.size = 10 * 1024 * 1024;
    const top = parseTopLevel(m, MEDIA.ociManifest);
    if (!top.ok || top.value.kind !== "manifest") throw new Error("not a manifest");
    const layers = moduleLayers(top.value);
    expect(!layers.ok && layers.issues[0]).toMatch(/over the .*-byte limit/);
  });

  it("rejects hostile documents with issues instead of throwing", () => {
    for (const hostile of [null, [], "x", { schemaVersion: 2, layers: "no" }, { schemaVersion: 2, mediaType: MEDIA.ociManifest, layers: [{ digest: "sha256:zz", size: -1 }] }]) {
      expect(parseTopLevel(hostile, MEDIA.ociManifest).ok).toBe(false);
    }
  });

  it("records the per-arch digests of an index", () => {
    const top = parseTopLevel(
      {
        schemaVersion: 2,
        mediaType: MEDIA.ociIndex,
        manifests: [
          { mediaType: MEDIA.ociManifest, digest: d("a"), size: 1, platform: { architecture: "amd64", os: "linux" } },
          { mediaType: MEDIA.ociManifest, digest: d("b"), size: 1, platform: { architecture: "arm64", os: "linux" } },
        ],
      },
      MEDIA.ociIndex,
    );
    if (!top.ok || top.value.kind !== "index") throw new Error("not an index");
    expect(archDigests(top.value)).toEqual({ ok: true, digests: { amd64: d("a"), arm64: d("b") } });
  });

  it("reads text layers one entry per line", () => {
    expect(parseLines("/etc/a\n\n  /etc/b  \n")).toEqual(["/etc/a", "/etc/b"]);
  });
});

describe("signer policy", () => {
  const policy = { identityRegexp: "^https://git\\.example/acme/.*@refs/tags/v.*$", issuerRegexp: "^https://git\\.example$" };
  it("matches anchored regexps on the whole identity and issuer", () => {
    expect(judgeSigner({ identity: "https://git.example/acme/x@refs/tags/v1", issuer: "https://git.example" }, policy)).toEqual({ ok: true });
    const prefixOnly = judgeSigner({ identity: "https://evil.example/?https://git.example/acme/x@refs/tags/v1", issuer: "https://git.example" }, policy);
    expect(!prefixOnly.ok && prefixOnly.reason.code).toBe("IDENTITY_MISMATCH");
    const issuer = judgeSigner({ identity: "https://git.example/acme/x@refs/tags/v1", issuer: "https://git.example.evil" }, policy);
    expect(!issuer.ok && issuer.reason.code).toBe("ISSUER_MISMATCH");
  });

  it("accepts no signer without both regexps, or with an unanchored one", () => {
    expect(judgeSigner({ identity: "x", issuer: "y" }, { identityRegexp: null, issuerRegexp: "^y$" }).ok).toBe(false);
    const unanchored = judgeSigner({ identity: "x", issuer: "y" }, { identityRegexp: "x", issuerRegexp: "^y$" });
    expect(!unanchored.ok && unanchored.reason.code).toBe("NO_SIGNER_POLICY");
  });

  it("retries only what may change without Strata changing", () => {
    expect(isRetryable("NO_SIGNATURE")).toBe(true);
    expect(isRetryable("IDENTITY_MISMATCH")).toBe(false);
  });
});

describe("SBOM packages", () => {
  it("reads SPDX packages and CycloneDX components with their licenses", () => {
    const spdx = parseSbomPackages({ spdxVersion: "SPDX-2.3", packages: [{ name: "nginx", versionInfo: "1.22.1-9", licenseConcluded: "NOASSERTION", licenseDeclared: "BSD-2-Clause" }, { nope: 1 }] });
    expect(spdx).toEqual({ format: "spdx", packages: [{ name: "nginx", version: "1.22.1-9", license: "BSD-2-Clause" }] });
    const cdx = parseSbomPackages({ bomFormat: "CycloneDX", components: [{ name: "openssl", version: "3.0.11", licenses: [{ license: { id: "Apache-2.0" } }] }, { name: "zlib" }] });
    expect(cdx?.packages).toEqual([
      { name: "openssl", version: "3.0.11", license: "Apache-2.0" },
      { name: "zlib", version: null, license: null },
    ]);
    expect(parseSbomPackages({ hello: "world" })).toBeNull();
    expect(parseSbomPackages([1, 2])).toBeNull();
  });
});
