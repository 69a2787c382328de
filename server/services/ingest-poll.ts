import "server-only";
import {
  INGEST_LIMITS,
  MEDIA,
  archDigests,
  artifactVersion,
  classifyTag,
  isRetryable,
  legacySignatureTarget,
  moduleLayers,
  parseLines,
  parseOciRepository,
  parseSbomPackages,
  parseTopLevel,
  type Descriptor,
  type SbomPackage,
  type IngestReason,
  type ModuleLayers,
} from "../domain/ingest";
import { ANNOTATION } from "../domain/ingest/media-types";
import { validateManifest } from "../domain/manifest";
import type { Db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { AppError } from "../errors";
import type { ServiceContext } from "./context";
import { loadTrustPolicy, registryCredentialsFor } from "./ingest-settings";
import { RegistryClient, RegistryError, insecureRegistryHosts, type FetchedManifest } from "./ingest-registry";
import { prepareTrust, verifyBundle, type VerifiedSigner } from "./ingest-verify";
import { runInTransaction } from "./transaction";
import { insertModuleVersion } from "./versions";
import { decodeCursor, keysetOrderBy, keysetWhere, pageOf, type SortKey } from "./keyset";
import { recordIngestAttempt } from "../observability/metrics";
import { plural } from "../domain/plural";

/**
 * Signed ingest (docs/ingest.md): list a module's repository, and for each new tag verify the artifact's Sigstore
 * bundle and the signer before a version exists. Every tag considered leaves an attempt — accepted with the
 * version it created, or rejected with its reason and nothing else written.
 */

export interface IngestAttemptView {
  id: string;
  tag: string;
  digest: string | null;
  outcome: "accepted" | "rejected";
  reasonCode: string;
  reason: string;
  signerIdentity: string | null;
  issuer: string | null;
  versionId: string | null;
  tagOverwrite: boolean;
  at: Date;
}

export interface PollResult {
  module: string;
  repository: string;
  /** The attempts this poll recorded (tags already decided are skipped silently). */
  attempts: IngestAttemptView[];
  tagsSeen: number;
  skipped: number;
}

const attemptSelect = {
  id: true,
  tag: true,
  digest: true,
  outcome: true,
  reasonCode: true,
  reason: true,
  signerIdentity: true,
  issuer: true,
  versionId: true,
  tagOverwrite: true,
  at: true,
} as const;

class Rejection extends Error {
  constructor(
    readonly reason: IngestReason,
    readonly signer?: VerifiedSigner,
  ) {
    super(reason.message);
  }
}

function reject(code: IngestReason["code"], message: string): never {
  throw new Rejection({ code, message });
}

function registryReason(error: RegistryError, what: string): IngestReason {
  if (error.kind === "too-large") return { code: "TOO_LARGE", message: `${what}: ${error.message}.` };
  if (error.kind === "digest-mismatch") return { code: "DIGEST_MISMATCH", message: `${what}: ${error.message}.` };
  if (error.kind === "invalid") return { code: "MANIFEST_INVALID", message: `${what}: ${error.message}.` };
  return { code: "REGISTRY_ERROR", message: `${what}: ${error.message}.` };
}

interface ModuleRow {
  id: string;
  name: string;
  accountId: string;
  ociRepository: string | null;
  cosignIdentityRegexp: string | null;
  cosignIssuerRegexp: string | null;
  updatedAt: Date;
  category: { slug: string };
}

export interface PollOptions {
  /** Tests inject a fetch; production uses the global one. */
  fetch?: typeof fetch;
}

/** Polls one module's repository now (the poller, the webhook and "poll now" all come here). */
export async function pollModuleRegistry(ctx: ServiceContext, moduleName: string, options: PollOptions = {}): Promise<PollResult> {
  const module = await ctx.db.module.findUnique({
    where: { accountId_name: { accountId: ctx.actor.accountId, name: moduleName } },
    select: { id: true, name: true, accountId: true, ociRepository: true, cosignIdentityRegexp: true, cosignIssuerRegexp: true, updatedAt: true, category: { select: { slug: true } } },
  });
  if (!module) throw new AppError("NOT_FOUND", `Module ${moduleName} not found.`);
  if (!module.ociRepository) {
    throw new AppError("UNPROCESSABLE", `${moduleName} has no OCI repository: set one to ingest from a registry.`, { details: { reason: "NO_REPOSITORY" } });
  }
  return await pollModule(ctx, module, options);
}

async function pollModule(ctx: ServiceContext, module: ModuleRow, options: PollOptions): Promise<PollResult> {
  const parsed = parseOciRepository(module.ociRepository ?? "");
  if (!parsed.ok) throw new AppError("UNPROCESSABLE", `The OCI repository of ${module.name} is not valid: ${parsed.issue}.`);
  const client = new RegistryClient({
    ref: parsed.ref,
    credentials: await registryCredentialsFor(ctx.db, module.accountId, parsed.ref.host),
    insecureHosts: insecureRegistryHosts(),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const trust = prepareTrust(await loadTrustPolicy(ctx.db, module.accountId));
  let tags: string[];
  try {
    tags = await client.listTags();
  } catch (error) {
    if (error instanceof RegistryError && error.status === 404) tags = [];
    else throw new AppError("UNAVAILABLE", `Could not list ${client.repository}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const legacySigned = new Set(tags.map(legacySignatureTarget).filter((d): d is string => d !== null));
  const candidates = tags.filter((tag) => classifyTag(tag) === "version-candidate");

  const versions = await ctx.db.moduleVersion.findMany({ where: { moduleId: module.id }, select: { id: true, version: true, ociDigest: true } });
  const byDigest = new Set(versions.map((v) => v.ociDigest));
  const byVersion = new Map(versions.map((v) => [v.version, v]));
  const previous = await ctx.db.ingestAttempt.findMany({
    where: { moduleId: module.id },
    select: { tag: true, digest: true, reasonCode: true, at: true },
    orderBy: { at: "desc" },
    take: 20_000,
  });
  const lastAttempt = new Map<string, { reasonCode: string; at: Date }>();
  for (const a of previous) {
    const key = `${a.tag}\n${a.digest ?? ""}`;
    if (!lastAttempt.has(key)) lastAttempt.set(key, a);
  }

  const recorded: IngestAttemptView[] = [];
  let skipped = 0;
  for (const tag of candidates) {
    let digest: string | null;
    try {
      digest = await client.resolveTag(tag);
    } catch (error) {
      const reason = error instanceof RegistryError ? registryReason(error, `Resolving ${tag}`) : { code: "REGISTRY_ERROR" as const, message: String(error) };
      const key = `${tag}\n`;
      if (lastAttempt.get(key)?.reasonCode === reason.code) {
        skipped += 1;
        continue;
      }
      recorded.push(await recordRejection(ctx, module, tag, null, reason));
      continue;
    }
    if (!digest) continue;
    if (byDigest.has(digest)) {
      skipped += 1;
      continue;
    }
    const last = lastAttempt.get(`${tag}\n${digest}`);
    // A final verdict stands until the signer policy changes (module edits move updatedAt); a retryable one is
    // looked at again, but recorded again only if its reason changes.
    if (last && !isRetryable(last.reasonCode) && last.at >= module.updatedAt) {
      skipped += 1;
      continue;
    }
    const outcome = await ingestTag(ctx, module, client, trust, tag, digest, legacySigned, byVersion);
    if (outcome === null) {
      skipped += 1;
    } else if ("accepted" in outcome) {
      recordIngestAttempt("accepted", "ACCEPTED");
      recorded.push(outcome.accepted);
      byDigest.add(digest);
    } else if (last && last.reasonCode === outcome.rejected.code && last.at >= module.updatedAt) {
      // Still unsigned (or the registry still failing): the attempt on record already says so.
      skipped += 1;
    } else {
      recorded.push(await recordRejection(ctx, module, tag, digest, outcome.rejected, outcome.signer));
    }
  }
  // updatedAt is the editors' compare-and-set token and the signer-policy clock above: a poll changes neither.
  await ctx.db.module.updateMany({ where: { id: module.id }, data: { lastPolledAt: ctx.now(), updatedAt: module.updatedAt } });
  return { module: module.name, repository: client.repository, attempts: recorded, tagsSeen: tags.length, skipped };
}

async function recordRejection(ctx: ServiceContext, module: ModuleRow, tag: string, digest: string | null, reason: IngestReason, signer?: VerifiedSigner) {
  recordIngestAttempt("rejected", reason.code);
  return await ctx.db.ingestAttempt.create({
    data: {
      accountId: module.accountId,
      moduleId: module.id,
      tag,
      digest,
      outcome: "rejected",
      reasonCode: reason.code,
      reason: reason.message.slice(0, 4000),
      signerIdentity: signer?.identity.slice(0, 2000) ?? null,
      issuer: signer?.issuer?.slice(0, 2000) ?? null,
      tagOverwrite: reason.code === "TAG_OVERWRITE",
      at: ctx.now(),
    },
    select: attemptSelect,
  });
}

async function readModuleManifest(client: RegistryClient, digest: string, top: FetchedManifest): Promise<{ layers: ModuleLayers; annotations: Record<string, string>; arch: Record<string, string> | null }> {
  const parsed = parseTopLevel(top.json, top.contentType);
  if (!parsed.ok) reject("MANIFEST_INVALID", `The OCI manifest ${digest} is invalid: ${parsed.issues.slice(0, 5).join("; ")}.`);
  if (parsed.value.kind === "manifest") {
    const layers = moduleLayers(parsed.value);
    if (!layers.ok) {
      const tooLarge = layers.issues.some((i) => i.includes("-byte limit"));
      reject(tooLarge ? "TOO_LARGE" : "NOT_A_MODULE", `Not a module artifact: ${layers.issues.slice(0, 5).join("; ")}.`);
    }
    return { layers: layers.layers, annotations: parsed.value.annotations, arch: null };
  }
  const arch = archDigests(parsed.value);
  if (!arch.ok) reject("NOT_A_MODULE", `The image index ${digest}: ${arch.issue}.`);
  // Every arch is the same module build for another CPU: each must follow the convention; Strata reads the first's layers.
  let first: { layers: ModuleLayers; annotations: Record<string, string> } | null = null;
  for (const [name, archDigest] of Object.entries(arch.digests)) {
    const child = await client.getManifest(archDigest);
    const childParsed = parseTopLevel(child.json, child.contentType);
    if (!childParsed.ok || childParsed.value.kind !== "manifest") reject("NOT_A_MODULE", `The ${name} manifest of the index is not an image manifest.`);
    const layers = moduleLayers(childParsed.value);
    if (!layers.ok) reject("NOT_A_MODULE", `The ${name} manifest is not a module artifact: ${layers.issues.slice(0, 3).join("; ")}.`);
    first ??= { layers: layers.layers, annotations: { ...childParsed.value.annotations, ...parsed.value.annotations } };
  }
  return { ...first!, arch: arch.digests };
}

async function findBundles(client: RegistryClient, digest: string): Promise<{ bundles: unknown[]; sbom: Descriptor | null }> {
  const referrers = await client.referrers(digest);
  const bundles: unknown[] = [];
  let sbom: Descriptor | null = null;
  for (const referrer of referrers) {
    if (referrer.artifactType === MEDIA.spdx || referrer.artifactType === MEDIA.cyclonedx) {
      sbom ??= referrer;
      continue;
    }
    if (referrer.artifactType !== MEDIA.sigstoreBundle) continue;
    const manifest = await client.getManifest(referrer.digest);
    const parsed = parseTopLevel(manifest.json, manifest.contentType);
    if (!parsed.ok || parsed.value.kind !== "manifest") continue;
    if (parsed.value.subject && parsed.value.subject.digest !== digest) continue;
    const layer: Descriptor | undefined = parsed.value.layers.find((l) => l.mediaType === MEDIA.sigstoreBundle);
    if (!layer) continue;
    const bytes = await client.getBlob(layer, INGEST_LIMITS.bundleBytes);
    try {
      bundles.push(JSON.parse(bytes.toString("utf8")));
    } catch {
      bundles.push(null);
    }
    if (bundles.length >= 10) break;
  }
  return { bundles, sbom };
}

/**
 * The packages of an SBOM referrer. Informational: an unreadable SBOM never rejects a signed build, it is just not
 * shown (the attempt still records the version).
 */
async function readSbom(client: RegistryClient, sbom: Descriptor): Promise<SbomPackage[] | null> {
  try {
    const manifest = await client.getManifest(sbom.digest);
    const parsed = parseTopLevel(manifest.json, manifest.contentType);
    if (!parsed.ok || parsed.value.kind !== "manifest") return null;
    const layer = parsed.value.layers.find((l) => l.mediaType === MEDIA.spdx || l.mediaType === MEDIA.cyclonedx || l.mediaType.endsWith("+json"));
    if (!layer) return null;
    const bytes = await client.getBlob(layer, INGEST_LIMITS.sbomBytes);
    return parseSbomPackages(JSON.parse(bytes.toString("utf8")))?.packages ?? null;
  } catch {
    return null;
  }
}

async function ingestTag(
  ctx: ServiceContext,
  module: ModuleRow,
  client: RegistryClient,
  trust: ReturnType<typeof prepareTrust>,
  tag: string,
  digest: string,
  legacySigned: ReadonlySet<string>,
  byVersion: ReadonlyMap<string, { id: string; ociDigest: string }>,
): Promise<{ accepted: IngestAttemptView } | { rejected: IngestReason; signer: VerifiedSigner | undefined } | null> {
  let signer: VerifiedSigner | undefined;
  try {
    const top = await client.getManifest(digest);
    const artifact = await readModuleManifest(client, digest, top);
    const declared = artifactVersion(tag, artifact.annotations);
    if (!declared.ok) reject("MANIFEST_INVALID", `No version: ${declared.issue}.`);
    const existing = byVersion.get(declared.version);
    if (existing && existing.ociDigest !== digest) {
      reject("TAG_OVERWRITE", `Version ${declared.version} already exists with digest ${existing.ociDigest}; tag ${tag} now points at ${digest}. Possible tag overwrite: no version was changed.`);
    }

    const { bundles, sbom } = await findBundles(client, digest);
    if (bundles.length === 0) {
      if (legacySigned.has(digest)) reject("LEGACY_SIGNATURE", "Legacy signature format (a cosign .sig tag): re-sign with --new-bundle-format.");
      reject("NO_SIGNATURE", "No signature found: no Sigstore bundle refers to this artifact.");
    }
    const policy = { identityRegexp: module.cosignIdentityRegexp, issuerRegexp: module.cosignIssuerRegexp };
    let firstFailure: { reason: IngestReason; signer: VerifiedSigner | undefined } | null = null;
    for (const bundle of bundles) {
      const verdict = verifyBundle(trust, bundle, digest, top.bytes, policy);
      if (verdict.ok) {
        signer = verdict.signer;
        break;
      }
      firstFailure ??= { reason: verdict.reason, signer: verdict.signer };
    }
    if (!signer) throw new Rejection(firstFailure!.reason, firstFailure!.signer);

    const yamlBytes = await client.getBlob(artifact.layers.manifestYaml, INGEST_LIMITS.manifestYamlBytes);
    const fileList = artifact.layers.fileList ? parseLines((await client.getBlob(artifact.layers.fileList, INGEST_LIMITS.fileListBytes)).toString("utf8")) : [];
    const packageList = artifact.layers.packageList ? parseLines((await client.getBlob(artifact.layers.packageList, INGEST_LIMITS.packageListBytes)).toString("utf8")) : [];
    const badPath = fileList.find((p) => !p.startsWith("/") || p.length > 4096);
    if (badPath !== undefined) throw new Rejection({ code: "MANIFEST_INVALID", message: `file-list.txt: "${badPath.slice(0, 100)}" is not an absolute path.` }, signer);
    if (fileList.length > 200_000 || packageList.length > 20_000) throw new Rejection({ code: "TOO_LARGE", message: "file or package list has too many entries." }, signer);
    const manifestYaml = yamlBytes.toString("utf8");
    const validation = validateManifest({ manifestYaml, moduleName: module.name, categorySlug: module.category.slug });
    if (!validation.valid) {
      const issues = validation.errors.slice(0, 5).map((e) => `${e.path || "(root)"}: ${e.message}`);
      throw new Rejection({ code: "MANIFEST_INVALID", message: `manifest.yaml has ${plural(validation.errors.length, "error")}: ${issues.join("; ")}.` }, signer);
    }
    if (existing) return null; // same version, same digest: already ingested (a concurrent poll won)
    const sbomPackages = sbom ? await readSbom(client, sbom) : null;
    const sbomUri = sbom ? `oci://${client.repository}@${sbom.digest}` : null;

    const acceptedSigner = signer;
    const accepted = await runInTransaction(ctx, async (tx) => {
      const version = await insertModuleVersion(
        tx,
        ctx,
        module,
        {
          version: declared.version,
          ociRef: `${client.repository}@${digest}`,
          ociDigest: digest,
          ...(artifact.annotations[ANNOTATION.composefsDigest] ? { composefsDigest: artifact.annotations[ANNOTATION.composefsDigest]!.slice(0, 200) } : {}),
          manifestYaml,
          fileList,
          packageList,
          signerIdentity: acceptedSigner.identity,
          ...(acceptedSigner.issuer ? { signerIssuer: acceptedSigner.issuer } : {}),
          ...(sbomUri ? { sbomUri } : {}),
        },
        { signerCertChain: acceptedSigner.certChain, archDigests: artifact.arch, sbomPackages },
      );
      return await tx.ingestAttempt.create({
        data: {
          accountId: module.accountId,
          moduleId: module.id,
          tag,
          digest,
          outcome: "accepted",
          reasonCode: "ACCEPTED",
          reason: `Signed by ${acceptedSigner.identity}; version ${declared.version} created in built.`,
          signerIdentity: acceptedSigner.identity,
          issuer: acceptedSigner.issuer ?? null,
          versionId: version.id,
          at: ctx.now(),
        },
        select: attemptSelect,
      });
    }).catch((error: unknown) => {
      // A concurrent poll created the same version first: nothing to record twice.
      if (error instanceof AppError && error.code === "CONFLICT") return null;
      throw error;
    });
    return accepted ? { accepted } : null;
  } catch (error) {
    if (error instanceof Rejection) return { rejected: error.reason, signer: error.signer ?? signer };
    if (error instanceof RegistryError) return { rejected: registryReason(error, `Reading ${tag}`), signer };
    throw error;
  }
}

/** The attempts of one module, newest first. */
export async function listIngestAttempts(ctx: ServiceContext, moduleName: string, limit = 100): Promise<IngestAttemptView[]> {
  return (await pageIngestAttempts(ctx, { moduleName, limit })).attempts;
}

/** Newest first; the id breaks ties of one poll's instant. */
const ATTEMPT_KEYS: readonly SortKey<IngestAttemptView>[] = [
  { field: "at", direction: "desc", value: (row) => row.at },
  { field: "id", direction: "desc", value: (row) => row.id },
];

/** A page of the module's attempts, and the cursor of the next (keyset, docs/performance.md). */
export async function pageIngestAttempts(ctx: ServiceContext, input: { moduleName: string; limit: number; cursor?: string | undefined }) {
  const module = await ctx.db.module.findUnique({ where: { accountId_name: { accountId: ctx.actor.accountId, name: input.moduleName } }, select: { id: true } });
  if (!module) throw new AppError("NOT_FOUND", `Module ${input.moduleName} not found.`);
  const limit = Math.min(Math.max(input.limit, 1), 500);
  const after = input.cursor ? (keysetWhere(ATTEMPT_KEYS, decodeCursor("ingest-attempts", input.cursor, ATTEMPT_KEYS.length)) as Prisma.IngestAttemptWhereInput) : null;
  const rows = await ctx.db.ingestAttempt.findMany({
    where: after ? { AND: [{ moduleId: module.id }, after] } : { moduleId: module.id },
    orderBy: keysetOrderBy(ATTEMPT_KEYS) as Prisma.IngestAttemptOrderByWithRelationInput[],
    take: limit + 1,
    select: attemptSelect,
  });
  const page = pageOf(rows, limit, "ingest-attempts", ATTEMPT_KEYS);
  return { attempts: page.rows, nextCursor: page.nextCursor };
}

/** Modules with a repository, across accounts: what the poll job walks. */
export async function modulesToPoll(db: Db): Promise<{ accountId: string; accountSlug: string; name: string }[]> {
  const rows = await db.module.findMany({
    where: { ociRepository: { not: null } },
    select: { name: true, accountId: true, account: { select: { slug: true } } },
    orderBy: [{ lastPolledAt: { sort: "asc", nulls: "first" } }],
    take: 1000,
  });
  return rows.map((r) => ({ accountId: r.accountId, accountSlug: r.account.slug, name: r.name }));
}

export const INGEST_POLL_ACTOR_LABEL = "ingest-poller";

/**
 * One pass of the poller over every module with a repository (docs/ingest.md, Finding new versions). A module
 * whose registry fails is logged and left for the next pass; the others are not held up by it.
 */
export async function pollAllRegistries(db: Db, now: Date, log: (message: string) => void = console.log): Promise<{ modules: number; accepted: number; rejected: number }> {
  let accepted = 0;
  let rejected = 0;
  const modules = await modulesToPoll(db);
  for (const m of modules) {
    const ctx: ServiceContext = {
      db,
      now: () => now,
      actor: { kind: "system", label: INGEST_POLL_ACTOR_LABEL, accountId: m.accountId, accountSlug: m.accountSlug, role: "author" },
    };
    try {
      const result = await pollModuleRegistry(ctx, m.name);
      for (const a of result.attempts) if (a.outcome === "accepted") accepted += 1; else rejected += 1;
    } catch (error) {
      log(`ingest poll of ${m.accountSlug}/${m.name} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return { modules: modules.length, accepted, rejected };
}

/** Rejections that look like a re-pushed tag, in the last 14 days: the catalog's banner (docs/ingest.md). */
export async function recentTagOverwrites(ctx: ServiceContext) {
  const since = new Date(ctx.now().getTime() - 14 * 86_400_000);
  const rows = await ctx.db.ingestAttempt.findMany({
    where: { accountId: ctx.actor.accountId, tagOverwrite: true, at: { gte: since } },
    select: { tag: true, digest: true, at: true, module: { select: { name: true } } },
    orderBy: { at: "desc" },
    take: 20,
  });
  return rows.map((r) => ({ module: r.module.name, tag: r.tag, digest: r.digest, at: r.at }));
}

/** A version's SBOM packages (the Packages view); null when it has no SBOM. */
export async function versionPackages(ctx: ServiceContext, versionId: string): Promise<{ version: string; sbomUri: string | null; packages: SbomPackage[] | null }> {
  const row = await ctx.db.moduleVersion.findFirst({ where: { id: versionId, accountId: ctx.actor.accountId }, select: { version: true, sbomUri: true, sbomPackages: true } });
  if (!row) throw new AppError("NOT_FOUND", "Version not found.");
  return { version: row.version, sbomUri: row.sbomUri, packages: Array.isArray(row.sbomPackages) ? (row.sbomPackages as unknown as SbomPackage[]) : null };
}
