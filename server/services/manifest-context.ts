/**
 * Loads the AccountContext the account-aware manifest checks need (SPEC §2): the account slug (the `<owner>` of
 * requirements), its category slugs, and for every other module the fields of its current *draft* manifest that
 * can clash (protected_spec, file_spec, provides, requires) plus its existing version numbers.
 *
 * NOTE for the merge: issue 3's modules service (`validateManifestForAccount` in server/services/modules.ts) needs
 * the same loader; this file exists so the two branches do not edit the same file. Unify them on one loader.
 *
 * Drafts are parsed with the domain parser (same limits as validation) and the extracted facts are cached per
 * module and `updatedAt`, so validating while typing does not re-parse every manifest of the account on every
 * request: each call reads ids and timestamps, and fetches and parses only the drafts that changed.
 */
import type { AccountContext, AccountModule } from "../domain/manifest/account-checks";
import { parseManifestYaml } from "../domain/manifest/parse";
import type { ServiceContext } from "./context";

export type DraftFacts = Pick<AccountModule, "protectedSpec" | "fileSpec" | "provides" | "requires">;

interface CachedFacts {
  updatedAt: number;
  facts: DraftFacts;
}

const MAX_CACHED = 20_000;
const factsCache = new Map<string, CachedFacts>();

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : undefined;
}

/**
 * The clash-relevant fields of a draft manifest, read leniently: a draft may be invalid (drafts are only rejected on
 * save when they have errors, and older rows predate validation), so whatever has the right shape is used. The
 * legacy `file_spec: {include}` shape counts as its `include` list and an `identity:` wrapper is looked through,
 * because that is what the author meant and what the quick fixes turn them into.
 */
export function extractDraftFacts(manifestYaml: string): DraftFacts {
  const empty: DraftFacts = { protectedSpec: [], fileSpec: [], provides: [], requires: [] };
  if (!manifestYaml.trim()) return empty;
  const parsed = parseManifestYaml(manifestYaml);
  if (!parsed.hasValue) return empty;
  const root = parsed.value;
  const identity = field(root, "identity");
  const pick = (key: string) => field(root, key) ?? field(identity, key);
  const fileSpec = pick("file_spec");
  const dependencies = pick("dependencies");
  return {
    protectedSpec: strings(pick("protected_spec")),
    fileSpec: Array.isArray(fileSpec) ? strings(fileSpec) : strings(field(fileSpec, "include")),
    provides: strings(field(dependencies, "provides")),
    requires: strings(field(dependencies, "requires")),
  };
}

export interface LoadedAccountContext extends AccountContext {
  categories: string[];
  /** Versions with their promotion state, per module name (for editor completion). */
  versionStates: Map<string, { version: string; state: string }[]>;
  /** Display names per module name (for editor completion). */
  displayNames: Map<string, string>;
}

/**
 * The account's context for account-aware validation. `excludeModuleName` leaves that module out (the manifest
 * being validated replaces its stored draft; the domain also ignores an entry with the manifest's own name).
 */
export async function loadAccountContext(ctx: ServiceContext, excludeModuleName?: string): Promise<LoadedAccountContext> {
  const accountId = ctx.actor.accountId;
  const [modules, categories, versions] = await Promise.all([
    ctx.db.module.findMany({
      where: { accountId, ...(excludeModuleName ? { name: { not: excludeModuleName } } : {}) },
      select: { id: true, name: true, displayName: true, updatedAt: true },
      orderBy: { name: "asc" },
    }),
    ctx.db.category.findMany({ where: { accountId }, select: { slug: true }, orderBy: { position: "asc" } }),
    ctx.db.moduleVersion.findMany({
      where: { accountId },
      select: { moduleId: true, version: true, promotionState: true },
      orderBy: { createdAt: "desc" },
    }),
  ]);

  const stale = modules.filter((m) => factsCache.get(m.id)?.updatedAt !== m.updatedAt.getTime());
  if (stale.length > 0) {
    const drafts = await ctx.db.module.findMany({
      where: { accountId, id: { in: stale.map((m) => m.id) } },
      select: { id: true, manifestYaml: true, updatedAt: true },
    });
    if (factsCache.size + drafts.length > MAX_CACHED) factsCache.clear();
    for (const draft of drafts) {
      factsCache.set(draft.id, { updatedAt: draft.updatedAt.getTime(), facts: extractDraftFacts(draft.manifestYaml) });
    }
  }

  const versionsByModule = new Map<string, { version: string; state: string }[]>();
  for (const v of versions) {
    const list = versionsByModule.get(v.moduleId) ?? [];
    list.push({ version: v.version, state: v.promotionState });
    versionsByModule.set(v.moduleId, list);
  }

  const versionStates = new Map<string, { version: string; state: string }[]>();
  const displayNames = new Map<string, string>();
  const accountModules: AccountModule[] = modules.map((m) => {
    const facts = factsCache.get(m.id)?.facts ?? { protectedSpec: [], fileSpec: [], provides: [], requires: [] };
    const moduleVersions = versionsByModule.get(m.id) ?? [];
    versionStates.set(m.name, moduleVersions);
    displayNames.set(m.name, m.displayName);
    return { name: m.name, ...facts, versions: moduleVersions.map((v) => v.version) };
  });

  return {
    owner: ctx.actor.accountSlug,
    modules: accountModules,
    categories: categories.map((c) => c.slug),
    versionStates,
    displayNames,
  };
}
