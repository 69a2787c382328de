import { parseManifestYaml } from "../domain/manifest/parse";
import type { AccountContext, AccountModule } from "../domain/manifest/account-checks";
import { Prisma } from "../db/generated/client";
import type { ServiceContext } from "./context";

/**
 * The four lists of a draft manifest that other modules' validation and the dependency views need. Parsing a
 * draft costs about a millisecond; an account of 1,000 modules would spend a second per validation re-reading
 * drafts that rarely change, so facts are cached per module, keyed by the md5 of the draft text that PostgreSQL
 * computes for us (exact: a changed draft is never served stale, whoever changed it and however).
 */
export interface DraftFacts {
  protectedSpec: string[];
  fileSpec: string[];
  provides: string[];
  requires: string[];
  /** False when the draft is empty or not well-formed YAML; the lists are then empty. */
  parsed: boolean;
}

const EMPTY: DraftFacts = { protectedSpec: [], fileSpec: [], provides: [], requires: [], parsed: false };
const CACHE_LIMIT = 20_000;
const cache = new Map<string, { hash: string; facts: DraftFacts }>();

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** Reads the lists leniently: a draft with schema errors still says what it requires and protects. */
export function extractDraftFacts(manifestYaml: string): DraftFacts {
  if (manifestYaml.trim() === "") return EMPTY;
  const parsed = parseManifestYaml(manifestYaml);
  const value = parsed.value;
  if (!parsed.hasValue || value === null || typeof value !== "object" || Array.isArray(value)) return EMPTY;
  const doc = value as Record<string, unknown>;
  const deps = doc.dependencies;
  const depsDoc = deps !== null && typeof deps === "object" && !Array.isArray(deps) ? (deps as Record<string, unknown>) : {};
  return {
    protectedSpec: strings(doc.protected_spec),
    fileSpec: strings(doc.file_spec),
    provides: strings(depsDoc.provides),
    requires: strings(depsDoc.requires),
    parsed: true,
  };
}

export interface ModuleDraftFacts extends DraftFacts {
  id: string;
  name: string;
}

/** Every module of the caller's account with its draft facts (cached by draft hash). */
export async function loadDraftFacts(ctx: ServiceContext): Promise<ModuleDraftFacts[]> {
  const accountId = ctx.actor.accountId;
  const rows = await ctx.db.$queryRaw<Array<{ id: string; name: string; hash: string }>>`
    SELECT id, name, md5("manifestYaml") AS hash FROM modules WHERE "accountId" = ${accountId} ORDER BY name`;
  const missing = rows.filter((row) => cache.get(row.id)?.hash !== row.hash).map((row) => row.id);
  if (missing.length > 0) {
    // The hash is read together with the text, so a draft saved between the two queries is cached under its
    // own hash, never under the listing's older one.
    const texts = await ctx.db.$queryRaw<Array<{ id: string; manifestYaml: string; hash: string }>>`
      SELECT id, "manifestYaml", md5("manifestYaml") AS hash FROM modules
      WHERE "accountId" = ${accountId} AND id IN (${Prisma.join(missing)})`;
    for (const { id, manifestYaml, hash } of texts) {
      if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value ?? "");
      cache.set(id, { hash, facts: extractDraftFacts(manifestYaml) });
    }
  }
  return rows.map((row) => ({ id: row.id, name: row.name, ...(cache.get(row.id)?.facts ?? EMPTY) }));
}

/** The account context the manifest validator's account checks need: other modules' drafts and versions. */
export async function loadAccountContext(ctx: ServiceContext): Promise<AccountContext> {
  const [facts, versions, categories] = await Promise.all([
    loadDraftFacts(ctx),
    ctx.db.moduleVersion.findMany({ where: { accountId: ctx.actor.accountId }, select: { moduleId: true, version: true } }),
    ctx.db.category.findMany({ where: { accountId: ctx.actor.accountId }, select: { slug: true }, orderBy: { position: "asc" } }),
  ]);
  const versionsByModule = new Map<string, string[]>();
  for (const v of versions) {
    const list = versionsByModule.get(v.moduleId);
    if (list) list.push(v.version);
    else versionsByModule.set(v.moduleId, [v.version]);
  }
  const modules: AccountModule[] = facts.map((f) => ({
    name: f.name,
    protectedSpec: f.protectedSpec,
    fileSpec: f.fileSpec,
    provides: f.provides,
    requires: f.requires,
    versions: versionsByModule.get(f.id) ?? [],
  }));
  return { owner: ctx.actor.accountSlug, modules, categories: categories.map((c) => c.slug) };
}
