/** `strata validate <manifest.yaml> [--category <slug>] [--name <module>] [--json]` */
import { parseArgs } from "node:util";
import type { Issue } from "../domain/issues";
import { toSnakeCaseResult } from "../domain/manifest/external";
import { validateManifest, type ValidationResult } from "../domain/manifest/validate";
import { EXIT_INVALID, EXIT_OK, EXIT_USAGE, UsageError, type CliIo, type Command } from "./command";
import { plural } from "../domain/plural";

const USAGE = `Usage: strata validate <manifest.yaml | -> [--category <slug>] [--name <module>] [--json]

Validates a module manifest (schema_version 1) exactly as Strata does when it is saved.

  <manifest.yaml>      the file to check; - reads standard input
  --category <slug>    the category the module is registered in (e.g. userland)
  --name <module>      the registered module name; the manifest's name must equal it
  --json               print the result as JSON (snake_case keys) instead of text

Exit status: 0 valid (warnings allowed), 1 invalid, 2 usage or I/O error.`;

/** `file:line:col: severity code message`, the format editors and CI annotators parse. */
export function formatIssue(file: string, issue: Issue): string {
  const head = `${file}:${issue.range.startLine}:${issue.range.startColumn}: ${issue.severity} ${issue.code} ${issue.message}`;
  const related = issue.relatedModule ? `\n    related module: ${issue.relatedModule}` : "";
  const hint = issue.hint ? `\n    hint: ${issue.hint.replace(/\n/g, "\n          ")}` : "";
  const fix = issue.fix ? `\n    quick fix: ${issue.fix.title}` : "";
  return head + related + hint + fix;
}

export function formatResult(file: string, result: ValidationResult): string {
  const all = [...result.errors, ...result.warnings, ...result.conflicts].sort(
    (a, b) => a.range.startLine - b.range.startLine || a.range.startColumn - b.range.startColumn,
  );
  const lines = all.map((i) => formatIssue(file, i));
  const counts = `${plural(result.errors.length, "error")}, ${plural(result.warnings.length, "warning")}, ${plural(result.conflicts.length, "conflict")}`;
  lines.push(`${file}: ${result.valid ? "valid" : "invalid"} (${counts})`);
  return lines.join("\n") + "\n";
}

export const validateCommand: Command = {
  usage: USAGE,
  async run(args: string[], io: CliIo): Promise<number> {
    let parsed;
    try {
      parsed = parseArgs({
        args,
        allowPositionals: true,
        strict: true,
        options: {
          category: { type: "string" },
          name: { type: "string" },
          json: { type: "boolean", default: false },
        },
      });
    } catch (e) {
      throw new UsageError(e instanceof Error ? e.message : String(e));
    }
    const { positionals, values } = parsed;
    if (positionals.length !== 1) {
      throw new UsageError(positionals.length === 0 ? "missing the manifest file to validate" : `expected one file, got ${positionals.length}`);
    }
    const file = positionals[0] ?? "";
    let bytes: Uint8Array;
    try {
      // Bytes, not a string: invalid UTF-8 must reach the validator instead of being replaced while reading.
      bytes = file === "-" ? await io.readStdin() : await io.readFile(file);
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      const reason = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a directory" : e instanceof Error ? e.message : String(e);
      io.stderr(`strata validate: cannot read ${file}: ${reason}\n`);
      return EXIT_USAGE;
    }
    const result = validateManifest({
      manifestYaml: bytes,
      ...(values.category !== undefined ? { categorySlug: values.category } : {}),
      ...(values.name !== undefined ? { moduleName: values.name } : {}),
    });
    const label = file === "-" ? "<stdin>" : file;
    if (values.json) io.stdout(JSON.stringify(toSnakeCaseResult(result), null, 2) + "\n");
    else io.stdout(formatResult(label, result));
    return result.valid ? EXIT_OK : EXIT_INVALID;
  },
};
