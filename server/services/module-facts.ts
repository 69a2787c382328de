import "server-only";
import { parseManifestYaml } from "../domain/manifest/parse";
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

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * Reads the lists leniently: a draft with schema errors still says what it requires and protects. The legacy
 * `file_spec: {include}` shape counts as its `include` list and an `identity:` wrapper is looked through, because
 * that is what the author meant and what the quick fixes turn them into.
 */
export function extractDraftFacts(manifestYaml: string): DraftFacts {
  if (manifestYaml.trim() === "") return EMPTY;
  const parsed = parseManifestYaml(manifestYaml);
  const root = parsed.value;
  if (!parsed.hasValue || root === null || typeof root !== "object" || Array.isArray(root)) return EMPTY;
  const identity = field(root, "identity");
  const pick = (key: string) => field(root, key) ?? field(identity, key);
  const fileSpec = pick("file_spec");
  const dependencies = pick("dependencies");
  return {
    protectedSpec: strings(pick("protected_spec")),
    fileSpec: Array.isArray(fileSpec) ? strings(fileSpec) : strings(field(fileSpec, "include")),
    provides: strings(field(dependencies, "provides")),
    requires: strings(field(dependencies, "requires")),
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
