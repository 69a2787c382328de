/**
 * Input and output types of the composition engine. Independent of the manifest parser: services map
 * Prisma rows / parsed manifests into these plain objects.
 */
import type { Issue } from "@/server/domain/issues";

export type Variety = "subscription" | "config" | "instance";

/** Where the version that would deploy comes from. */
export type VersionSource = "pinned" | "live" | "candidate";

/** The manifest facts of the version that would deploy, plus its file list when known. */
export interface ModuleFacts {
  /** rsync-style globs the module ships. */
  fileSpec?: readonly string[];
  /** Globs excluded from this module's own artifact. */
  mask?: readonly string[];
  /** Globs this module owns: no other module of the composition may ship them. */
  protectedSpec?: readonly string[];
  /** `owner/module@range` or `capability:tag[@range]`. */
  requires?: readonly string[];
  /** Capability tags: `tag`, `tag@1.2.0` (versioned) or `key:value` (exclusive, e.g. `http.port:80`). */
  provides?: readonly string[];
  /** The version's shipped file list (absolute paths, no directories), when known. */
  files?: readonly string[] | null;
}

/** A template assignment (TemplateModule + its module's registration + the deploying version's facts). */
export interface ComposeModule extends ModuleFacts {
  name: string;
  /** Defaults to the input's owner. */
  owner?: string;
  /** Category slug; its position comes from `ComposeInput.categories`. */
  category: string;
  variety: Variety;
  parentModule?: string | null;
  /** 0–999, the tie-breaker inside a category. */
  priority: number;
  effectivePriorityOverride?: number | null;
  /** Disabled assignments take no part in the composition. Default true. */
  enabled?: boolean;
  /** The version that would deploy (pinned, else live); null/absent when there is none. */
  version?: string | null;
  versionSource?: VersionSource | null;
  /** Other versions of the module (e.g. blessed ones), only used for hints. */
  availableVersions?: readonly string[];
}

/** A registered module that is not assigned to the template; pulled in when something requires it. */
export interface CatalogModule extends ModuleFacts {
  name: string;
  owner?: string;
  category: string;
  variety: Variety;
  parentModule?: string | null;
  priority: number;
  /** The version a dependency would deploy: the module's live version. */
  version?: string | null;
  availableVersions?: readonly string[];
}

/**
 * A what-if version. It replaces the deploying version of the module wherever the module is (template
 * assignment, else catalog entry); when the module is in neither, or `assign` is true and it is only in the
 * catalog, it is added to the template (registration fields then come from the catalog entry or the candidate).
 * Absent manifest fields inherit from the version being replaced; `files` absent means "unknown".
 */
export interface CompositionCandidate extends ModuleFacts {
  moduleName: string;
  owner?: string;
  version: string;
  assign?: boolean;
  category?: string;
  variety?: Variety;
  parentModule?: string | null;
  priority?: number;
}

export interface ComposeInput {
  /** Account slug: the owner part of `owner/module@range`. */
  owner: string;
  /** Category slug → position. */
  categories: Readonly<Record<string, number>>;
  /** The template's assignments. */
  modules: readonly ComposeModule[];
  /** Other registered modules that dependencies may pull in. */
  catalog?: readonly CatalogModule[];
  candidate?: CompositionCandidate | null;
}

export interface ComposeOptions {
  /** Overrides `input.candidate`. */
  candidate?: CompositionCandidate | null;
}

// ---------------------------------------------------------------------------------------------------------
// Result

export interface PriorityDerivation {
  kind: "derived" | "override";
  categorySlug: string;
  categoryPosition: number;
  categoryKnown: boolean;
  variety: Variety;
  varietyRank: number;
  modulePriority: number;
  /** `(position + rank) × 1000 + priority`, whether or not it is overridden. */
  derived: number;
  override: number | null;
  effective: number;
  /** What the UI shows, e.g. `(userland 90 + config 1) × 1000 + 5 = 91005`, `override 95000 (derived would be 90005)`. */
  text: string;
  /** The formula with the numbers, even when overridden. */
  formula: string;
}

export interface LayerCounts {
  /** Entries of the file list (duplicates and invalid entries included). */
  listed: number;
  /** Paths the layer ships (in file_spec, not masked, not protected away). */
  shipped: number;
  /** Shipped paths this layer wins (no higher layer ships them). */
  winning: number;
  /** Shipped paths a higher layer also ships. */
  shadowed: number;
  droppedByMask: number;
  /** Dropped because another module protects the path. */
  droppedByProtection: number;
  /** Dropped because two modules protect the path. */
  droppedByConflict: number;
  /** Listed but matching no file_spec glob. */
  outsideFileSpec: number;
  /** Entries that are not absolute file paths (relative, or a directory ending in `/`). */
  invalidPaths: number;
  /** Entries listed twice by the same module. */
  duplicates: number;
}

export type LayerSource = "template" | "dependency" | "candidate";

export interface Layer {
  /** Position in `layers` (ascending effective priority); overlay entries refer to layers by this index. */
  index: number;
  name: string;
  owner: string;
  /** `name` when the owner is the composition's owner, else `owner/name`. */
  label: string;
  category: string;
  variety: Variety;
  parentModule: string | null;
  version: string | null;
  versionSource: VersionSource | null;
  effectivePriority: number;
  derivation: PriorityDerivation;
  /** `template`: assigned; `dependency`: pulled in only as a dependency; `candidate`: added by the what-if. */
  source: LayerSource;
  /** Modules whose requirements pulled this one in ("via nginx"); empty for template layers. */
  viaDependencyOf: string[];
  /** This layer uses the what-if candidate version. */
  isCandidate: boolean;
  filesKnown: boolean;
  counts: LayerCounts;
  /** JSON pointer of the module in the compose input (`/modules/3`, `/catalog/0`, `/candidate`). */
  pointer: string;
  fileSpec: readonly string[];
  mask: readonly string[];
  protectedSpec: readonly string[];
  requires: readonly string[];
  provides: readonly string[];
}

export type DependencyStatus = "satisfied" | "missing" | "disabled" | "unsatisfied" | "invalid";

export interface ResolvedDependency {
  /** Label of the requiring module. */
  from: string;
  requirement: string;
  kind: "module" | "capability";
  /** `owner/module` or the capability tag. */
  target: string;
  /** The semver range, null when none was given. */
  range: string | null;
  status: DependencyStatus;
  /** The module that satisfies it (for capabilities, the highest layer among `providers`). */
  resolvedModule: string | null;
  resolvedVersion: string | null;
  /** Capabilities: every module of the composition that provides the tag and satisfies the range. */
  providers: string[];
  /** The target was pulled into the composition by dependencies (not assigned). */
  pulledIn: boolean;
  pointer: string;
}

export type DropReason = "outside_file_spec" | "mask" | "protected" | "protected_conflict";

export interface DropRecord {
  /** Layer whose copy was dropped. */
  layer: number;
  reason: DropReason;
  /** Layer whose protected glob dropped it (`protected`, `protected_conflict`), else null. */
  byLayer: number | null;
  /** The glob that matched: a protected_spec glob of `byLayer`, or an own mask glob. */
  glob: string | null;
}

export interface PathDetail {
  /** Layers below the winner that also ship the path, ascending. */
  shadowed: number[];
  dropped: DropRecord[];
  /** Set when two or more layers protect the path (a protected-path conflict): those layers, ascending. */
  protectors: number[] | null;
}

export type GlobOverlapKind = "shadow" | "protected_drop" | "protected_conflict";

/**
 * A glob-level finding, computed for pairs of layers where at least one file list is unknown.
 * - `shadow`: layerA (lower) and layerB (higher) may ship a common path; B would win it.
 * - `protected_drop`: layerA's file_spec glob reaches into layerB's protected glob; A's copies would be dropped.
 * - `protected_conflict`: both layers protect overlapping globs (computed for every pair).
 */
export interface GlobOverlap {
  kind: GlobOverlapKind;
  layerA: number;
  globA: string;
  layerB: number;
  globB: string;
  /** shadow only: the two layers have the same effective priority. */
  ambiguous: boolean;
  /** A path both globs cover; null when the overlap search ran out of steps (counted as an overlap). */
  example: string | null;
}

export type OverlayMode = "files" | "globs" | "mixed" | "empty";

/**
 * Compact per-path overlay. Path ids index `paths` and `winner`; only contested paths (shadowed, dropped or
 * protected by two modules) have an entry in `details`. Use the accessors in `overlay.ts` for names.
 */
export interface Overlay {
  mode: OverlayMode;
  paths: readonly string[];
  /** Winning layer index per path id, -1 when nobody ships the path. */
  winner: Int32Array;
  details: ReadonlyMap<number, PathDetail>;
  /** Directory (`/etc/nginx`, root `""`) → its files (full path → path id). Use `pathId()` to look a path up. */
  directories: ReadonlyMap<string, { readonly files: ReadonlyMap<string, number> | null }>;
  pathCount: number;
  contestedCount: number;
  conflictPathCount: number;
  globOverlaps: GlobOverlap[];
}

export interface ComposeResult {
  layers: Layer[];
  dependencies: ResolvedDependency[];
  overlay: Overlay;
  errors: CompositionIssue[];
  warnings: CompositionIssue[];
  conflicts: CompositionIssue[];
  candidate: { module: string; version: string; placement: "template" | "catalog" | "added" } | null;
}

/** An Issue plus a stable identity (independent of input order and counts) used by `diffCompositions`. */
export interface CompositionIssue extends Issue {
  key: string;
}
