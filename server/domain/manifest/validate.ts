/**
 * validateManifest (SPEC §2): the one validator the browser editor, the server and the CLI all run.
 *
 * Stages: input guards → YAML (syntax, limits, aliases) → legacy shapes → schema → semantic checks → account
 * checks. When the YAML itself is broken, only those issues are returned: schema errors about a half-parsed
 * document would be noise next to the real problem. The function never throws.
 */
import type { Issue } from "../issues";
import { WHOLE_DOCUMENT_RANGE } from "../issues";
import { OverlapBudget } from "../glob";
import { accountChecks, type AccountContext } from "./account-checks";
import { Checker } from "./checks";
import { detectLegacyShapes } from "./legacy";
import { parseManifestYaml } from "./parse";
import { schemaIssues } from "./schema-issues";

export interface ValidateManifestInput {
  manifestYaml: string | Uint8Array;
  /** The category the module is (or will be) registered in. */
  categorySlug?: string;
  /** The registered module name; the manifest's `name` must equal it. */
  moduleName?: string;
}

export interface ValidationResult {
  /** True when there are no errors (warnings and conflicts do not block acceptance). */
  valid: boolean;
  errors: Issue[];
  warnings: Issue[];
  conflicts: Issue[];
}

function byPosition(a: Issue, b: Issue): number {
  return (
    a.range.startLine - b.range.startLine ||
    a.range.startColumn - b.range.startColumn ||
    a.range.endLine - b.range.endLine ||
    a.range.endColumn - b.range.endColumn ||
    (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)
  );
}

/** Splits issues by severity, sorted by position, dropping exact repeats (same code, path, range and message). */
export function toValidationResult(issues: readonly Issue[]): ValidationResult {
  const seen = new Set<string>();
  const unique = issues.filter((i) => {
    const r = i.range;
    const key = `${i.code}\u0000${i.path}\u0000${r.startLine}:${r.startColumn}:${r.endLine}:${r.endColumn}\u0000${i.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const sorted = [...unique].sort(byPosition);
  const errors = sorted.filter((i) => i.severity === "error");
  return {
    valid: errors.length === 0,
    errors,
    warnings: sorted.filter((i) => i.severity === "warning"),
    conflicts: sorted.filter((i) => i.severity === "conflict"),
  };
}

export function validateManifest(input: ValidateManifestInput, context?: AccountContext): ValidationResult {
  try {
    const parsed = parseManifestYaml(input.manifestYaml);
    const issues: Issue[] = [...parsed.issues];
    if (!parsed.hasValue) return toValidationResult(issues);

    const legacy = detectLegacyShapes(parsed, input.categorySlug !== undefined ? { categorySlug: input.categorySlug } : {});
    issues.push(...legacy.issues);
    issues.push(...schemaIssues(parsed.value, { parsed, legacy }));

    const value = parsed.value;
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      // One step budget for every glob comparison of this validation (docs/globs.md, "Bounds and budgets").
      const overlapBudget = new OverlapBudget();
      const checker = new Checker({
        parsed,
        value,
        ...(input.moduleName !== undefined ? { moduleName: input.moduleName } : {}),
        ...(input.categorySlug !== undefined ? { categorySlug: input.categorySlug } : {}),
        ...(context?.categories !== undefined ? { categories: context.categories } : {}),
        ...(context !== undefined ? { owner: context.owner } : {}),
        overlapBudget,
      });
      const facts = checker.run();
      issues.push(...checker.issues);
      if (context) issues.push(...accountChecks(facts, context, overlapBudget));
    }
    return toValidationResult(issues);
  } catch (e) {
    // A validator bug must not take the editor or an API request down; report it like any other problem.
    return toValidationResult([
      {
        code: "validator.internal_error",
        severity: "error",
        message: `The validator failed unexpectedly: ${e instanceof Error ? e.message : String(e)}`,
        path: "",
        range: WHOLE_DOCUMENT_RANGE,
        hint: "Please report this manifest to the Strata maintainers.",
      },
    ]);
  }
}
