/**
 * Loaders of the composition services (docs/templates.md, What composePreview loads): Prisma rows in, plain values
 * out — the account's modules as a catalog, a template and its assignments, a version to pin or to try as a
 * candidate, and manifest facts and file lists read through the caches of composition-cache.ts.
 */
import "server-only";
import semver from "semver";
import type { Db, Tx } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { capabilityMatches, manifestFacts, parseProvided, pinRefusal, type Variety } from "../domain/composition";
import { DELIVERABLE_STATES, isDeliverableState, type PromotionState } from "../domain/promotion/states";
import { AppError } from "../errors";
import type { CandidateInput } from "../contracts/templates";
import { draftFactsKey, factsCache, filesCache, versionFactsKey } from "./composition-cache";

export type DbLike = Db | Tx;

// ---------------------------------------------------------------------------------------------------------
// The account's modules

const moduleSelect = {
  id: true,
  name: true,
  displayName: true,
  description: true,
  variety: true,
  priority: true,
  updatedAt: true,
  category: { select: { slug: true, name: true } },
  parentModule: { select: { name: true } },
  versions: {
    where: { promotionState: { in: [...DELIVERABLE_STATES] } },
    select: { id: true, version: true, promotionState: true, previouslyLive: true },
  },
} satisfies Prisma.ModuleSelect;

type ModuleRowRaw = Prisma.ModuleGetPayload<{ select: typeof moduleSelect }>;

export interface ModuleRow {
  id: string;
  name: string;
  displayName: string;
  description: string;
  variety: Variety;
  priority: number;
  updatedAt: Date;
  categorySlug: string;
  categoryName: string;
  parentModule: string | null;
  live: { id: string; version: string } | null;
  /** Blessed and live versions, newest first (the versions a pin may name). */
  deliverable: Array<{ id: string; version: string; state: "blessed" | "live"; previouslyLive: boolean }>;
}

function compareVersionsDesc(a: string, b: string): number {
  const va = semver.valid(a);
  const vb = semver.valid(b);
  if (va && vb) return semver.rcompare(va, vb);
  if (va) return -1;
  if (vb) return 1;
  return a < b ? 1 : a > b ? -1 : 0;
}

function toModuleRow(m: ModuleRowRaw): ModuleRow {
  const deliverable = m.versions
    .flatMap((v) => (isDeliverableState(v.promotionState) ? [{ id: v.id, version: v.version, state: v.promotionState, previouslyLive: v.previouslyLive }] : []))
    .sort((a, b) => compareVersionsDesc(a.version, b.version));
  const live = deliverable.find((v) => v.state === "live");
  return {
    id: m.id,
    name: m.name,
    displayName: m.displayName,
    description: m.description,
    variety: m.variety,
    priority: m.priority,
    updatedAt: m.updatedAt,
    categorySlug: m.category.slug,
    categoryName: m.category.name,
    parentModule: m.parentModule?.name ?? null,
    live: live ? { id: live.id, version: live.version } : null,
    deliverable,
  };
}

/**
 * The modules a composition can see: its own modules plus the part of the account's catalog it can reach
 * (docs/performance.md, Scoped catalogs). Built by a `CatalogLoader` and grown by `extendCatalog` as the
 * composition discovers what it requires, so composing a template costs what the template touches, not the size of
 * the account.
 */
export interface AccountCatalog {
  slug: string;
  categories: Record<string, number>;
  /** By name. */
  modules: ModuleRow[];
  byId: Map<string, ModuleRow>;
  byName: Map<string, ModuleRow>;
  loader: CatalogLoader;
}

/** Live manifests read per capability tag when looking for its providers elsewhere in the account. */
const PROVIDER_SCAN_LIMIT = 200;

/**
 * Loads the account's modules on demand and remembers them for the request: one loader serves every composition of
 * a request (the templates list composes hundreds), so a module is read once however many templates include it.
 */
export class CatalogLoader {
  private readonly rows = new Map<string, ModuleRow>();
  private readonly idsByName = new Map<string, string | null>();
  private readonly providersByTag = new Map<string, readonly string[]>();
  private categoriesPromise: Promise<Record<string, number>> | null = null;

  constructor(
    readonly db: DbLike,
    readonly accountId: string,
    readonly slug: string,
  ) {}

  categories(): Promise<Record<string, number>> {
    this.categoriesPromise ??= this.db.category
      .findMany({ where: { accountId: this.accountId }, select: { slug: true, position: true } })
      .then((rows) => Object.fromEntries(rows.map((c) => [c.slug, c.position])));
    return this.categoriesPromise;
  }

  private remember(raw: readonly ModuleRowRaw[]): void {
    for (const m of raw) {
      const row = toModuleRow(m);
      this.rows.set(row.id, row);
      this.idsByName.set(row.name, row.id);
    }
  }

  async loadIds(ids: Iterable<string>): Promise<void> {
    const missing = [...new Set(ids)].filter((id) => !this.rows.has(id));
    for (let i = 0; i < missing.length; i += 1000) {
      this.remember(await this.db.module.findMany({ where: { accountId: this.accountId, id: { in: missing.slice(i, i + 1000) } }, select: moduleSelect }));
    }
  }

  async loadNames(names: Iterable<string>): Promise<void> {
    const missing = [...new Set(names)].filter((n) => !this.idsByName.has(n));
    for (let i = 0; i < missing.length; i += 1000) {
      const chunk = missing.slice(i, i + 1000);
      this.remember(await this.db.module.findMany({ where: { accountId: this.accountId, name: { in: chunk } }, select: moduleSelect }));
      for (const name of chunk) if (!this.idsByName.has(name)) this.idsByName.set(name, null);
    }
  }

  byId(id: string): ModuleRow | undefined {
    return this.rows.get(id);
  }

  byName(name: string): ModuleRow | undefined {
    const id = this.idsByName.get(name);
    return id ? this.rows.get(id) : undefined;
  }

  /** Whether `loadNames` already answered for `name` (found or not). */
  knowsName(name: string): boolean {
    return this.idsByName.has(name);
  }

  /**
   * Modules whose live version provides the capability `tag` (or a `tag:value`), for the hint of a missing
   * capability: a substring pre-filter on the live manifests, confirmed by parsing them. At most
   * PROVIDER_SCAN_LIMIT candidates are read per tag.
   */
  async providersOf(tag: string): Promise<readonly ModuleRow[]> {
    let ids = this.providersByTag.get(tag);
    if (ids === undefined) {
      const rows = await this.db.moduleVersion.findMany({
        where: { accountId: this.accountId, promotionState: "live", manifestYaml: { contains: tag } },
        select: { id: true, moduleId: true },
        orderBy: { id: "asc" },
        take: PROVIDER_SCAN_LIMIT,
      });
      await loadFacts(this.db, rows.map((r) => r.id));
      ids = rows
        .filter((r) => (factsCache.get(versionFactsKey(r.id))?.provides ?? []).some((p) => capabilityMatches(tag, parseProvided(p).name)))
        .map((r) => r.moduleId);
      this.providersByTag.set(tag, ids);
      await this.loadIds(ids);
    }
    return ids.flatMap((id) => {
      const row = this.rows.get(id);
      return row ? [row] : [];
    });
  }

  /** A catalog of these modules (loaded before with `loadIds`/`loadNames`; unknown ones are left out). */
  async catalogOf(modules: Iterable<ModuleRow | undefined>): Promise<AccountCatalog> {
    const catalog: AccountCatalog = { slug: this.slug, categories: await this.categories(), modules: [], byId: new Map(), byName: new Map(), loader: this };
    addToCatalog(catalog, modules);
    return catalog;
  }
}

/** Adds modules to a catalog, keeping `modules` sorted by name (the engine's catalog order). */
export function addToCatalog(catalog: AccountCatalog, modules: Iterable<ModuleRow | undefined>): void {
  let added = false;
  for (const m of modules) {
    if (!m || catalog.byId.has(m.id)) continue;
    catalog.modules.push(m);
    catalog.byId.set(m.id, m);
    catalog.byName.set(m.name, m);
    added = true;
  }
  if (added) catalog.modules.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The catalog a template starts from: its assigned modules and the modules a request names (a what-if candidate,
 * a module to assign). `extendCatalog` adds what the composition reaches.
 */
export async function loadTemplateCatalog(
  loader: CatalogLoader,
  assignments: ReadonlyArray<{ moduleId: string }>,
  names: ReadonlyArray<string | undefined> = [],
): Promise<AccountCatalog> {
  const wanted = names.filter((n): n is string => n !== undefined);
  await Promise.all([loader.loadIds(assignments.map((a) => a.moduleId)), loader.loadNames(wanted)]);
  return loader.catalogOf([...assignments.map((a) => loader.byId(a.moduleId)), ...wanted.map((n) => loader.byName(n))]);
}

// ---------------------------------------------------------------------------------------------------------
// Templates and assignments

export const templateSelect = {
  id: true,
  name: true,
  description: true,
  overrideReason: true,
  overrideErrorKeys: true,
  overrideAt: true,
  overrideBy: true,
  createdAt: true,
  updatedAt: true,
} satisfies Prisma.TemplateSelect;
export type TemplateRow = Prisma.TemplateGetPayload<{ select: typeof templateSelect }>;

export async function requireTemplate(db: DbLike, accountId: string, templateId: string): Promise<TemplateRow> {
  const template = await db.template.findFirst({ where: { id: templateId, accountId }, select: templateSelect });
  if (!template) throw new AppError("NOT_FOUND", "Template not found.");
  return template;
}

export const assignmentSelect = {
  id: true,
  moduleId: true,
  enabled: true,
  effectivePriorityOverride: true,
  metadata: true,
  revision: true,
  createdAt: true,
  updatedAt: true,
  pinnedVersion: { select: { id: true, version: true, promotionState: true } },
} satisfies Prisma.TemplateModuleSelect;

export type AssignmentRow = Prisma.TemplateModuleGetPayload<{ select: typeof assignmentSelect }>;

export async function loadAssignments(db: DbLike, accountId: string, templateId: string): Promise<AssignmentRow[]> {
  return db.templateModule.findMany({ where: { templateId, accountId }, select: assignmentSelect, orderBy: { createdAt: "asc" } });
}

// ---------------------------------------------------------------------------------------------------------
// Versions named by a request

export interface VersionRef {
  id: string;
  version: string;
  state: PromotionState;
}

/** The version `module@version` for a pin, or the API's refusal (`pinRefusal`): assignments and proposed changes. */
export async function requirePinnableVersion(db: DbLike, accountId: string, module: { id: string; name: string }, version: string): Promise<VersionRef> {
  const found = await db.moduleVersion.findFirst({
    where: { accountId, moduleId: module.id, version },
    select: { id: true, version: true, promotionState: true },
  });
  const pinned = found ? { id: found.id, version: found.version, state: found.promotionState } : null;
  const refusal = pinRefusal(module.name, version, pinned);
  if (refusal) {
    throw new AppError(refusal.reason === "unknown_version" ? "BAD_REQUEST" : "UNPROCESSABLE", refusal.message, { fieldErrors: { pinnedVersion: refusal.fieldError } });
  }
  return pinned!;
}

export interface ResolvedCandidate {
  module: ModuleRow;
  versionId: string;
  version: string;
  state: PromotionState;
  assign: boolean;
}

/** A what-if candidate: any version of one of the account's modules, whatever its state. */
export async function resolveCandidate(db: DbLike, accountId: string, catalog: AccountCatalog, input: CandidateInput | undefined): Promise<ResolvedCandidate | null> {
  if (!input) return null;
  const module = catalog.byName.get(input.moduleName);
  if (!module) throw new AppError("NOT_FOUND", `Module ${input.moduleName} not found.`, { fieldErrors: { candidate: "Unknown module" } });
  const version = await db.moduleVersion.findFirst({
    where: { accountId, moduleId: module.id, version: input.version },
    select: { id: true, version: true, promotionState: true },
  });
  if (!version) throw new AppError("NOT_FOUND", `${module.name}@${input.version} not found.`, { fieldErrors: { candidate: "Unknown version" } });
  return { module, versionId: version.id, version: version.version, state: version.promotionState, assign: input.assign === true };
}

// ---------------------------------------------------------------------------------------------------------
// Manifest facts and file lists, through the caches

/** Puts the facts of every version into `factsCache`; read them with `versionFactsKey`. */
export async function loadFacts(db: DbLike, versionIds: readonly string[]): Promise<void> {
  const missing = [...new Set(versionIds)].filter((id) => factsCache.get(versionFactsKey(id)) === undefined);
  for (let i = 0; i < missing.length; i += 500) {
    const rows = await db.moduleVersion.findMany({ where: { id: { in: missing.slice(i, i + 500) } }, select: { id: true, manifestYaml: true } });
    for (const row of rows) factsCache.set(versionFactsKey(row.id), manifestFacts(row.manifestYaml));
  }
}

/** Puts the draft facts of modules that deploy no version into `factsCache`; read them with `draftFactsKey`. */
export async function loadDraftFacts(db: DbLike, modules: readonly ModuleRow[]): Promise<void> {
  const missing = modules.filter((m) => factsCache.get(draftFactsKey(m)) === undefined);
  if (missing.length === 0) return;
  const rows = await db.module.findMany({ where: { id: { in: missing.map((m) => m.id) } }, select: { id: true, manifestYaml: true } });
  for (const row of rows) {
    const m = missing.find((x) => x.id === row.id)!;
    factsCache.set(draftFactsKey(m), manifestFacts(row.manifestYaml));
  }
}

/** File lists by version id, from `filesCache` or the database. */
export async function loadFiles(db: DbLike, versionIds: readonly string[]): Promise<Map<string, readonly string[]>> {
  const out = new Map<string, readonly string[]>();
  const missing: string[] = [];
  for (const id of new Set(versionIds)) {
    const cached = filesCache.get(id);
    if (cached !== undefined) out.set(id, cached);
    else missing.push(id);
  }
  for (let i = 0; i < missing.length; i += 50) {
    const rows = await db.moduleVersion.findMany({ where: { id: { in: missing.slice(i, i + 50) } }, select: { id: true, fileList: true } });
    for (const row of rows) {
      filesCache.set(row.id, row.fileList);
      out.set(row.id, row.fileList);
    }
  }
  return out;
}
