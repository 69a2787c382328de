/**
 * Issue → Monaco marker. Pure (the MarkerSeverity values are passed in), so the mapping is unit-tested without a
 * browser.
 *
 * Monaco has four severities (Error, Warning, Info, Hint) and Strata three (error, warning, conflict). Conflicts
 * map to **Info**: nothing else in Strata's editors emits Info markers (monaco-yaml's own validation is off), and
 * the Strata themes colour Info squiggles, overview-ruler marks and F8 navigation violet (components/monaco).
 */
import type { Issue, IssueSeverity } from "@/server/domain/issues";

export const MARKER_OWNER = "strata";

export interface MarkerSeverities {
  Error: number;
  Warning: number;
  Info: number;
}

export interface MarkerLike {
  severity: number;
  message: string;
  code: string;
  source: string;
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
}

export function markerSeverity(severity: IssueSeverity, s: MarkerSeverities): number {
  return severity === "error" ? s.Error : severity === "warning" ? s.Warning : s.Info;
}

/** The hover text: the message, the hint, and who the conflict is with. */
export function markerMessage(issue: Issue): string {
  const parts = [issue.message];
  if (issue.relatedModule) parts.push(`Conflicts with module ${issue.relatedModule}.`);
  if (issue.hint) parts.push(issue.hint);
  if (issue.fix) parts.push(`Quick fix available: ${issue.fix.title} (Ctrl+.)`);
  return parts.join("\n");
}

export function toMarker(issue: Issue, s: MarkerSeverities): MarkerLike {
  return {
    severity: markerSeverity(issue.severity, s),
    message: markerMessage(issue),
    code: issue.code,
    source: issue.severity === "conflict" ? "strata (conflict)" : "strata",
    startLineNumber: issue.range.startLine,
    startColumn: issue.range.startColumn,
    endLineNumber: issue.range.endLine,
    endColumn: issue.range.endColumn,
  };
}
