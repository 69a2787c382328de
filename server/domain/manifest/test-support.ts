/**
 * Helpers shared by this folder's tests (pure, like the rest of the domain). Ranges are compared as compact
 * `line:col-line:col` strings so a failing assertion shows exactly where an underline would land.
 */
import Ajv from "ajv";
import type { Issue, SourceRange } from "../issues";
import type { AccountContext } from "./account-checks";
import { manifestJsonSchema } from "./json-schema";
import { validateManifest, type ValidateManifestInput, type ValidationResult } from "./validate";

export function rangeText(r: SourceRange): string {
  return `${r.startLine}:${r.startColumn}-${r.endLine}:${r.endColumn}`;
}

export function allIssues(result: ValidationResult): Issue[] {
  return [...result.errors, ...result.warnings, ...result.conflicts];
}

export function codes(result: ValidationResult): string[] {
  return allIssues(result).map((i) => i.code);
}

/** Validates YAML text (with optional input fields / context). */
export function check(yaml: string, input: Omit<ValidateManifestInput, "manifestYaml"> = {}, context?: AccountContext): ValidationResult {
  return validateManifest({ manifestYaml: yaml, ...input }, context);
}

/** The only issue with `code`; fails loudly when there is none or more than one. */
export function only(result: ValidationResult, code: string): Issue {
  const found = allIssues(result).filter((i) => i.code === code);
  if (found.length !== 1) {
    throw new Error(
      `expected exactly one ${code}, got ${found.length}: ${JSON.stringify(allIssues(result).map((i) => [i.code, rangeText(i.range), i.message]))}`,
    );
  }
  const issue = found[0];
  if (!issue) throw new Error("unreachable");
  return issue;
}

/** A minimal valid manifest, with extra top-level YAML appended. */
export function manifest(extra = "", name = "demo"): string {
  return `schema_version: 1\nname: ${name}\n${extra}`;
}

/**
 * The exported JSON Schema compiled by ajv in strict mode, as an editor or CI would use it. `errors` holds the last
 * call's problems.
 */
export function compileManifestJsonSchema() {
  const ajv = new Ajv({ strict: true, allErrors: true });
  // Hover text for yaml-language-server; not a validation keyword.
  ajv.addKeyword("markdownDescription");
  return { ajv, accepts: ajv.compile(manifestJsonSchema()) };
}
