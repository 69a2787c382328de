/**
 * The module artifact convention (docs/ingest.md): which OCI manifests are module versions, which layers Strata
 * reads, which tags are not versions at all. Pure: JSON in, facts or issues out.
 */
import { ANNOTATION, INGEST_LIMITS, MEDIA, SHA256_DIGEST } from "./media-types";

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
  platform?: { architecture?: string; os?: string };
}

export interface ModuleLayers {
  manifestYaml: Descriptor;
  fileList?: Descriptor;
  packageList?: Descriptor;
}

export type ParsedTop =
  | { kind: "manifest"; artifactType?: string; layers: Descriptor[]; annotations: Record<string, string>; subject?: Descriptor }
  | { kind: "index"; manifests: Descriptor[]; annotations: Record<string, string> };

const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** The referrers tag schema (`sha256-<hex>`) and legacy cosign tags (`sha256-<hex>.sig|.att|.sbom`) are never versions. */
export function classifyTag(tag: string): "version-candidate" | "referrers" | "legacy-signature" | "legacy-attachment" {
  if (/^sha256-[0-9a-f]{64}$/.test(tag)) return "referrers";
  if (/^sha256-[0-9a-f]{64}\.sig$/.test(tag)) return "legacy-signature";
  if (/^sha256-[0-9a-f]{64}\.(att|sbom)$/.test(tag)) return "legacy-attachment";
  return "version-candidate";
}

/** The digest a legacy `.sig` tag signs (`sha256-<hex>.sig` → `sha256:<hex>`). */
export function legacySignatureTarget(tag: string): string | null {
  const m = /^sha256-([0-9a-f]{64})\.sig$/.exec(tag);
  return m ? `sha256:${m[1]}` : null;
}

export function referrersTagFor(digest: string): string {
  return digest.replace(":", "-");
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function stringRecord(v: unknown): Record<string, string> {
  if (!isRecord(v)) return {};
  const out: Record<string, string> = {};
  for (const [k, val] of Object.entries(v)) if (typeof val === "string") out[k] = val;
  return out;
}

function descriptor(v: unknown, where: string, issues: string[]): Descriptor | null {
  if (!isRecord(v)) {
    issues.push(`${where}: not an object`);
    return null;
  }
  const { mediaType, digest, size } = v;
  if (typeof mediaType !== "string" || mediaType.length > 255) issues.push(`${where}.mediaType: missing`);
  if (typeof digest !== "string" || !SHA256_DIGEST.test(digest)) issues.push(`${where}.digest: not a sha256 digest`);
  if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) issues.push(`${where}.size: not a size`);
  if (typeof mediaType !== "string" || typeof digest !== "string" || typeof size !== "number" || !SHA256_DIGEST.test(digest)) return null;
  const d: Descriptor = { mediaType, digest, size };
  if (typeof v.artifactType === "string") d.artifactType = v.artifactType;
  if (isRecord(v.annotations)) d.annotations = stringRecord(v.annotations);
  if (isRecord(v.platform)) {
    const p = v.platform;
    d.platform = {
      ...(typeof p.architecture === "string" ? { architecture: p.architecture } : {}),
      ...(typeof p.os === "string" ? { os: p.os } : {}),
    };
  }
  return d;
}

/** Parses a manifest or index document (already size-capped and digest-checked by the caller). */
export function parseTopLevel(json: unknown, contentType: string): { ok: true; value: ParsedTop } | { ok: false; issues: string[] } {
  const issues: string[] = [];
  if (!isRecord(json)) return { ok: false, issues: ["not a JSON object"] };
  if (json.schemaVersion !== 2) issues.push("schemaVersion: must be 2");
  const mediaType = typeof json.mediaType === "string" ? json.mediaType : contentType;
  if (mediaType === MEDIA.ociIndex || mediaType === MEDIA.dockerList || (Array.isArray(json.manifests) && !("layers" in json))) {
    if (!Array.isArray(json.manifests)) return { ok: false, issues: [...issues, "manifests: missing"] };
    if (json.manifests.length > 64) issues.push("manifests: more than 64 entries");
    const manifests = json.manifests.slice(0, 64).map((m, i) => descriptor(m, `manifests[${i}]`, issues)).filter((d): d is Descriptor => d !== null);
    if (issues.length) return { ok: false, issues };
    return { ok: true, value: { kind: "index", manifests, annotations: stringRecord(json.annotations) } };
  }
  if (mediaType !== MEDIA.ociManifest && mediaType !== MEDIA.dockerManifest) issues.push(`mediaType: ${String(mediaType).slice(0, 100)} is not an OCI image manifest or index`);
  if (!Array.isArray(json.layers)) return { ok: false, issues: [...issues, "layers: missing"] };
  if (json.layers.length > 256) issues.push("layers: more than 256 entries");
  const layers = json.layers.slice(0, 256).map((l, i) => descriptor(l, `layers[${i}]`, issues)).filter((d): d is Descriptor => d !== null);
  const subject = json.subject === undefined ? undefined : descriptor(json.subject, "subject", issues) ?? undefined;
  if (issues.length) return { ok: false, issues };
  const artifactType = typeof json.artifactType === "string" ? json.artifactType : isRecord(json.config) && typeof json.config.mediaType === "string" ? json.config.mediaType : undefined;
  return {
    ok: true,
    value: { kind: "manifest", layers, annotations: stringRecord(json.annotations), ...(artifactType ? { artifactType } : {}), ...(subject ? { subject } : {}) },
  };
}

/** The layers Strata reads from a module manifest, with the convention's caps; issues when it is not a module. */
export function moduleLayers(top: Extract<ParsedTop, { kind: "manifest" }>): { ok: true; layers: ModuleLayers } | { ok: false; issues: string[] } {
  const issues: string[] = [];
  if (top.artifactType !== MEDIA.moduleArtifact) issues.push(`artifactType: ${top.artifactType ?? "(none)"} is not ${MEDIA.moduleArtifact}`);
  const find = (type: string) => top.layers.filter((l) => l.mediaType === type);
  const yaml = find(MEDIA.moduleManifestYaml);
  const files = find(MEDIA.fileList);
  const packages = find(MEDIA.packageList);
  if (yaml.length !== 1) issues.push(`layers: exactly one ${MEDIA.moduleManifestYaml} layer expected, found ${yaml.length}`);
  if (files.length > 1) issues.push("layers: more than one file-list layer");
  if (packages.length > 1) issues.push("layers: more than one package-list layer");
  const cap = (d: Descriptor | undefined, max: number, what: string) => {
    if (d && d.size > max) issues.push(`${what} layer is ${d.size} bytes, over the ${max}-byte limit`);
  };
  cap(yaml[0], INGEST_LIMITS.manifestYamlBytes, "manifest.yaml");
  cap(files[0], INGEST_LIMITS.fileListBytes, "file-list.txt");
  cap(packages[0], INGEST_LIMITS.packageListBytes, "package-list.txt");
  if (issues.length || !yaml[0]) return { ok: false, issues };
  return { ok: true, layers: { manifestYaml: yaml[0], ...(files[0] ? { fileList: files[0] } : {}), ...(packages[0] ? { packageList: packages[0] } : {}) } };
}

/** The version an artifact declares: its version annotation, else its tag; both must be semver (and agree). */
export function artifactVersion(tag: string, annotations: Record<string, string>): { ok: true; version: string } | { ok: false; issue: string } {
  const declared = annotations[ANNOTATION.version];
  const fromTag = tag.startsWith("v") && SEMVER.test(tag.slice(1)) ? tag.slice(1) : tag;
  if (declared !== undefined) {
    if (!SEMVER.test(declared)) return { ok: false, issue: `annotation ${ANNOTATION.version} "${declared.slice(0, 100)}" is not a semantic version` };
    return { ok: true, version: declared };
  }
  if (SEMVER.test(fromTag)) return { ok: true, version: fromTag };
  return { ok: false, issue: `tag "${tag.slice(0, 128)}" is not a semantic version and the artifact has no ${ANNOTATION.version} annotation` };
}

/** Text layers are one entry per line; blank lines and surrounding space are ignored. */
export function parseLines(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/** Per-arch digests of an index (amd64/arm64 only; others ignored). */
export function archDigests(index: Extract<ParsedTop, { kind: "index" }>): { ok: true; digests: Record<string, string> } | { ok: false; issue: string } {
  const digests: Record<string, string> = {};
  for (const m of index.manifests) {
    const arch = m.platform?.architecture;
    if (arch !== "amd64" && arch !== "arm64") continue;
    if (digests[arch]) return { ok: false, issue: `index lists ${arch} twice` };
    digests[arch] = m.digest;
  }
  if (Object.keys(digests).length === 0) return { ok: false, issue: "index has no amd64 or arm64 manifest" };
  return { ok: true, digests };
}

export interface OciRepositoryRef {
  /** host[:port] */
  host: string;
  /** the repository path inside the registry, e.g. powernode/modules/my-nginx */
  path: string;
}

const REPO_PATH = /^[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:\.|_|__|-+)[a-z0-9]+)*)*$/;
const HOST = /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*|\[[0-9a-fA-F:]+\])(?::[0-9]{1,5})?$/;

/** `registry.example.com/powernode/modules/my-nginx` → host and path (no scheme, no tag, no digest). */
export function parseOciRepository(value: string): { ok: true; ref: OciRepositoryRef } | { ok: false; issue: string } {
  if (value.length > 255) return { ok: false, issue: "at most 255 characters" };
  const slash = value.indexOf("/");
  if (slash <= 0) return { ok: false, issue: "expected host/path, e.g. registry.example.com/acme/modules/my-nginx" };
  const host = value.slice(0, slash);
  const path = value.slice(slash + 1);
  if (!HOST.test(host)) return { ok: false, issue: `"${host.slice(0, 100)}" is not a registry host` };
  if (!REPO_PATH.test(path)) return { ok: false, issue: "the repository path must be lowercase OCI path components" };
  return { ok: true, ref: { host, path } };
}

/** Loopback registries may be plain http; anything else needs https unless an admin allow-lists it. */
export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/:\d+$/, "");
  return name === "localhost" || name === "[::1]" || /^127(?:\.\d{1,3}){3}$/.test(name);
}
