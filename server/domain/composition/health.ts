/**
 * Health of a composition (docs/templates.md, "Saving" a template): errors block it as a desired state unless every
 * one was accepted with a reason; warnings and conflicts never block. The template list's badge, the editor, the
 * REST compose preview and `strata compose`'s exit status all read it from here.
 */
import type { ComposeResult } from "./types";

export type HealthStatus = "errors" | "warnings" | "clean";

export interface TemplateHealth {
  status: HealthStatus;
  errors: number;
  warnings: number;
  conflicts: number;
  /** Errors not covered by the template's override. */
  unacceptedErrors: number;
  /** True when there are errors and every one of them was accepted with a reason. */
  accepted: boolean;
}

/** `acceptedKeys`: the issue keys the template's override accepted (empty when it has none). */
export function healthOf(result: Pick<ComposeResult, "errors" | "warnings" | "conflicts">, acceptedKeys: readonly string[]): TemplateHealth {
  const accepted = new Set(acceptedKeys);
  const unaccepted = result.errors.filter((e) => !accepted.has(e.key)).length;
  return {
    status: result.errors.length > 0 ? "errors" : result.warnings.length + result.conflicts.length > 0 ? "warnings" : "clean",
    errors: result.errors.length,
    warnings: result.warnings.length,
    conflicts: result.conflicts.length,
    unacceptedErrors: unaccepted,
    accepted: result.errors.length > 0 && unaccepted === 0,
  };
}
