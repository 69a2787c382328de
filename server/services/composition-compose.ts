/**
 * Composes a template (docs/templates.md, What composePreview loads): its slots become the engine's modules, the
 * catalog modules they reach (and the providers of capabilities they lack) its dependency catalog, each with the manifest facts and file list of the version it would
 * deploy; the engine's result gets the template notes (pins passed over, drafts, unreadable manifests). A result
 * is reused from `resultCache` while its input fingerprint is unchanged (docs/architecture.md, Caches).
 */
import "server-only";
import {
  compose,
  EMPTY_FACTS,
  capabilityMatches,
  parseProvided,
  parseRequirement,
  reachableCatalogModules,
  templateNotes,
  withNotes,
  type AssignmentNoteInput,
  type CatalogModule,
  type ComposeInput,
  type ComposeModule,
  type ComposeResult,
  type CompositionCandidate,
  type ManifestFacts,
} from "../domain/composition";
import type { OverlayIndex } from "../domain/composition/overlay-query";
import type { CandidateInput, ProposedChange } from "../contracts/templates";
import { draftFactsKey, factsCache, fingerprintOf, resultCache, versionFactsKey } from "./composition-cache";
import {
  addToCatalog,
  CatalogLoader,
  loadAssignments,
  loadTemplateCatalog,
  loadDraftFacts,
  loadFacts,
  loadFiles,
  requireTemplate,
  resolveCandidate,
  type AccountCatalog,
  type AssignmentRow,
  type DbLike,
  type ModuleRow,
  type ResolvedCandidate,
  type TemplateRow,
} from "./composition-load";
import { applyProposedChange, slotsOf, type Slot } from "./composition-slots";
import { BoundedLruCache } from "./bounded-lru-cache";

/**
 * The issues of compositions by fingerprint. The templates list needs only each template's health, for every
 * template of the account (hundreds), while `resultCache` holds a dozen whole results: issues are small, so
 * thousands fit, and a list is composed once per change instead of on every view (docs/performance.md).
 */
export const issuesCache = new BoundedLruCache<Pick<ComposeResult, "errors" | "warnings" | "conflicts">>({ maxEntries: 5_000 });

/** A digest of the catalog's modules (scoped to what the composition reaches), for the fingerprint. */
function catalogDigest(catalog: AccountCatalog): string {
  return fingerprintOf(catalog.modules.map((m) => [m.id, m.name, m.categorySlug, m.variety, m.parentModule, m.priority, m.live?.id ?? null]));
}

export type FactsSource = "version" | "draft";

export interface LayerExtra {
  assignmentId: string | null;
  factsSource: FactsSource;
  /** Promotion state of the version that would deploy. */
  versionState: "blessed" | "live" | string | null;
}

export interface Composition {
  fingerprint: string;
  /** The engine's result with the template notes merged into the warnings. */
  result: ComposeResult;
  extras: ReadonlyMap<string, LayerExtra>;
  index: OverlayIndex | null;
}

/**
 * Builds the engine input for slots (+ the catalog modules they reach as the dependency catalog) and composes it,
 * reusing a cached result when nothing that matters changed.
 */
export async function composeSlots(catalog: AccountCatalog, slots: readonly Slot[], candidate: ResolvedCandidate | null): Promise<Composition> {
  return composePrepared(catalog, slots, candidate, await prepareSlots(catalog, slots, candidate));
}

/** Only the issues (for a health badge): from `issuesCache` when the fingerprint is known, else composed. */
export async function composeIssues(catalog: AccountCatalog, slots: readonly Slot[]): Promise<Pick<ComposeResult, "errors" | "warnings" | "conflicts">> {
  const prepared = await prepareSlots(catalog, slots, null);
  return issuesCache.get(prepared.fingerprint) ?? (await composePrepared(catalog, slots, null, prepared)).result;
}

/**
 * Grows the catalog with what the composition can reach (docs/performance.md, Scoped catalogs): the modules its
 * `owner/module` references reach, transitively, and the modules that provide a capability it requires that none of
 * its own modules provides (the engine names them in its hint). Each round reads the names the previous one
 * discovered, so a chain of references costs one query per link.
 */
async function extendCatalog(catalog: AccountCatalog, slots: readonly Slot[], candidate: ResolvedCandidate | null) {
  const { loader } = catalog;
  const db = loader.db;
  const assignedIds = new Set(slots.map((s) => s.module.id));
  const drafts = slots.filter((s) => s.versionId === null).map((s) => s.module);
  await loadFacts(db, [...slots.flatMap((s) => (s.versionId ? [s.versionId] : [])), ...(candidate ? [candidate.versionId] : [])]);
  await loadDraftFacts(db, drafts);
  const factsOf = (slot: Slot): ManifestFacts => factsCache.get(slot.versionId ? versionFactsKey(slot.versionId) : draftFactsKey(slot.module)) ?? EMPTY_FACTS;
  const liveFacts = (m: ModuleRow): ManifestFacts => (m.live ? (factsCache.get(versionFactsKey(m.live.id)) ?? EMPTY_FACTS) : EMPTY_FACTS);
  const candidateFacts = candidate ? (factsCache.get(versionFactsKey(candidate.versionId)) ?? EMPTY_FACTS) : null;
  const requiresOf = (m: ModuleRow): readonly string[] => (m.id === candidate?.module.id && candidateFacts ? candidateFacts.requires : liveFacts(m).requires);

  // Only catalog modules reachable through module references can be pulled in.
  const roots = [...slots.filter((s) => s.enabled).map((s) => factsOf(s).requires), ...(candidateFacts ? [candidateFacts.requires] : [])];
  let reachable: Set<string>;
  for (;;) {
    const unknown = new Set<string>();
    reachable = reachableCatalogModules(catalog.slug, roots, {
      has: (name) => {
        const m = catalog.byName.get(name) ?? loader.byName(name);
        if (!m && !loader.knowsName(name)) unknown.add(name);
        return m !== undefined && !assignedIds.has(m.id);
      },
      requiresOf: (name) => requiresOf((catalog.byName.get(name) ?? loader.byName(name))!),
    });
    const reached = [...reachable].map((name) => catalog.byName.get(name) ?? loader.byName(name));
    addToCatalog(catalog, reached);
    // A reached module whose facts were not read yet may require more: read them and walk again.
    const unread = reached.flatMap((m) => (m?.live && factsCache.get(versionFactsKey(m.live.id)) === undefined ? [m.live.id] : []));
    if (unknown.size === 0 && unread.length === 0) break;
    await Promise.all([loadFacts(db, unread), loader.loadNames(unknown)]);
  }

  // Capabilities required in the composition that none of its own modules provides: their providers elsewhere.
  const composed = [
    ...slots.filter((s) => s.enabled).map((s) => factsOf(s)),
    ...(candidateFacts ? [candidateFacts] : []),
    ...[...reachable].map((name) => liveFacts(catalog.byName.get(name)!)),
  ];
  const provided = composed.flatMap((f) => f.provides.map((p) => parseProvided(p).name));
  const unanswered = new Set(
    composed.flatMap((f) =>
      f.requires.flatMap((raw) => {
        const r = parseRequirement(raw);
        return r.kind === "capability" && !provided.some((p) => capabilityMatches(r.tag, p)) ? [r.tag] : [];
      }),
    ),
  );
  for (const tag of [...unanswered].sort()) addToCatalog(catalog, await loader.providersOf(tag));
  await loadFacts(db, catalog.modules.flatMap((m) => (m.live && !assignedIds.has(m.id) ? [m.live.id] : [])));
  return { assignedIds, reachable, factsOf, liveFacts, candidateFacts };
}

/**
 * Reads, for many templates at once, every module their `owner/module` references reach (the union, one query per
 * link of the longest chain), so composing each of them afterwards finds its catalog in the loader instead of
 * querying once per template (the templates list composes a page of them).
 */
export async function warmReach(loader: CatalogLoader, slots: readonly Slot[]): Promise<void> {
  const db = loader.db;
  await loadFacts(db, slots.flatMap((s) => (s.versionId ? [s.versionId] : [])));
  await loadDraftFacts(db, slots.filter((s) => s.versionId === null).map((s) => s.module));
  const factsOf = (slot: Slot): ManifestFacts => factsCache.get(slot.versionId ? versionFactsKey(slot.versionId) : draftFactsKey(slot.module)) ?? EMPTY_FACTS;
  let requires: Array<readonly string[]> = slots.map((s) => factsOf(s).requires);
  const seen = new Set<string>();
  while (requires.length > 0) {
    const names = new Set<string>();
    for (const list of requires) {
      for (const raw of list) {
        const r = parseRequirement(raw);
        if (r.kind === "module" && r.owner === loader.slug && !seen.has(r.module)) names.add(r.module);
      }
    }
    if (names.size === 0) return;
    for (const name of names) seen.add(name);
    await loader.loadNames(names);
    const reached = [...names].flatMap((name) => {
      const m = loader.byName(name);
      return m?.live ? [m.live.id] : [];
    });
    await loadFacts(db, reached);
    requires = reached.map((id) => factsCache.get(versionFactsKey(id))?.requires ?? []);
  }
}

async function prepareSlots(catalog: AccountCatalog, slots: readonly Slot[], candidate: ResolvedCandidate | null) {
  const { assignedIds, reachable, factsOf, liveFacts, candidateFacts } = await extendCatalog(catalog, slots, candidate);
  const others = catalog.modules.filter((m) => !assignedIds.has(m.id));

  const skeleton = {
    owner: catalog.slug,
    categories: catalog.categories,
    modules: slots.map((s) => [s.module.id, s.module.name, s.module.categorySlug, s.module.variety, s.module.parentModule, s.module.priority, s.override, s.enabled, s.versionId ?? draftFactsKey(s.module), s.versionSource]),
    catalog: [catalogDigest(catalog), [...reachable].sort()],
    candidate: candidate ? [candidate.module.id, candidate.versionId, candidate.assign] : null,
  };
  const fingerprint = fingerprintOf(skeleton);
  return { others, reachable, factsOf, liveFacts, candidateFacts, fingerprint };
}

async function composePrepared(
  catalog: AccountCatalog,
  slots: readonly Slot[],
  candidate: ResolvedCandidate | null,
  prepared: Awaited<ReturnType<typeof prepareSlots>>,
): Promise<Composition> {
  const { others, reachable, factsOf, liveFacts, candidateFacts, fingerprint } = prepared;
  const cached = resultCache.get(fingerprint);
  if (cached) return cached;

  const fileIds = [
    ...slots.filter((s) => s.enabled && s.versionId).map((s) => s.versionId!),
    ...others.filter((m) => reachable.has(m.name) && m.live).map((m) => m.live!.id),
    ...(candidate ? [candidate.versionId] : []),
  ];
  const files = await loadFiles(catalog.loader.db, fileIds);
  const available = (m: ModuleRow) => m.deliverable.map((v) => v.version);

  const extras = new Map<string, LayerExtra>();
  const noteInputs: AssignmentNoteInput[] = [];
  const modules: ComposeModule[] = slots.map((s) => {
    const facts = factsOf(s);
    const m = s.module;
    noteInputs.push({ name: m.name, enabled: s.enabled, version: s.version, ignoredPin: s.ignoredPin, manifestReadable: facts.readable });
    extras.set(m.name, {
      assignmentId: s.assignmentId,
      factsSource: s.versionId ? "version" : "draft",
      versionState: s.versionSource === "pinned" ? (m.deliverable.find((v) => v.id === s.versionId)?.state ?? null) : s.versionSource === "live" ? "live" : null,
    });
    return {
      name: m.name,
      category: m.categorySlug,
      variety: m.variety,
      parentModule: m.parentModule,
      priority: m.priority,
      effectivePriorityOverride: s.override,
      enabled: s.enabled,
      version: s.version,
      versionSource: s.versionSource,
      availableVersions: available(m),
      fileSpec: facts.fileSpec,
      mask: facts.mask,
      protectedSpec: facts.protectedSpec,
      requires: facts.requires,
      provides: facts.provides,
      files: s.versionId ? (files.get(s.versionId) ?? null) : null,
    };
  });
  const catalogModules: CatalogModule[] = others.map((m) => {
    const facts = liveFacts(m);
    if (!extras.has(m.name)) extras.set(m.name, { assignmentId: null, factsSource: "version", versionState: m.live ? "live" : null });
    return {
      name: m.name,
      category: m.categorySlug,
      variety: m.variety,
      parentModule: m.parentModule,
      priority: m.priority,
      version: m.live?.version ?? null,
      availableVersions: available(m),
      fileSpec: facts.fileSpec,
      mask: facts.mask,
      protectedSpec: facts.protectedSpec,
      requires: facts.requires,
      provides: facts.provides,
      files: m.live && reachable.has(m.name) ? (files.get(m.live.id) ?? null) : null,
    };
  });
  let compositionCandidate: CompositionCandidate | null = null;
  if (candidate && candidateFacts) {
    const m = candidate.module;
    compositionCandidate = {
      moduleName: m.name,
      version: candidate.version,
      assign: candidate.assign,
      category: m.categorySlug,
      variety: m.variety,
      parentModule: m.parentModule,
      priority: m.priority,
      fileSpec: candidateFacts.fileSpec,
      mask: candidateFacts.mask,
      protectedSpec: candidateFacts.protectedSpec,
      requires: candidateFacts.requires,
      provides: candidateFacts.provides,
      files: files.get(candidate.versionId) ?? null,
    };
    const existing = extras.get(m.name);
    extras.set(m.name, { assignmentId: existing?.assignmentId ?? null, factsSource: "version", versionState: candidate.state });
  }
  const input: ComposeInput = { owner: catalog.slug, categories: catalog.categories, modules, catalog: catalogModules, candidate: compositionCandidate };
  const result = withNotes(compose(input), templateNotes(noteInputs));
  const composition: Composition = { fingerprint, result, extras, index: null };
  resultCache.set(fingerprint, composition);
  issuesCache.set(fingerprint, { errors: result.errors, warnings: result.warnings, conflicts: result.conflicts });
  return composition;
}

export interface TemplateComposition {
  template: TemplateRow;
  catalog: AccountCatalog;
  assignments: AssignmentRow[];
  composition: Composition;
}

/**
 * Loads and composes one template of the caller's account (inside a transaction when given one). Calls that compose
 * several templates or variants in one request pass one `loader`, so each module is read once.
 */
export async function composeTemplate(
  db: DbLike,
  account: { accountId: string; slug: string },
  templateId: string,
  opts: { candidate?: CandidateInput; change?: ProposedChange } = {},
  loader: CatalogLoader = new CatalogLoader(db, account.accountId, account.slug),
): Promise<TemplateComposition> {
  const [template, assignments] = await Promise.all([requireTemplate(db, account.accountId, templateId), loadAssignments(db, account.accountId, templateId)]);
  const catalog = await loadTemplateCatalog(loader, assignments, [opts.candidate?.moduleName, opts.change?.kind === "assign" ? opts.change.moduleName : undefined]);
  const candidate = await resolveCandidate(db, account.accountId, catalog, opts.candidate);
  const slots = await applyProposedChange(db, account.accountId, catalog, slotsOf(catalog, assignments), opts.change);
  const composition = await composeSlots(catalog, slots, candidate);
  return { template, catalog, assignments, composition };
}
