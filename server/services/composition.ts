/**
 * composePreview (docs/templates.md, docs/composition.md): loads what a template would deploy, maps it into the pure
 * composition engine's input and returns the result. Versions are immutable, so their parsed manifest facts and file
 * lists are cached per version id for the life of the process; whole results are cached by a fingerprint of every input
 * that can change them (assignments, deploying version ids, registrations, categories, candidate), so the editor's
 * overlay requests — many per second while an operator scrolls a 200,000-path tree — reuse one composition.
 */
import "server-only";
import { createHash } from "node:crypto";
import semver from "semver";
import type { Db, Tx } from "../db/client";
import type { Prisma } from "../db/generated/client";
import {
  compose,
  deriveEffectivePriority,
  diffCompositions,
  parseRequirement,
  toExternalComposeResult,
  type CatalogModule,
  type ComposeInput,
  type ComposeModule,
  type ComposeResult,
  type CompositionCandidate,
  type CompositionDiff,
  type CompositionIssue,
  type ExternalComposeResult,
  type PriorityDerivation,
  type ResolvedDependency,
  type Variety,
} from "../domain/composition";
import {
  buildOverlayIndex,
  describePath,
  listChildren,
  searchPaths,
  type OverlayIndex,
  type OverlayPage,
  type PathStory,
} from "../domain/composition/overlay-query";
import { WHOLE_DOCUMENT_RANGE } from "../domain/issues";
import { extractCompositionFacts } from "../domain/manifest";
import { AppError } from "../errors";
import type { ServiceContext } from "./context";
import type { CandidateInput, OverlayQueryInput, ProposedChange } from "../contracts/templates";

type DbLike = Db | Tx;

// ---------------------------------------------------------------------------------------------------------
// Caches

/** A least-recently-used map bounded by entry count and by a total weight (e.g. paths held). */
class WeightedLru<V> {
  private readonly map = new Map<string, { value: V; weight: number }>();
  private total = 0;
  constructor(
    private readonly maxEntries: number,
    private readonly maxWeight: number,
    private readonly weigh: (value: V) => number,
  ) {}
  get(key: string): V | undefined {
    const e = this.map.get(key);
    if (e === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, e);
    return e.value;
  }
  set(key: string, value: V): void {
    const old = this.map.get(key);
    if (old !== undefined) {
      this.total -= old.weight;
      this.map.delete(key);
    }
    const weight = this.weigh(value);
    this.map.set(key, { value, weight });
    this.total += weight;
    while ((this.map.size > this.maxEntries || this.total > this.maxWeight) && this.map.size > 1) {
      const [oldest, entry] = this.map.entries().next().value!;
      this.map.delete(oldest);
      this.total -= entry.weight;
    }
  }
  clear(): void {
    this.map.clear();
    this.total = 0;
  }
}

export interface ManifestFacts {
  fileSpec: string[];
  mask: string[];
  protectedSpec: string[];
  requires: string[];
  provides: string[];
  /** False when the manifest could not be parsed into the fields composition needs (the facts are then empty). */
  readable: boolean;
}

const EMPTY_FACTS: ManifestFacts = { fileSpec: [], mask: [], protectedSpec: [], requires: [], provides: [], readable: false };

export function manifestFacts(yaml: string): ManifestFacts {
  if (yaml.trim() === "") return EMPTY_FACTS;
  const r = extractCompositionFacts(yaml);
  if (!r.ok) return EMPTY_FACTS;
  const { name: _name, ...facts } = r.facts;
  return { ...facts, readable: true };
}

const factsCache = new WeightedLru<ManifestFacts>(50_000, 50_000, () => 1);
const filesCache = new WeightedLru<readonly string[]>(20_000, 3_000_000, (files) => files.length + 1);
const resultCache = new WeightedLru<Composition>(12, 1_500_000, (c) => c.result.overlay.pathCount + 1);

/** Tests use it to measure cold loads; nothing else needs it. */
export function clearCompositionCaches(): void {
  factsCache.clear();
  filesCache.clear();
  resultCache.clear();
}

// ---------------------------------------------------------------------------------------------------------
// Loading

const DELIVERABLE = new Set(["blessed", "live"]);

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
    where: { promotionState: { in: ["blessed", "live"] } },
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
    .map((v) => ({ id: v.id, version: v.version, state: v.promotionState as "blessed" | "live", previouslyLive: v.previouslyLive }))
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

export interface AccountCatalog {
  slug: string;
  categories: Record<string, number>;
  modules: ModuleRow[];
  byId: Map<string, ModuleRow>;
  byName: Map<string, ModuleRow>;
}

export async function loadAccountCatalog(db: DbLike, accountId: string, slug: string): Promise<AccountCatalog> {
  const [categories, modules] = await Promise.all([
    db.category.findMany({ where: { accountId }, select: { slug: true, position: true } }),
    db.module.findMany({ where: { accountId }, select: moduleSelect, orderBy: { name: "asc" } }),
  ]);
  const rows = modules.map(toModuleRow);
  return {
    slug,
    categories: Object.fromEntries(categories.map((c) => [c.slug, c.position])),
    modules: rows,
    byId: new Map(rows.map((m) => [m.id, m])),
    byName: new Map(rows.map((m) => [m.name, m])),
  };
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

/** One module of the composition before its manifest facts are attached. */
interface Slot {
  module: ModuleRow;
  assignmentId: string | null;
  enabled: boolean;
  override: number | null;
  /** The version that would deploy and where it comes from. */
  versionId: string | null;
  version: string | null;
  versionSource: "pinned" | "live" | null;
  /** The assignment's pin as stored, whatever its state. */
  pinned: PinRef | null;
  /** A pin that no longer names a blessed or live version (it falls back to live, as the agent's desired state does). */
  ignoredPin: { version: string; state: string } | null;
}

interface PinRef {
  id: string;
  version: string;
  promotionState: string;
}

function slotFor(module: ModuleRow, a: { id: string | null; enabled: boolean; override: number | null; pinned: PinRef | null }): Slot {
  const pinOk = a.pinned !== null && DELIVERABLE.has(a.pinned.promotionState);
  const deploying = pinOk ? { id: a.pinned!.id, version: a.pinned!.version, source: "pinned" as const } : module.live ? { ...module.live, source: "live" as const } : null;
  return {
    module,
    assignmentId: a.id,
    enabled: a.enabled,
    override: a.override,
    versionId: deploying?.id ?? null,
    version: deploying?.version ?? null,
    versionSource: deploying?.source ?? null,
    pinned: a.pinned,
    ignoredPin: a.pinned !== null && !pinOk ? { version: a.pinned.version, state: a.pinned.promotionState } : null,
  };
}

interface ResolvedCandidate {
  module: ModuleRow;
  versionId: string;
  version: string;
  state: string;
  assign: boolean;
}

async function resolveCandidate(db: DbLike, accountId: string, catalog: AccountCatalog, input: CandidateInput | undefined): Promise<ResolvedCandidate | null> {
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

/** Applies a proposed (unsaved) change to the template's slots, validating it as the real mutation would. */
async function applyProposedChange(db: DbLike, accountId: string, catalog: AccountCatalog, slots: Slot[], change: ProposedChange | undefined): Promise<Slot[]> {
  if (!change) return slots;
  const pinOf = async (module: ModuleRow, pinnedVersion: string | null | undefined, current: PinRef | null): Promise<PinRef | null> => {
    if (pinnedVersion === undefined) return current;
    if (pinnedVersion === null) return null;
    const v = await db.moduleVersion.findFirst({
      where: { accountId, moduleId: module.id, version: pinnedVersion },
      select: { id: true, version: true, promotionState: true },
    });
    if (!v) throw new AppError("BAD_REQUEST", `${module.name}@${pinnedVersion} does not exist.`, { fieldErrors: { pinnedVersion: "No such version" } });
    if (!DELIVERABLE.has(v.promotionState)) {
      throw new AppError("UNPROCESSABLE", `Only blessed or live versions can be pinned; ${module.name}@${pinnedVersion} is ${v.promotionState}.`, {
        fieldErrors: { pinnedVersion: "Must be blessed or live" },
      });
    }
    return v;
  };
  if (change.kind === "assign") {
    const module = catalog.byName.get(change.moduleName);
    if (!module) throw new AppError("NOT_FOUND", `Module ${change.moduleName} not found.`, { fieldErrors: { moduleName: "Unknown module" } });
    if (slots.some((s) => s.module.id === module.id)) throw new AppError("CONFLICT", `${module.name} is already assigned to this template.`);
    const pinned = await pinOf(module, change.pinnedVersion, null);
    return [...slots, slotFor(module, { id: null, enabled: change.enabled ?? true, override: change.effectivePriorityOverride ?? null, pinned })];
  }
  const index = slots.findIndex((s) => s.assignmentId === change.assignmentId);
  if (index < 0) throw new AppError("NOT_FOUND", "Assignment not found.");
  if (change.kind === "unassign") return slots.filter((_, i) => i !== index);
  const slot = slots[index]!;
  const pinned = await pinOf(slot.module, change.pinnedVersion, slot.pinned);
  const next = slotFor(slot.module, {
    id: slot.assignmentId,
    enabled: change.enabled ?? slot.enabled,
    override: change.effectivePriorityOverride !== undefined ? change.effectivePriorityOverride : slot.override,
    pinned,
  });
  return slots.map((s, i) => (i === index ? next : s));
}

async function loadFacts(db: DbLike, versionIds: readonly string[]): Promise<void> {
  const missing = [...new Set(versionIds)].filter((id) => factsCache.get(`v:${id}`) === undefined);
  for (let i = 0; i < missing.length; i += 500) {
    const rows = await db.moduleVersion.findMany({ where: { id: { in: missing.slice(i, i + 500) } }, select: { id: true, manifestYaml: true } });
    for (const row of rows) factsCache.set(`v:${row.id}`, manifestFacts(row.manifestYaml));
  }
}

async function loadDraftFacts(db: DbLike, modules: readonly ModuleRow[]): Promise<void> {
  const missing = modules.filter((m) => factsCache.get(draftKey(m)) === undefined);
  if (missing.length === 0) return;
  const rows = await db.module.findMany({ where: { id: { in: missing.map((m) => m.id) } }, select: { id: true, manifestYaml: true } });
  for (const row of rows) {
    const m = missing.find((x) => x.id === row.id)!;
    factsCache.set(draftKey(m), manifestFacts(row.manifestYaml));
  }
}

function draftKey(m: ModuleRow): string {
  return `d:${m.id}:${m.updatedAt.getTime()}`;
}

async function loadFiles(db: DbLike, versionIds: readonly string[]): Promise<Map<string, readonly string[]>> {
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

// ---------------------------------------------------------------------------------------------------------
// Composing

export type FactsSource = "version" | "draft";

export interface LayerExtra {
  assignmentId: string | null;
  factsSource: FactsSource;
  /** Promotion state of the version that would deploy. */
  versionState: "blessed" | "live" | string | null;
}

export interface Composition {
  fingerprint: string;
  /** The engine's result with the service's own notes merged into the warnings. */
  result: ComposeResult;
  extras: ReadonlyMap<string, LayerExtra>;
  index: OverlayIndex | null;
}

function note(code: string, message: string, module: string, hint?: string): CompositionIssue {
  return {
    code,
    severity: "warning",
    message,
    path: "",
    range: { ...WHOLE_DOCUMENT_RANGE },
    relatedModule: module,
    ...(hint ? { hint } : {}),
    key: `${code}|${module}`,
  };
}

function byKey(a: CompositionIssue, b: CompositionIssue): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * Builds the engine input for slots (+ the rest of the account as the dependency catalog) and composes it,
 * reusing a cached result when nothing that matters changed.
 */
async function composeSlots(db: DbLike, catalog: AccountCatalog, slots: readonly Slot[], candidate: ResolvedCandidate | null): Promise<Composition> {
  const assignedIds = new Set(slots.map((s) => s.module.id));
  const others = catalog.modules.filter((m) => !assignedIds.has(m.id));
  // Facts of every deploying version (cheap after the first time: immutable, cached per version id).
  const drafts = slots.filter((s) => s.versionId === null).map((s) => s.module);
  await loadFacts(db, [
    ...slots.flatMap((s) => (s.versionId ? [s.versionId] : [])),
    ...others.flatMap((m) => (m.live ? [m.live.id] : [])),
    ...(candidate ? [candidate.versionId] : []),
  ]);
  await loadDraftFacts(db, drafts);
  const factsOf = (slot: Slot): ManifestFacts => factsCache.get(slot.versionId ? `v:${slot.versionId}` : draftKey(slot.module)) ?? EMPTY_FACTS;
  const liveFacts = (m: ModuleRow): ManifestFacts => (m.live ? (factsCache.get(`v:${m.live.id}`) ?? EMPTY_FACTS) : EMPTY_FACTS);
  const candidateFacts = candidate ? (factsCache.get(`v:${candidate.versionId}`) ?? EMPTY_FACTS) : null;

  // Only catalog modules reachable through module references can be pulled in: load file lists for those alone.
  const reachable = new Set<string>();
  const queue: string[] = [];
  const visit = (requires: readonly string[]): void => {
    for (const raw of requires) {
      const r = parseRequirement(raw);
      if (r.kind !== "module" || r.owner !== catalog.slug) continue;
      const m = catalog.byName.get(r.module);
      if (!m || assignedIds.has(m.id) || reachable.has(m.id)) continue;
      reachable.add(m.id);
      queue.push(m.id);
    }
  };
  for (const s of slots) if (s.enabled) visit(factsOf(s).requires);
  if (candidateFacts) visit(candidateFacts.requires);
  while (queue.length > 0) {
    const m = catalog.byId.get(queue.shift()!)!;
    visit(m.id === candidate?.module.id && candidateFacts ? candidateFacts.requires : liveFacts(m).requires);
  }

  const skeleton = {
    owner: catalog.slug,
    categories: catalog.categories,
    modules: slots.map((s) => [s.module.id, s.module.name, s.module.categorySlug, s.module.variety, s.module.parentModule, s.module.priority, s.override, s.enabled, s.versionId ?? draftKey(s.module), s.versionSource]),
    catalog: others.map((m) => [m.id, m.name, m.categorySlug, m.variety, m.parentModule, m.priority, m.live?.id ?? null, reachable.has(m.id)]),
    candidate: candidate ? [candidate.module.id, candidate.versionId, candidate.assign] : null,
  };
  const fingerprint = createHash("sha256").update(JSON.stringify(skeleton)).digest("hex").slice(0, 32);
  const cached = resultCache.get(fingerprint);
  if (cached) return cached;

  const fileIds = [
    ...slots.filter((s) => s.enabled && s.versionId).map((s) => s.versionId!),
    ...others.filter((m) => reachable.has(m.id) && m.live).map((m) => m.live!.id),
    ...(candidate ? [candidate.versionId] : []),
  ];
  const files = await loadFiles(db, fileIds);
  const available = (m: ModuleRow) => m.deliverable.map((v) => v.version);

  const notes: CompositionIssue[] = [];
  const extras = new Map<string, LayerExtra>();
  const modules: ComposeModule[] = slots.map((s) => {
    const facts = factsOf(s);
    const m = s.module;
    if (s.enabled && s.ignoredPin)
      notes.push(
        note(
          "template.pin_ignored",
          `${m.name} is pinned to ${s.ignoredPin.version}, which is ${s.ignoredPin.state}; nodes get ${s.version ? `the live version ${s.version}` : "nothing"} instead.`,
          m.name,
          "Pin a blessed or live version, or unpin to follow live.",
        ),
      );
    if (s.enabled && s.versionId === null)
      notes.push(
        note(
          "template.draft_manifest",
          `${m.name} has no pinned or live version: its draft manifest's globs are used and its files are unknown.`,
          m.name,
          "Promote a version to live or pin a blessed one to compose real file lists.",
        ),
      );
    if (s.enabled && s.versionId !== null && !facts.readable)
      notes.push(note("template.manifest_unreadable", `The manifest of ${m.name}${s.version ? `@${s.version}` : " (draft)"} could not be read; its globs and dependencies are unknown.`, m.name));
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
      files: m.live && reachable.has(m.id) ? (files.get(m.live.id) ?? null) : null,
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
  const raw = compose(input);
  const result: ComposeResult = notes.length ? { ...raw, warnings: [...raw.warnings, ...notes].sort(byKey) } : raw;
  const composition: Composition = { fingerprint, result, extras, index: null };
  resultCache.set(fingerprint, composition);
  return composition;
}

// ---------------------------------------------------------------------------------------------------------
// Templates

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

export async function loadAssignments(db: DbLike, accountId: string, templateId: string): Promise<AssignmentRow[]> {
  return db.templateModule.findMany({ where: { templateId, accountId }, select: assignmentSelect, orderBy: { createdAt: "asc" } });
}

function slotsOf(catalog: AccountCatalog, assignments: readonly AssignmentRow[]): Slot[] {
  return assignments.flatMap((a) => {
    const module = catalog.byId.get(a.moduleId);
    if (!module) return [];
    return [slotFor(module, { id: a.id, enabled: a.enabled, override: a.effectivePriorityOverride, pinned: a.pinnedVersion })];
  });
}

export interface TemplateComposition {
  template: TemplateRow;
  catalog: AccountCatalog;
  assignments: AssignmentRow[];
  composition: Composition;
}

/** Loads and composes one template of the caller's account (inside a transaction when given one). */
export async function composeTemplate(
  db: DbLike,
  account: { accountId: string; slug: string },
  templateId: string,
  opts: { candidate?: CandidateInput; change?: ProposedChange } = {},
): Promise<TemplateComposition> {
  const template = await requireTemplate(db, account.accountId, templateId);
  const [catalog, assignments] = await Promise.all([
    loadAccountCatalog(db, account.accountId, account.slug),
    loadAssignments(db, account.accountId, templateId),
  ]);
  const candidate = await resolveCandidate(db, account.accountId, catalog, opts.candidate);
  const slots = await applyProposedChange(db, account.accountId, catalog, slotsOf(catalog, assignments), opts.change);
  const composition = await composeSlots(db, catalog, slots, candidate);
  return { template, catalog, assignments, composition };
}

export type HealthStatus = "errors" | "warnings" | "clean";

export interface TemplateHealth {
  status: HealthStatus;
  errors: number;
  warnings: number;
  conflicts: number;
  /** Errors not covered by the template's override. */
  unacceptedErrors: number;
  /** True when there are errors and every one of them was accepted with a reason. */
  accepted: boolean;
}

export function healthOf(result: Pick<ComposeResult, "errors" | "warnings" | "conflicts">, acceptedKeys: readonly string[]): TemplateHealth {
  const accepted = new Set(acceptedKeys);
  const unaccepted = result.errors.filter((e) => !accepted.has(e.key)).length;
  return {
    status: result.errors.length > 0 ? "errors" : result.warnings.length + result.conflicts.length > 0 ? "warnings" : "clean",
    errors: result.errors.length,
    warnings: result.warnings.length,
    conflicts: result.conflicts.length,
    unacceptedErrors: unaccepted,
    accepted: result.errors.length > 0 && unaccepted === 0,
  };
}

/** Health of many templates at once (the list page): one catalog load, one composition per template (cached). */
export async function templateHealths(
  db: DbLike,
  account: { accountId: string; slug: string },
  templates: ReadonlyArray<{ id: string; overrideErrorKeys: readonly string[] }>,
): Promise<Map<string, TemplateHealth>> {
  const out = new Map<string, TemplateHealth>();
  if (templates.length === 0) return out;
  const catalog = await loadAccountCatalog(db, account.accountId, account.slug);
  const all = await db.templateModule.findMany({
    where: { accountId: account.accountId, templateId: { in: templates.map((t) => t.id) } },
    select: { ...assignmentSelect, templateId: true },
    orderBy: { createdAt: "asc" },
  });
  const byTemplate = new Map<string, AssignmentRow[]>();
  for (const a of all) {
    const list = byTemplate.get(a.templateId) ?? [];
    list.push(a);
    byTemplate.set(a.templateId, list);
  }
  for (const t of templates) {
    const { result } = await composeSlots(db, catalog, slotsOf(catalog, byTemplate.get(t.id) ?? []), null);
    out.set(t.id, healthOf(result, t.overrideErrorKeys));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// DTOs

export interface PreviewLayer {
  index: number;
  name: string;
  label: string;
  owner: string;
  category: string;
  variety: Variety;
  parentModule: string | null;
  version: string | null;
  versionSource: string | null;
  versionState: string | null;
  factsSource: FactsSource;
  effectivePriority: number;
  derivation: PriorityDerivation;
  source: "template" | "dependency" | "candidate";
  viaDependencyOf: string[];
  isCandidate: boolean;
  filesKnown: boolean;
  counts: ComposeResult["layers"][number]["counts"];
  assignmentId: string | null;
  fileSpec: readonly string[];
  mask: readonly string[];
  protectedSpec: readonly string[];
  requires: readonly string[];
  provides: readonly string[];
}

export interface PreviewIssue extends CompositionIssue {
  /** Errors only: covered by the template's override. */
  accepted?: boolean;
}

export interface DisabledAssignment {
  assignmentId: string;
  name: string;
  category: string;
  variety: Variety;
  effectivePriority: number;
  derivation: PriorityDerivation;
}

const MAX_GLOB_OVERLAPS = 500;
const MAX_WINNER_CHANGES = 200;

export interface ComposePreview {
  templateId: string;
  templateName: string;
  fingerprint: string;
  health: TemplateHealth;
  override: { reason: string; at: Date | null; by: string | null; acceptedErrorKeys: string[] } | null;
  layers: PreviewLayer[];
  disabled: DisabledAssignment[];
  dependencies: ResolvedDependency[];
  errors: PreviewIssue[];
  warnings: PreviewIssue[];
  conflicts: PreviewIssue[];
  overlay: {
    mode: ComposeResult["overlay"]["mode"];
    pathCount: number;
    contestedCount: number;
    conflictPathCount: number;
    globOverlaps: Array<{ kind: string; moduleA: string; globA: string; moduleB: string; globB: string; ambiguous: boolean }>;
    globOverlapCount: number;
  };
  candidate: ComposeResult["candidate"];
  /** With a proposed change: what it would introduce or resolve compared with the saved template. */
  diff: (Omit<CompositionDiff, "winnerChanges"> & { winnerChanges: CompositionDiff["winnerChanges"] }) | null;
}

function previewOf(tc: TemplateComposition, diff: CompositionDiff | null): ComposePreview {
  const { template, composition, catalog } = tc;
  const r = composition.result;
  const acceptedKeys = template.overrideReason ? template.overrideErrorKeys : [];
  const accepted = new Set(acceptedKeys);
  const inComposition = new Set(r.layers.map((l) => l.name));
  const disabled: DisabledAssignment[] = [];
  for (const a of tc.assignments) {
    const m = catalog.byId.get(a.moduleId);
    if (!m || a.enabled || inComposition.has(m.name)) continue;
    const derivation = deriveEffectivePriority({
      categorySlug: m.categorySlug,
      categoryPosition: catalog.categories[m.categorySlug],
      variety: m.variety,
      priority: m.priority,
      override: a.effectivePriorityOverride,
    });
    disabled.push({ assignmentId: a.id, name: m.name, category: m.categorySlug, variety: m.variety, effectivePriority: derivation.effective, derivation });
  }
  const label = (i: number) => r.layers[i]?.label ?? `#${i}`;
  return {
    templateId: template.id,
    templateName: template.name,
    fingerprint: composition.fingerprint,
    health: healthOf(r, acceptedKeys),
    override: template.overrideReason
      ? { reason: template.overrideReason, at: template.overrideAt, by: template.overrideBy, acceptedErrorKeys: template.overrideErrorKeys }
      : null,
    layers: r.layers.map((l) => {
      const extra = composition.extras.get(l.name);
      return {
        index: l.index,
        name: l.name,
        label: l.label,
        owner: l.owner,
        category: l.category,
        variety: l.variety,
        parentModule: l.parentModule,
        version: l.version,
        versionSource: l.versionSource,
        versionState: l.versionSource === "live" && !l.isCandidate ? "live" : (extra?.versionState ?? null),
        factsSource: l.source === "dependency" ? "version" : (extra?.factsSource ?? "version"),
        effectivePriority: l.effectivePriority,
        derivation: l.derivation,
        source: l.source,
        viaDependencyOf: l.viaDependencyOf,
        isCandidate: l.isCandidate,
        filesKnown: l.filesKnown,
        counts: l.counts,
        assignmentId: l.source === "dependency" ? null : (extra?.assignmentId ?? null),
        fileSpec: l.fileSpec,
        mask: l.mask,
        protectedSpec: l.protectedSpec,
        requires: l.requires,
        provides: l.provides,
      };
    }),
    disabled: disabled.sort((a, b) => a.effectivePriority - b.effectivePriority || (a.name < b.name ? -1 : 1)),
    dependencies: r.dependencies,
    errors: r.errors.map((e) => ({ ...e, accepted: accepted.has(e.key) })),
    warnings: r.warnings,
    conflicts: r.conflicts,
    overlay: {
      mode: r.overlay.mode,
      pathCount: r.overlay.pathCount,
      contestedCount: r.overlay.contestedCount,
      conflictPathCount: r.overlay.conflictPathCount,
      globOverlaps: r.overlay.globOverlaps.slice(0, MAX_GLOB_OVERLAPS).map((g) => ({
        kind: g.kind,
        moduleA: label(g.layerA),
        globA: g.globA,
        moduleB: label(g.layerB),
        globB: g.globB,
        ambiguous: g.ambiguous,
      })),
      globOverlapCount: r.overlay.globOverlaps.length,
    },
    candidate: r.candidate,
    diff,
  };
}

function accountOf(ctx: ServiceContext) {
  return { accountId: ctx.actor.accountId, slug: ctx.actor.accountSlug };
}

/**
 * The template's composition as it would deploy, optionally with a what-if candidate version and/or a proposed
 * assignment change (then `diff` says what the change would introduce or resolve).
 */
export async function composePreview(
  ctx: ServiceContext,
  templateId: string,
  opts: { candidate?: CandidateInput; change?: ProposedChange } = {},
): Promise<ComposePreview> {
  const tc = await composeTemplate(ctx.db, accountOf(ctx), templateId, opts);
  let diff: CompositionDiff | null = null;
  if (opts.change) {
    const base = await composeTemplate(ctx.db, accountOf(ctx), templateId, { candidate: opts.candidate });
    diff = diffCompositions(base.composition.result, tc.composition.result, { maxWinnerChanges: MAX_WINNER_CHANGES });
  }
  return previewOf(tc, diff);
}

export type IncludePaths = "none" | "contested" | "all";

export interface ExternalTemplateRef {
  id: string;
  name: string;
  health: HealthStatus;
  errors_accepted: boolean;
  override_reason: string | null;
  override_at: string | null;
  override_by: string | null;
}

/** The snake_case form for REST and the CLI: `toExternalComposeResult` plus the template and its health. */
export async function composePreviewExternal(
  ctx: ServiceContext,
  templateId: string,
  opts: { candidate?: CandidateInput; includePaths?: IncludePaths } = {},
): Promise<ExternalComposeResult & { template: ExternalTemplateRef }> {
  const tc = await composeTemplate(ctx.db, accountOf(ctx), templateId, { candidate: opts.candidate });
  const r = tc.composition.result;
  const t = tc.template;
  const health = healthOf(r, t.overrideReason ? t.overrideErrorKeys : []);
  const external = toExternalComposeResult(r, { includePaths: opts.includePaths === "none" || !opts.includePaths ? false : opts.includePaths });
  return {
    template: {
      id: t.id,
      name: t.name,
      health: health.status,
      errors_accepted: health.accepted,
      override_reason: t.overrideReason,
      override_at: t.overrideAt?.toISOString() ?? null,
      override_by: t.overrideBy,
    },
    ...external,
  };
}

function indexOf(composition: Composition): OverlayIndex {
  composition.index ??= buildOverlayIndex(composition.result);
  return composition.index;
}

export interface OverlayResponse extends OverlayPage {
  fingerprint: string;
  mode: "children" | "glob" | "substring";
  dir: string;
  /** Layer labels by index (rows refer to layers by index). */
  layers: string[];
  pathCount: number;
}

/** One directory's children, or a path search, of the composed filesystem (filtered, paged). */
export async function templateOverlay(ctx: ServiceContext, input: OverlayQueryInput): Promise<OverlayResponse> {
  const { composition } = await composeTemplate(ctx.db, accountOf(ctx), input.templateId, { candidate: input.candidate });
  const index = indexOf(composition);
  const layers = composition.result.layers.map((l) => l.label);
  const base = { fingerprint: composition.fingerprint, layers, pathCount: composition.result.overlay.pathCount };
  if (input.search) {
    const page = searchPaths(index, { query: input.search, filter: input.filter, module: input.module, cursor: input.cursor, limit: input.limit });
    return { ...base, ...page, dir: "", mode: page.mode };
  }
  const dir = input.dir === "/" ? "" : input.dir;
  const page = listChildren(index, { dir, filter: input.filter, module: input.module, cursor: input.cursor, limit: input.limit });
  return { ...base, ...page, dir, mode: "children" };
}

/** Everything about one path: winner, shadowed layers, dropped copies with the protecting module and glob. */
export async function templateOverlayPath(ctx: ServiceContext, input: { templateId: string; candidate?: CandidateInput; path: string }): Promise<PathStory & { fingerprint: string }> {
  const { composition } = await composeTemplate(ctx.db, accountOf(ctx), input.templateId, { candidate: input.candidate });
  return { ...describePath(composition.result, input.path), fingerprint: composition.fingerprint };
}
