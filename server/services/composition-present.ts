/**
 * Shapes a template's composition for its readers (docs/templates.md): the editor's preview (layers with what the
 * service knows about them, disabled assignments at their would-be priority, accepted errors marked, capped
 * glob-level overlaps) and the snake_case form REST and the CLI share (`toExternalComposeResult` plus the template
 * and its health).
 */
import "server-only";
import {
  deriveEffectivePriority,
  healthOf,
  toExternalComposeResult,
  type ComposeResult,
  type CompositionDiff,
  type CompositionIssue,
  type ExternalComposeResult,
  type HealthStatus,
  type PriorityDerivation,
  type ResolvedDependency,
  type TemplateHealth,
  type Variety,
} from "../domain/composition";
import type { FactsSource, TemplateComposition } from "./composition-compose";

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

export function previewOf(tc: TemplateComposition, diff: CompositionDiff | null): ComposePreview {
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
export function externalPreviewOf(tc: TemplateComposition, includePaths: IncludePaths | undefined): ExternalComposeResult & { template: ExternalTemplateRef } {
  const r = tc.composition.result;
  const t = tc.template;
  const health = healthOf(r, t.overrideReason ? t.overrideErrorKeys : []);
  const external = toExternalComposeResult(r, { includePaths: includePaths === "none" || !includePaths ? false : includePaths });
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
