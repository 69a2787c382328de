/**
 * Merging the browser's validation (instant, no account context) with the server's (account-aware, debounced)
 * into the one list of problems the editor shows. Pure: unit-tested, no React, no Monaco.
 */
import type { Issue, IssueSeverity, SourceRange } from "@/server/domain/issues";
import type { ValidationResult } from "@/server/domain/manifest/validate";
import { LineIndex } from "@/server/domain/manifest/text";

/** Codes only the server can produce: they need the account's other modules, versions or categories. */
export const ACCOUNT_ISSUE_CODES: ReadonlySet<string> = new Set([
  "requires.unknown_module",
  "requires.unsatisfied_range",
  "requires.unknown_capability",
  "requires.cross_account",
  "requires.cycle",
  "conflict.protected_path",
  "conflict.file_spec_protected",
  "capability.exclusive_clash",
  "category.unknown",
]);

export function isAccountIssue(issue: Issue): boolean {
  return ACCOUNT_ISSUE_CODES.has(issue.code);
}

function rangeKey(r: SourceRange): string {
  return `${r.startLine}:${r.startColumn}-${r.endLine}:${r.endColumn}`;
}

/** Identity of a problem for de-duplication: the same code on the same characters is the same problem. */
export function issueKey(issue: Issue): string {
  return `${issue.code}@${rangeKey(issue.range)}`;
}

/**
 * Whether the text has problems that make account checks pointless: YAML that does not parse (or input over the
 * limits) gives the server nothing to check, so the request is skipped until it parses again.
 */
export function hasBlockingErrors(result: ValidationResult): boolean {
  return result.errors.some((i) => i.code.startsWith("yaml.") || i.code.startsWith("input.") || i.code === "manifest.empty");
}

export interface ServerValidation {
  /** The exact text the server validated. */
  text: string;
  result: ValidationResult;
  /**
   * From a rejected save: the server's verdict on this text, shown in full (deduplicated against the local
   * issues) rather than only its account-level part.
   */
  authoritative?: boolean;
}

export interface MergedProblems {
  errors: Issue[];
  warnings: Issue[];
  conflicts: Issue[];
  /** Everything, sorted by position then severity. */
  all: Issue[];
  /** Whether server (account) issues for exactly this text are included. */
  accountChecked: boolean;
}

const SEVERITY_ORDER: Record<IssueSeverity, number> = { error: 0, conflict: 1, warning: 2 };

function byPosition(a: Issue, b: Issue): number {
  return (
    a.range.startLine - b.range.startLine ||
    a.range.startColumn - b.range.startColumn ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
  );
}

function textAt(lines: LineIndex, range: SourceRange): string | null {
  if (range.startLine > lines.lineCount || range.endLine > lines.lineCount) return null;
  const start = lines.offset(range.startLine, range.startColumn);
  const end = lines.offset(range.endLine, range.endColumn);
  return lines.text.slice(start, end);
}

/**
 * local ∪ the server's account-level issues, de-duplicated by code + range.
 *
 * When the server answered for an older text (the author kept typing), its account issues are kept only where
 * the characters they underline are unchanged at the same position — so conflicts do not flicker away on every
 * keystroke, yet never point at text that moved. The next server answer replaces them.
 */
export function mergeProblems(local: ValidationResult, server: ServerValidation | null, currentText: string): MergedProblems {
  const seen = new Set<string>();
  const all: Issue[] = [];
  const add = (issue: Issue) => {
    const key = issueKey(issue);
    if (seen.has(key)) return;
    seen.add(key);
    all.push(issue);
  };
  for (const issue of [...local.errors, ...local.warnings, ...local.conflicts]) add(issue);
  const fresh = server !== null && server.text === currentText;
  if (server) {
    const serverIssues = [...server.result.errors, ...server.result.warnings, ...server.result.conflicts];
    const accountIssues = server.authoritative && fresh ? serverIssues : serverIssues.filter(isAccountIssue);
    if (fresh) {
      accountIssues.forEach(add);
    } else if (accountIssues.length > 0) {
      const before = new LineIndex(server.text);
      const now = new LineIndex(currentText);
      for (const issue of accountIssues) {
        const was = textAt(before, issue.range);
        if (was !== null && was === textAt(now, issue.range)) add(issue);
      }
    }
  }
  all.sort(byPosition);
  return {
    errors: all.filter((i) => i.severity === "error"),
    warnings: all.filter((i) => i.severity === "warning"),
    conflicts: all.filter((i) => i.severity === "conflict"),
    all,
    accountChecked: fresh,
  };
}

/**
 * How long to wait after a keystroke before validating in the browser: a few times the last run's cost, within
 * [30, 300] ms. A typical manifest validates in a few milliseconds, so markers follow typing almost at once; a
 * huge one waits for a pause instead of stealing the main thread on every key.
 */
export function localValidationDelay(lastDurationMs: number | null): number {
  if (lastDurationMs === null) return 30;
  return Math.round(Math.min(300, Math.max(30, lastDurationMs * 4)));
}

/** Server (account-aware) validation waits for a pause in typing. */
export const SERVER_VALIDATION_DELAY_MS = 600;
