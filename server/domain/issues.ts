/**
 * The one Issue shape every validator in Strata speaks (docs/manifest-validation.md): manifest validation, composition
 * preview, dependency resolution. Internal code uses camelCase; adapters (REST, CLI --json) convert to snake_case.
 */
export type IssueSeverity = "error" | "warning" | "conflict";

/** 1-based, inclusive start, exclusive-or-equal end column, as Monaco markers expect. */
export interface SourceRange {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** A machine-applicable fix: replace the text in `range` with `text`. Several edits apply together. */
export interface TextEdit {
  range: SourceRange;
  text: string;
}

export interface QuickFix {
  title: string;
  edits: TextEdit[];
}

export interface Issue {
  code: string;
  severity: IssueSeverity;
  message: string;
  /** JSON pointer into the document, e.g. `/services/0/name`; `""` for the whole document. */
  path: string;
  range: SourceRange;
  hint?: string;
  relatedModule?: string;
  fix?: QuickFix;
}

export const WHOLE_DOCUMENT_RANGE: SourceRange = { startLine: 1, startColumn: 1, endLine: 1, endColumn: 1 };
