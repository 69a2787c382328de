/**
 * A real OCI registry for integration tests (docs/testing.md, Signed ingest): Debian's `docker-registry`
 * (distribution 2.8) on a free loopback port with a temp storage dir. Installed with apt when missing and we are
 * root (serialized with flock, as two test workers may ask at once); otherwise the exact command is printed.
 * Pushes go over the plain OCI HTTP API.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const BINARY = "/usr/bin/docker-registry";
const sha = (b: Uint8Array) => `sha256:${createHash("sha256").update(b).digest("hex")}`;

export function ensureDockerRegistry(): string {
  if (fs.existsSync(BINARY)) return BINARY;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(`docker-registry is not installed. Install it with:\n  sudo apt-get update && sudo apt-get install -y docker-registry`);
  }
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const script = `command -v docker-registry >/dev/null || apt-get install -y -qq --no-install-recommends docker-registry || (apt-get update -qq && apt-get install -y -qq --no-install-recommends docker-registry)`;
  const result = spawnSync("flock", ["/tmp/strata-apt.lock", "sh", "-c", script], { stdio: "inherit", env });
  if (result.status !== 0 || !fs.existsSync(BINARY)) throw new Error("apt-get install docker-registry failed; see above.");
  return BINARY;
}

async function freePort(): Promise<number> {
  return await new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface TestRegistry {
  /** host:port, e.g. 127.0.0.1:41234 */
  host: string;
  url: string;
  stop(): Promise<void>;
}

export async function startTestRegistry(): Promise<TestRegistry> {
  const binary = ensureDockerRegistry();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "strata-registry-"));
  const port = await freePort();
  const config = [
    "version: 0.1",
    "log:",
    "  level: error",
    "  accesslog:",
    "    disabled: true",
    "storage:",
    "  filesystem:",
    `    rootdirectory: ${path.join(dir, "data")}`,
    "  delete:",
    "    enabled: true",
    "http:",
    `  addr: 127.0.0.1:${port}`,
    "  secret: strata-test-only",
    "",
  ].join("\n");
  fs.writeFileSync(path.join(dir, "config.yml"), config);
  const child: ChildProcess = spawn(binary, ["serve", path.join(dir, "config.yml")], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited: ${stderr}`);
    try {
      if ((await fetch(`${url}/v2/`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`docker-registry did not answer on ${url}: ${stderr}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    host: `127.0.0.1:${port}`,
    url,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null) child.kill("SIGKILL");
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function ok(response: Response, what: string): Promise<Response> {
  if (!response.ok) throw new Error(`${what}: ${response.status} ${await response.text()}`);
  return response;
}

export interface PushedManifest {
  digest: string;
  size: number;
  bytes: Buffer;
}

/** Pushes OCI content to one registry over its HTTP API, the way CI tools do. */
export class RegistryPusher {
  constructor(readonly url: string) {}

  async blob(repo: string, bytes: Uint8Array): Promise<{ digest: string; size: number }> {
    const digest = sha(bytes);
    if ((await fetch(`${this.url}/v2/${repo}/blobs/${digest}`, { method: "HEAD" })).ok) return { digest, size: bytes.length };
    const start = await ok(await fetch(`${this.url}/v2/${repo}/blobs/uploads/`, { method: "POST" }), "start upload");
    const location = new URL(start.headers.get("location")!, this.url);
    location.searchParams.set("digest", digest);
    await ok(await fetch(location, { method: "PUT", body: Buffer.from(bytes), headers: { "content-type": "application/octet-stream" } }), "put blob");
    return { digest, size: bytes.length };
  }

  async manifest(repo: string, reference: string | null, document: unknown, mediaType: string): Promise<PushedManifest> {
    const bytes = Buffer.from(JSON.stringify(document));
    const digest = sha(bytes);
    await ok(await fetch(`${this.url}/v2/${repo}/manifests/${reference ?? digest}`, { method: "PUT", body: bytes, headers: { "content-type": mediaType } }), "put manifest");
    return { digest, size: bytes.length, bytes };
  }

  async deleteManifest(repo: string, digest: string): Promise<void> {
    await fetch(`${this.url}/v2/${repo}/manifests/${digest}`, { method: "DELETE" });
  }
}

export const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
export const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
const EMPTY = Buffer.from("{}");

export interface ModuleArtifact {
  manifestYaml: string;
  fileList?: string[];
  packageList?: string[];
  annotations?: Record<string, string>;
  /** A layer size to declare for manifest.yaml instead of the real one (oversized-layer tests). */
  declaredYamlSize?: number;
  artifactType?: string;
}

/** Pushes a module artifact by the convention in docs/ingest.md; tag it or push it by digest (tag null). */
export async function pushModuleArtifact(pusher: RegistryPusher, repo: string, tag: string | null, artifact: ModuleArtifact): Promise<PushedManifest> {
  const config = await pusher.blob(repo, EMPTY);
  const tar = await pusher.blob(repo, Buffer.from(`module tar for ${tag ?? "index"} ${Math.random()}`));
  const yaml = await pusher.blob(repo, Buffer.from(artifact.manifestYaml));
  const layers = [
    { mediaType: "application/vnd.powernode.module.v1.tar", digest: tar.digest, size: tar.size },
    { mediaType: "application/vnd.powernode.module.manifest.v1+yaml", digest: yaml.digest, size: artifact.declaredYamlSize ?? yaml.size, annotations: { "org.opencontainers.image.title": "manifest.yaml" } },
  ];
  if (artifact.fileList) {
    const files = await pusher.blob(repo, Buffer.from(`${artifact.fileList.join("\n")}\n`));
    layers.push({ mediaType: "application/vnd.powernode.module.file-list.v1+text", digest: files.digest, size: files.size, annotations: { "org.opencontainers.image.title": "file-list.txt" } });
  }
  if (artifact.packageList) {
    const packages = await pusher.blob(repo, Buffer.from(`${artifact.packageList.join("\n")}\n`));
    layers.push({ mediaType: "application/vnd.powernode.module.package-list.v1+text", digest: packages.digest, size: packages.size, annotations: { "org.opencontainers.image.title": "package-list.txt" } });
  }
  return await pusher.manifest(
    repo,
    tag,
    {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType: artifact.artifactType ?? "application/vnd.powernode.module.v1+tar",
      config: { mediaType: "application/vnd.oci.empty.v1+json", digest: config.digest, size: config.size },
      layers,
      annotations: { "io.powernode.built_at": new Date().toISOString(), ...(artifact.annotations ?? {}) },
    },
    OCI_MANIFEST,
  );
}

/**
 * Attaches a referrer as cosign v3 and oras do: a manifest whose subject is the artifact, listed in the referrers
 * tag schema's index (registry 2.8 has no referrers API).
 */
export async function attachReferrer(pusher: RegistryPusher, repo: string, subject: PushedManifest, bytes: Buffer, artifactType: string, mediaType = OCI_MANIFEST): Promise<void> {
  const blob = await pusher.blob(repo, bytes);
  const config = await pusher.blob(repo, EMPTY);
  const referrer = await pusher.manifest(
    repo,
    null,
    {
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      artifactType,
      config: { mediaType: "application/vnd.oci.empty.v1+json", digest: config.digest, size: config.size },
      layers: [{ mediaType: artifactType, digest: blob.digest, size: blob.size }],
      subject: { mediaType, digest: subject.digest, size: subject.size },
    },
    OCI_MANIFEST,
  );
  const tag = subject.digest.replace(":", "-");
  const existing = await fetch(`${pusher.url}/v2/${repo}/manifests/${tag}`, { headers: { accept: OCI_INDEX } });
  const manifests: unknown[] = existing.ok ? ((await existing.json()) as { manifests: unknown[] }).manifests : [];
  manifests.push({ mediaType: OCI_MANIFEST, digest: referrer.digest, size: referrer.size, artifactType });
  await pusher.manifest(repo, tag, { schemaVersion: 2, mediaType: OCI_INDEX, manifests }, OCI_INDEX);
}

/** Attaches a Sigstore bundle v0.3 the way `cosign sign --new-bundle-format` does. */
export async function attachBundle(pusher: RegistryPusher, repo: string, subject: PushedManifest, bundle: unknown, mediaType = OCI_MANIFEST): Promise<void> {
  await attachReferrer(pusher, repo, subject, Buffer.from(JSON.stringify(bundle)), "application/vnd.dev.sigstore.bundle.v0.3+json", mediaType);
}
