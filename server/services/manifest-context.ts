/**
 * The AccountContext for the manifest editor: the account-aware checks' context (other modules' draft facts,
 * versions, categories — server/services/module-facts.ts, cached by draft hash) plus what editor completion
 * needs (version states and display names per module).
 */
import "server-only";
import type { AccountContext, AccountModule } from "../domain/manifest/account-checks";
import type { ServiceContext } from "./context";
import { loadDraftFacts } from "./module-facts";

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
  const [allFacts, modules, categories, versions] = await Promise.all([
    loadDraftFacts(ctx),
    ctx.db.module.findMany({ where: { accountId }, select: { id: true, displayName: true } }),
    ctx.db.category.findMany({ where: { accountId }, select: { slug: true }, orderBy: { position: "asc" } }),
    ctx.db.moduleVersion.findMany({
      where: { accountId },
      select: { moduleId: true, version: true, promotionState: true },
      orderBy: { createdAt: "desc" },
    }),
  ]);
  const displayNameById = new Map(modules.map((m) => [m.id, m.displayName]));
  const facts = allFacts.filter((f) => f.name !== excludeModuleName);

  const versionsByModule = new Map<string, { version: string; state: string }[]>();
  for (const v of versions) {
    const list = versionsByModule.get(v.moduleId) ?? [];
    list.push({ version: v.version, state: v.promotionState });
    versionsByModule.set(v.moduleId, list);
  }

  const versionStates = new Map<string, { version: string; state: string }[]>();
  const displayNames = new Map<string, string>();
  const accountModules: AccountModule[] = facts.map((f) => {
    const moduleVersions = versionsByModule.get(f.id) ?? [];
    versionStates.set(f.name, moduleVersions);
    displayNames.set(f.name, displayNameById.get(f.id) ?? f.name);
    return {
      name: f.name,
      protectedSpec: f.protectedSpec,
      fileSpec: f.fileSpec,
      provides: f.provides,
      requires: f.requires,
      versions: moduleVersions.map((v) => v.version),
    };
  });

  return {
    owner: ctx.actor.accountSlug,
    modules: accountModules,
    categories: categories.map((c) => c.slug),
    versionStates,
    displayNames,
  };
}
