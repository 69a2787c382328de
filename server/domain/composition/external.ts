/**
 * The JSON form of a composition (REST, CLI --json): snake_case keys, module labels instead of layer
 * indices, and the per-path overlay only when asked for (it can hold a million paths).
 */
import type { Issue } from "@/server/domain/issues";
import { overlayEntries } from "./overlay";
import type { ComposeResult, DropReason, GlobOverlapKind, LayerSource, Variety, VersionSource } from "./types";

export interface ExternalIssue {
  code: string;
  severity: Issue["severity"];
  message: string;
  path: string;
  range: { start_line: number; start_column: number; end_line: number; end_column: number };
  hint?: string;
  related_module?: string;
}

export interface ExternalLayer {
  index: number;
  module: string;
  owner: string;
  version: string | null;
  version_source: VersionSource | null;
  category: string;
  variety: Variety;
  parent_module: string | null;
  effective_priority: number;
  derivation: {
    kind: "derived" | "override";
    category: string;
    category_position: number;
    variety_rank: number;
    module_priority: number;
    derived: number;
    override: number | null;
    effective: number;
    text: string;
  };
  source: LayerSource;
  via_dependency_of: string[];
  is_candidate: boolean;
  files_known: boolean;
  counts: {
    listed: number;
    shipped: number;
    winning: number;
    shadowed: number;
    dropped_by_mask: number;
    dropped_by_protection: number;
    dropped_by_conflict: number;
    outside_file_spec: number;
    invalid_paths: number;
    duplicates: number;
  };
  file_spec: readonly string[];
  mask: readonly string[];
  protected_spec: readonly string[];
  requires: readonly string[];
  provides: readonly string[];
}

export interface ExternalDependency {
  from: string;
  requirement: string;
  kind: "module" | "capability";
  target: string;
  range: string | null;
  status: string;
  resolved_module: string | null;
  resolved_version: string | null;
  providers: string[];
  pulled_in: boolean;
}

export interface ExternalPathEntry {
  path: string;
  winner: string | null;
  shadowed: string[];
  dropped: Array<{ module: string; reason: DropReason; by_module: string | null; glob: string | null }>;
  protectors: string[] | null;
}

export interface ExternalComposeResult {
  layers: ExternalLayer[];
  dependencies: ExternalDependency[];
  overlay: {
    mode: string;
    path_count: number;
    contested_path_count: number;
    conflict_path_count: number;
    glob_overlaps: Array<{ kind: GlobOverlapKind; module_a: string; glob_a: string; module_b: string; glob_b: string; ambiguous: boolean }>;
    /** Present only when requested; sorted by path. */
    paths?: ExternalPathEntry[];
  };
  errors: ExternalIssue[];
  warnings: ExternalIssue[];
  conflicts: ExternalIssue[];
  candidate: { module: string; version: string; placement: string } | null;
  summary: { error_count: number; warning_count: number; conflict_count: number; can_save: boolean };
}

export function issueToExternal(issue: Issue): ExternalIssue {
  const out: ExternalIssue = {
    code: issue.code,
    severity: issue.severity,
    message: issue.message,
    path: issue.path,
    range: {
      start_line: issue.range.startLine,
      start_column: issue.range.startColumn,
      end_line: issue.range.endLine,
      end_column: issue.range.endColumn,
    },
  };
  if (issue.hint !== undefined) out.hint = issue.hint;
  if (issue.relatedModule !== undefined) out.related_module = issue.relatedModule;
  return out;
}

export interface ExternalOptions {
  /** `true`/`"all"`: every path; `"contested"`: only shadowed/dropped/conflicting paths; default none. */
  includePaths?: boolean | "all" | "contested";
}

export function toExternalComposeResult(result: ComposeResult, opts: ExternalOptions = {}): ExternalComposeResult {
  const label = (i: number): string => result.layers[i]?.label ?? `#${i}`;
  const o = result.overlay;
  const overlay: ExternalComposeResult["overlay"] = {
    mode: o.mode,
    path_count: o.pathCount,
    contested_path_count: o.contestedCount,
    conflict_path_count: o.conflictPathCount,
    glob_overlaps: o.globOverlaps.map((g) => ({
      kind: g.kind,
      module_a: label(g.layerA),
      glob_a: g.globA,
      module_b: label(g.layerB),
      glob_b: g.globB,
      ambiguous: g.ambiguous,
    })),
  };
  const include = opts.includePaths;
  if (include === true || include === "all" || include === "contested") {
    const paths: ExternalPathEntry[] = [];
    for (const e of overlayEntries(result, { contestedOnly: include === "contested", sorted: true })) {
      paths.push({
        path: e.path,
        winner: e.winner,
        shadowed: e.shadowed,
        dropped: e.dropped.map((d) => ({ module: d.module, reason: d.reason, by_module: d.byModule, glob: d.glob })),
        protectors: e.protectors,
      });
    }
    overlay.paths = paths;
  }
  return {
    layers: result.layers.map((l) => ({
      index: l.index,
      module: l.label,
      owner: l.owner,
      version: l.version,
      version_source: l.versionSource,
      category: l.category,
      variety: l.variety,
      parent_module: l.parentModule,
      effective_priority: l.effectivePriority,
      derivation: {
        kind: l.derivation.kind,
        category: l.derivation.categorySlug,
        category_position: l.derivation.categoryPosition,
        variety_rank: l.derivation.varietyRank,
        module_priority: l.derivation.modulePriority,
        derived: l.derivation.derived,
        override: l.derivation.override,
        effective: l.derivation.effective,
        text: l.derivation.text,
      },
      source: l.source,
      via_dependency_of: l.viaDependencyOf,
      is_candidate: l.isCandidate,
      files_known: l.filesKnown,
      counts: {
        listed: l.counts.listed,
        shipped: l.counts.shipped,
        winning: l.counts.winning,
        shadowed: l.counts.shadowed,
        dropped_by_mask: l.counts.droppedByMask,
        dropped_by_protection: l.counts.droppedByProtection,
        dropped_by_conflict: l.counts.droppedByConflict,
        outside_file_spec: l.counts.outsideFileSpec,
        invalid_paths: l.counts.invalidPaths,
        duplicates: l.counts.duplicates,
      },
      file_spec: l.fileSpec,
      mask: l.mask,
      protected_spec: l.protectedSpec,
      requires: l.requires,
      provides: l.provides,
    })),
    dependencies: result.dependencies.map((d) => ({
      from: d.from,
      requirement: d.requirement,
      kind: d.kind,
      target: d.target,
      range: d.range,
      status: d.status,
      resolved_module: d.resolvedModule,
      resolved_version: d.resolvedVersion,
      providers: d.providers,
      pulled_in: d.pulledIn,
    })),
    overlay,
    errors: result.errors.map(issueToExternal),
    warnings: result.warnings.map(issueToExternal),
    conflicts: result.conflicts.map(issueToExternal),
    candidate: result.candidate,
    summary: {
      error_count: result.errors.length,
      warning_count: result.warnings.length,
      conflict_count: result.conflicts.length,
      can_save: result.errors.length === 0,
    },
  };
}
