/**
 * The three ways `strata validate` prints results (docs/cli.md): text for people and editors, JSON for scripts,
 * and GitHub Actions workflow commands for pull-request annotations. Every formatter takes results in their
 * external (snake_case) shape, the one the local validator is converted to and the REST API answers, so local
 * and `--remote` results print alike.
 */
import type { ExternalIssue, ExternalValidationResult } from "../domain/manifest/external";
import { groupThousands, plural } from "../domain/plural";

export interface FileResult {
  /** The path as given or found (relative stays relative), or `<stdin>`. */
  file: string;
  result: ExternalValidationResult;
}

export interface ReadFailure {
  file: string;
  message: string;
}

export const STDIN_LABEL = "<stdin>";

function byPosition(a: ExternalIssue, b: ExternalIssue): number {
  return a.range.start_line - b.range.start_line || a.range.start_column - b.range.start_column;
}

/** Errors, warnings and conflicts of one file in one list, in document order. */
function issuesInOrder(result: ExternalValidationResult): ExternalIssue[] {
  return [...result.errors, ...result.warnings, ...result.conflicts].sort(byPosition);
}

/** Summaries add up whole directories of manifests, so the counts are grouped ("1,204 warnings"). */
function counts(errors: number, warnings: number, conflicts: number): string {
  const count = (n: number, word: string) => plural(n, word, { thousands: true });
  return `${count(errors, "error")}, ${count(warnings, "warning")}, ${count(conflicts, "conflict")}`;
}

/** The details under an issue's head line: the module it clashes with, how to fix it, the quick fix offered. */
function details(issue: ExternalIssue): string[] {
  return [
    ...(issue.related_module ? [`related module: ${issue.related_module}`] : []),
    ...(issue.hint ? [`hint: ${issue.hint}`] : []),
    ...(issue.fix ? [`quick fix: ${issue.fix.title}`] : []),
  ];
}

/** `file:line:col: severity code message`, the format editors and CI annotators parse; details indented below. */
export function formatIssue(file: string, issue: ExternalIssue): string {
  const head = `${file}:${issue.range.start_line}:${issue.range.start_column}: ${issue.severity} ${issue.code} ${issue.message}`;
  // Continuation lines of a multi-line hint line up under its first line.
  return [head, ...details(issue).map((line) => `    ${line.replace(/\n/g, "\n          ")}`)].join("\n");
}

/** `file: valid (0 errors, 1 warning, 0 conflicts)`. */
function summaryLine({ file, result }: FileResult): string {
  return `${file}: ${result.valid ? "valid" : "invalid"} (${counts(result.errors.length, result.warnings.length, result.conflicts.length)})`;
}

/** `3 manifests: 2 valid, 1 invalid (…)`, after the per-file lines when several files were checked. */
function totalLine(results: readonly FileResult[]): string {
  const sum = (pick: (r: ExternalValidationResult) => unknown[]) => results.reduce((n, r) => n + pick(r.result).length, 0);
  const valid = results.filter((r) => r.result.valid).length;
  return `${plural(results.length, "manifest", { thousands: true })}: ${groupThousands(valid)} valid, ${groupThousands(results.length - valid)} invalid (${counts(
    sum((r) => r.errors),
    sum((r) => r.warnings),
    sum((r) => r.conflicts),
  )})`;
}

export function formatText(results: readonly FileResult[], several: boolean): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(...issuesInOrder(r.result).map((issue) => formatIssue(r.file, issue)), summaryLine(r));
  }
  if (several && results.length > 0) lines.push(totalLine(results));
  return lines.length ? lines.join("\n") + "\n" : "";
}

/**
 * One file: exactly the object the REST API answers (unchanged since the CLI's first version). Several files (more
 * than one argument, or a directory): `{valid, files: [{file, valid, errors, warnings, conflicts}], read_errors}`.
 */
export function formatJson(results: readonly FileResult[], readFailures: readonly ReadFailure[], several: boolean): string {
  if (!several && results[0] !== undefined) return JSON.stringify(results[0].result, null, 2) + "\n";
  const report = {
    valid: readFailures.length === 0 && results.every((r) => r.result.valid),
    files: results.map((r) => ({ file: r.file, ...r.result })),
    read_errors: readFailures.map((f) => ({ file: f.file, message: f.message })),
  };
  return JSON.stringify(report, null, 2) + "\n";
}

/** Workflow-command escaping: the message may hold line breaks, property values neither `:` nor `,`. */
function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/**
 * `::error file=…,line=…,col=…,title=code::message` per issue (warnings and conflicts as `::warning`: they do not
 * fail the run), then the summary lines as plain log text. Paths are printed as given, and GitHub resolves them
 * from the repository root, so run the step from there with relative paths.
 */
export function formatGithub(results: readonly FileResult[], several: boolean): string {
  const lines: string[] = [];
  for (const r of results) {
    for (const issue of issuesInOrder(r.result)) {
      const level = issue.severity === "error" ? "error" : "warning";
      const properties = [
        ...(r.file !== STDIN_LABEL ? [`file=${escapeProperty(r.file)}`] : []),
        `line=${issue.range.start_line}`,
        `col=${issue.range.start_column}`,
        `title=${escapeProperty(issue.code)}`,
      ];
      const message = [issue.message, ...details(issue)].join("\n");
      lines.push(`::${level} ${properties.join(",")}::${escapeData(message)}`);
    }
  }
  lines.push(...results.map(summaryLine));
  if (several && results.length > 0) lines.push(totalLine(results));
  return lines.length ? lines.join("\n") + "\n" : "";
}
