/**
 * The external (snake_case) shape of validation results, shared by REST and `strata validate --json`
 * (docs/manifest-validation.md: external JSON uses snake_case keys throughout; code inside uses camelCase).
 */
import type { Issue, QuickFix, SourceRange, TextEdit } from "../issues";
import type { ValidationResult } from "./validate";

export interface ExternalSourceRange {
  start_line: number;
  start_column: number;
  end_line: number;
  end_column: number;
}

export interface ExternalTextEdit {
  range: ExternalSourceRange;
  text: string;
}

export interface ExternalQuickFix {
  title: string;
  edits: ExternalTextEdit[];
}

export interface ExternalIssue {
  code: string;
  severity: Issue["severity"];
  message: string;
  path: string;
  range: ExternalSourceRange;
  hint?: string;
  related_module?: string;
  fix?: ExternalQuickFix;
}

export interface ExternalValidationResult {
  valid: boolean;
  errors: ExternalIssue[];
  warnings: ExternalIssue[];
  conflicts: ExternalIssue[];
}

export function toSnakeCaseRange(range: SourceRange): ExternalSourceRange {
  return {
    start_line: range.startLine,
    start_column: range.startColumn,
    end_line: range.endLine,
    end_column: range.endColumn,
  };
}

function toSnakeCaseEdit(edit: TextEdit): ExternalTextEdit {
  return { range: toSnakeCaseRange(edit.range), text: edit.text };
}

function toSnakeCaseFix(fix: QuickFix): ExternalQuickFix {
  return { title: fix.title, edits: fix.edits.map(toSnakeCaseEdit) };
}

/** Explicit field by field, so a new camelCase field cannot leak into the external API unconverted. */
export function toSnakeCaseIssue(issue: Issue): ExternalIssue {
  return {
    code: issue.code,
    severity: issue.severity,
    message: issue.message,
    path: issue.path,
    range: toSnakeCaseRange(issue.range),
    ...(issue.hint !== undefined ? { hint: issue.hint } : {}),
    ...(issue.relatedModule !== undefined ? { related_module: issue.relatedModule } : {}),
    ...(issue.fix !== undefined ? { fix: toSnakeCaseFix(issue.fix) } : {}),
  };
}

export function toSnakeCaseResult(result: ValidationResult): ExternalValidationResult {
  return {
    valid: result.valid,
    errors: result.errors.map(toSnakeCaseIssue),
    warnings: result.warnings.map(toSnakeCaseIssue),
    conflicts: result.conflicts.map(toSnakeCaseIssue),
  };
}
