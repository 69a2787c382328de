import "server-only";
import { createHash } from "node:crypto";
import { INGEST_LIMITS, MEDIA, SHA256_DIGEST, isLoopbackHost, type Descriptor, type OciRepositoryRef } from "../domain/ingest";
import { getEnv } from "../env";

/**
 * A minimal OCI Distribution API client over fetch (docs/ingest.md, The registry): tags, manifests, blobs and
 * referrers (the API, else the referrers tag schema). Every body it reads is size-capped while streaming and
 * its sha256 checked against the digest that named it, so a hostile registry can waste at most a cap's worth
 * of memory and cannot substitute content.
 */

export class RegistryError extends Error {
  constructor(
    message: string,
    readonly kind: "unreachable" | "status" | "too-large" | "digest-mismatch" | "invalid",
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface RegistryCredentials {
  username: string;
  password: string;
}

export interface RegistryClientOptions {
  ref: OciRepositoryRef;
  credentials?: RegistryCredentials | null;
  /** Per-request timeout. */
  timeoutMs?: number;
  fetch?: typeof fetch;
  /** Hosts reached over plain http besides loopback (STRATA_INGEST_INSECURE_REGISTRIES by default). */
  insecureHosts?: readonly string[];
}

export interface FetchedManifest {
  bytes: Buffer;
  digest: string;
  contentType: string;
  json: unknown;
}

const MANIFEST_ACCEPT = [MEDIA.ociManifest, MEDIA.ociIndex, MEDIA.dockerManifest, MEDIA.dockerList].join(", ");

export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
}

export function insecureRegistryHosts(): string[] {
  return (getEnv().STRATA_INGEST_INSECURE_REGISTRIES ?? "")
    .split(",")
    .map((h) => h.trim())
    .filter(Boolean);
}

/** Reads at most `max` bytes of a body; more is an error, and the rest is never downloaded. */
async function readCapped(response: Response, max: number, what: string): Promise<Buffer> {
  const declared = Number(response.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > max) {
    await response.body?.cancel();
    throw new RegistryError(`${what} is ${declared} bytes, over the ${max}-byte limit`, "too-large");
  }
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > max) {
      await reader.cancel();
      throw new RegistryError(`${what} is over the ${max}-byte limit`, "too-large");
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}

export class RegistryClient {
  readonly baseUrl: string;
  private readonly ref: OciRepositoryRef;
  private readonly credentials: RegistryCredentials | null;
  private readonly timeoutMs: number;
  private readonly fetchImpl: typeof fetch;
  private bearer: string | null = null;

  constructor(options: RegistryClientOptions) {
    this.ref = options.ref;
    this.credentials = options.credentials ?? null;
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.fetchImpl = options.fetch ?? fetch;
    const insecure = isLoopbackHost(options.ref.host) || (options.insecureHosts ?? []).includes(options.ref.host);
    this.baseUrl = `${insecure ? "http" : "https"}://${options.ref.host}`;
  }

  get repository(): string {
    return `${this.ref.host}/${this.ref.path}`;
  }

  private async request(path: string, init: { method?: string; accept?: string } = {}): Promise<Response> {
    const url = `${this.baseUrl}/v2/${this.ref.path}${path}`;
    const send = async () => {
      const headers: Record<string, string> = {};
      if (init.accept) headers.accept = init.accept;
      if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
      else if (this.credentials) headers.authorization = `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString("base64")}`;
      try {
        return await this.fetchImpl(url, { method: init.method ?? "GET", headers, redirect: "follow", signal: AbortSignal.timeout(this.timeoutMs) });
      } catch (error) {
        throw new RegistryError(`${this.ref.host} is unreachable: ${error instanceof Error ? error.message : String(error)}`, "unreachable");
      }
    };
    let response = await send();
    if (response.status === 401 && !this.bearer) {
      const challenge = response.headers.get("www-authenticate") ?? "";
      await response.body?.cancel();
      if (/^Bearer /i.test(challenge)) {
        this.bearer = await this.fetchBearer(challenge);
        response = await send();
      }
    }
    return response;
  }

  /** The token flow of the distribution spec: ask the challenge's realm for a pull token. */
  private async fetchBearer(challenge: string): Promise<string> {
    const params = Object.fromEntries([...challenge.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!.toLowerCase(), m[2]!]));
    if (!params.realm) throw new RegistryError("the registry asked for a token without naming a realm", "invalid");
    const url = new URL(params.realm);
    if (url.protocol !== "https:" && !isLoopbackHost(url.host)) throw new RegistryError("the registry's token realm is not https", "invalid");
    if (params.service) url.searchParams.set("service", params.service);
    url.searchParams.set("scope", params.scope ?? `repository:${this.ref.path}:pull`);
    const headers: Record<string, string> = {};
    if (this.credentials) headers.authorization = `Basic ${Buffer.from(`${this.credentials.username}:${this.credentials.password}`).toString("base64")}`;
    const response = await this.fetchImpl(url, { headers, signal: AbortSignal.timeout(this.timeoutMs) }).catch((error: unknown) => {
      throw new RegistryError(`token realm unreachable: ${error instanceof Error ? error.message : String(error)}`, "unreachable");
    });
    if (!response.ok) throw new RegistryError(`the token realm answered ${response.status}`, "status", response.status);
    const body = JSON.parse((await readCapped(response, 64 * 1024, "token")).toString("utf8")) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw new RegistryError("the token realm returned no token", "invalid");
    return token;
  }

  private async expectOk(response: Response, what: string): Promise<Response> {
    if (response.ok) return response;
    await response.body?.cancel();
    throw new RegistryError(`${what}: the registry answered ${response.status}`, "status", response.status);
  }

  /** Every tag, following `Link` pagination, capped at INGEST_LIMITS.tagsPerRepository. */
  async listTags(): Promise<string[]> {
    const tags: string[] = [];
    let path = `/tags/list?n=1000`;
    for (let page = 0; page < 100; page++) {
      const response = await this.expectOk(await this.request(path), "listing tags");
      const link = response.headers.get("link");
      const body = JSON.parse((await readCapped(response, 4 * 1024 * 1024, "tag list")).toString("utf8")) as { tags?: unknown };
      if (Array.isArray(body.tags)) for (const tag of body.tags) if (typeof tag === "string" && tag.length <= 128) tags.push(tag);
      if (tags.length >= INGEST_LIMITS.tagsPerRepository) return tags.slice(0, INGEST_LIMITS.tagsPerRepository);
      const next = link ? /<([^>]+)>/.exec(link)?.[1] : undefined;
      if (!next) break;
      const nextUrl = new URL(next, this.baseUrl);
      path = `/tags/list${nextUrl.search}`;
    }
    return tags;
  }

  /** The digest a tag points at, without downloading the manifest (null: no such tag). */
  async resolveTag(tag: string): Promise<string | null> {
    const response = await this.request(`/manifests/${encodeURIComponent(tag)}`, { method: "HEAD", accept: MANIFEST_ACCEPT });
    if (response.status === 404) return null;
    await this.expectOk(response, `resolving ${tag}`);
    const digest = response.headers.get("docker-content-digest");
    if (digest && SHA256_DIGEST.test(digest)) return digest;
    // Registries that omit the header: the digest of the bytes is the truth anyway.
    return (await this.getManifest(tag)).digest;
  }

  /** A manifest by tag or digest; by digest, the bytes must hash to it. Null when the registry has none. */
  async getManifest(reference: string, cap: number = INGEST_LIMITS.manifestBytes): Promise<FetchedManifest> {
    const response = await this.expectOk(await this.request(`/manifests/${encodeURIComponent(reference)}`, { accept: MANIFEST_ACCEPT }), `fetching manifest ${reference}`);
    const bytes = await readCapped(response, cap, `manifest ${reference}`);
    const digest = sha256Digest(bytes);
    if (reference.startsWith("sha256:") && digest !== reference) {
      throw new RegistryError(`manifest ${reference} hashes to ${digest}`, "digest-mismatch");
    }
    const header = response.headers.get("docker-content-digest");
    if (header && header !== digest) throw new RegistryError(`the registry says ${header} but the manifest hashes to ${digest}`, "digest-mismatch");
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString("utf8"));
    } catch {
      throw new RegistryError(`manifest ${reference} is not JSON`, "invalid");
    }
    return { bytes, digest, contentType: (response.headers.get("content-type") ?? "").split(";")[0]!.trim(), json };
  }

  /** A blob, at most `cap` bytes, its size and sha256 checked against the descriptor. */
  async getBlob(descriptor: Descriptor, cap: number): Promise<Buffer> {
    if (descriptor.size > cap) throw new RegistryError(`blob ${descriptor.digest} is ${descriptor.size} bytes, over the ${cap}-byte limit`, "too-large");
    const response = await this.expectOk(await this.request(`/blobs/${descriptor.digest}`), `fetching blob ${descriptor.digest}`);
    const bytes = await readCapped(response, Math.min(cap, descriptor.size), `blob ${descriptor.digest}`);
    if (bytes.length !== descriptor.size || sha256Digest(bytes) !== descriptor.digest) {
      throw new RegistryError(`blob ${descriptor.digest} does not match its descriptor (size or sha256)`, "digest-mismatch");
    }
    return bytes;
  }

  /** The referrers of a manifest: the referrers API, else the referrers tag schema (`sha256-<hex>`). */
  async referrers(digest: string): Promise<Descriptor[]> {
    let index: unknown;
    const api = await this.request(`/referrers/${digest}`, { accept: MEDIA.ociIndex });
    const type = api.headers.get("content-type") ?? "";
    if (api.ok && type.startsWith(MEDIA.ociIndex)) {
      index = JSON.parse((await readCapped(api, INGEST_LIMITS.manifestBytes, "referrers")).toString("utf8"));
    } else {
      await api.body?.cancel();
      const tagged = await this.request(`/manifests/${digest.replace(":", "-")}`, { accept: MEDIA.ociIndex });
      if (tagged.status === 404) {
        await tagged.body?.cancel();
        return [];
      }
      await this.expectOk(tagged, "fetching the referrers tag");
      index = JSON.parse((await readCapped(tagged, INGEST_LIMITS.manifestBytes, "referrers tag")).toString("utf8"));
    }
    const manifests = (index as { manifests?: unknown } | null)?.manifests;
    if (!Array.isArray(manifests)) return [];
    const out: Descriptor[] = [];
    for (const m of manifests.slice(0, INGEST_LIMITS.referrersPerArtifact)) {
      if (typeof m !== "object" || m === null) continue;
      const d = m as Record<string, unknown>;
      if (typeof d.digest !== "string" || !SHA256_DIGEST.test(d.digest) || typeof d.size !== "number") continue;
      out.push({
        mediaType: typeof d.mediaType === "string" ? d.mediaType : MEDIA.ociManifest,
        digest: d.digest,
        size: d.size,
        ...(typeof d.artifactType === "string" ? { artifactType: d.artifactType } : {}),
      });
    }
    return out;
  }
}
