/** The OCI media types of the module artifact convention (docs/ingest.md, The artifact convention). */
export const MEDIA = {
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  ociIndex: "application/vnd.oci.image.index.v1+json",
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  dockerList: "application/vnd.docker.distribution.manifest.list.v2+json",
  empty: "application/vnd.oci.empty.v1+json",
  moduleArtifact: "application/vnd.powernode.module.v1+tar",
  moduleManifestYaml: "application/vnd.powernode.module.manifest.v1+yaml",
  fileList: "application/vnd.powernode.module.file-list.v1+text",
  packageList: "application/vnd.powernode.module.package-list.v1+text",
  sigstoreBundle: "application/vnd.dev.sigstore.bundle.v0.3+json",
  spdx: "application/spdx+json",
  cyclonedx: "application/vnd.cyclonedx+json",
  inTotoStatement: "application/vnd.in-toto+json",
} as const;

export const ANNOTATION = {
  version: "org.opencontainers.image.version",
  composefsDigest: "io.powernode.composefs_digest",
  builtAt: "io.powernode.built_at",
} as const;

/** Caps on what Strata reads from a registry: every blob is size-checked before and while it is read. */
export const INGEST_LIMITS = {
  manifestBytes: 256 * 1024,
  manifestYamlBytes: 256 * 1024,
  fileListBytes: 16 * 1024 * 1024,
  packageListBytes: 2 * 1024 * 1024,
  bundleBytes: 512 * 1024,
  sbomBytes: 8 * 1024 * 1024,
  tagsPerRepository: 10_000,
  referrersPerArtifact: 100,
  identityChars: 2_000,
} as const;

export const SHA256_DIGEST = /^sha256:[0-9a-f]{64}$/;
