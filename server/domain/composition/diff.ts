/**
 * Compare two compositions of the same template — typically the baseline and a what-if preview with a
 * candidate version — so the approval view can show, in red, what a promotion would introduce.
 */
import { pathId } from "./overlay";
import type { ComposeResult, CompositionIssue } from "./types";

export interface WinnerChange {
  path: string;
  /** Winning module label before / after; null when nobody shipped / ships the path. */
  before: string | null;
  after: string | null;
}

export type LayerChangeKind = "added" | "removed" | "version" | "priority";

export interface LayerChange {
  module: string;
  change: LayerChangeKind;
  before: string | number | null;
  after: string | number | null;
}

export interface CompositionDiff {
  newErrors: CompositionIssue[];
  newConflicts: CompositionIssue[];
  newWarnings: CompositionIssue[];
  resolvedErrors: CompositionIssue[];
  resolvedConflicts: CompositionIssue[];
  resolvedWarnings: CompositionIssue[];
  /** Sorted by path; at most `maxWinnerChanges` entries. */
  winnerChanges: WinnerChange[];
  winnerChangeCount: number;
  winnerChangesTruncated: boolean;
  layerChanges: LayerChange[];
  /** True when `after` has an error or conflict that `before` does not. */
  introducesProblems: boolean;
}

export interface DiffOptions {
  /** Cap on listed winner changes (all are counted). Default 10,000. */
  maxWinnerChanges?: number;
}

function splitIssues(before: CompositionIssue[], after: CompositionIssue[]): [CompositionIssue[], CompositionIssue[]] {
  const b = new Set(before.map((i) => i.key));
  const a = new Set(after.map((i) => i.key));
  return [after.filter((i) => !b.has(i.key)), before.filter((i) => !a.has(i.key))];
}

/**
 * Issues are matched by their stable key (code + the modules/globs/requirement involved, never counts or input
 * positions), so an issue whose count changed is neither new nor resolved.
 */
export function diffCompositions(before: ComposeResult, after: ComposeResult, opts: DiffOptions = {}): CompositionDiff {
  const max = opts.maxWinnerChanges ?? 10_000;
  const [newErrors, resolvedErrors] = splitIssues(before.errors, after.errors);
  const [newConflicts, resolvedConflicts] = splitIssues(before.conflicts, after.conflicts);
  const [newWarnings, resolvedWarnings] = splitIssues(before.warnings, after.warnings);

  const labelAt = (r: ComposeResult, id: number | undefined): string | null => {
    if (id === undefined) return null;
    const w = r.overlay.winner[id] ?? -1;
    return w >= 0 ? (r.layers[w]?.label ?? null) : null;
  };
  const changed: Array<{ path: string; before: string | null; after: string | null }> = [];
  let count = 0;
  const push = (path: string, b: string | null, a: string | null): void => {
    count++;
    changed.push({ path, before: b, after: a });
  };
  const ap = after.overlay.paths;
  for (let id = 0; id < after.overlay.pathCount; id++) {
    const path = ap[id]!;
    const a = labelAt(after, id);
    const b = labelAt(before, pathId(before.overlay, path));
    if (a !== b) push(path, b, a);
  }
  const bp = before.overlay.paths;
  for (let id = 0; id < before.overlay.pathCount; id++) {
    const path = bp[id]!;
    if (pathId(after.overlay, path) !== undefined) continue;
    const b = labelAt(before, id);
    if (b !== null) push(path, b, null);
  }
  changed.sort((x, y) => (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));

  const layerChanges: LayerChange[] = [];
  const beforeLayers = new Map(before.layers.map((l) => [l.label, l]));
  const afterLayers = new Map(after.layers.map((l) => [l.label, l]));
  for (const [label, l] of afterLayers) {
    const prev = beforeLayers.get(label);
    if (prev === undefined) {
      layerChanges.push({ module: label, change: "added", before: null, after: l.version });
      continue;
    }
    if (prev.version !== l.version) layerChanges.push({ module: label, change: "version", before: prev.version, after: l.version });
    if (prev.effectivePriority !== l.effectivePriority)
      layerChanges.push({ module: label, change: "priority", before: prev.effectivePriority, after: l.effectivePriority });
  }
  for (const [label, l] of beforeLayers)
    if (!afterLayers.has(label)) layerChanges.push({ module: label, change: "removed", before: l.version, after: null });
  layerChanges.sort((x, y) => (x.module < y.module ? -1 : x.module > y.module ? 1 : x.change < y.change ? -1 : 1));

  return {
    newErrors,
    newConflicts,
    newWarnings,
    resolvedErrors,
    resolvedConflicts,
    resolvedWarnings,
    winnerChanges: changed.slice(0, max),
    winnerChangeCount: count,
    winnerChangesTruncated: count > max,
    layerChanges,
    introducesProblems: newErrors.length > 0 || newConflicts.length > 0,
  };
}
