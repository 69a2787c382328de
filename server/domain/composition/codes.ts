import { type IssueSeverity, WHOLE_DOCUMENT_RANGE } from "@/server/domain/issues";
import type { CompositionIssue } from "./types";

/** Stable issue codes of the composition engine (listed with their meaning in docs/composition.md). */
export const COMPOSITION_CODES = {
  // input
  duplicateModule: "composition.duplicate_module",
  unknownCategory: "composition.unknown_category",
  invalidPriority: "composition.invalid_priority",
  invalidGlob: "composition.invalid_glob",
  invalidPath: "composition.invalid_path",
  noDeployableVersion: "composition.no_deployable_version",
  invalidCandidate: "composition.invalid_candidate",
  // overlay
  protectedConflict: "composition.protected_conflict",
  protectedDrop: "composition.protected_drop",
  ambiguousOrder: "composition.ambiguous_order",
  outsideFileSpec: "composition.outside_file_spec",
  // dependencies
  invalidReference: "dependency.invalid_reference",
  missing: "dependency.missing",
  disabled: "dependency.disabled",
  unsatisfied: "dependency.unsatisfied",
  cycle: "dependency.cycle",
  capabilityMissing: "capability.missing",
  capabilityUnsatisfied: "capability.unsatisfied",
  exclusiveClash: "capability.exclusive_clash",
  // varieties
  multipleInstances: "variety.multiple_instances",
  missingParent: "variety.missing_parent",
  configBelowParent: "variety.config_below_parent",
} as const;

export type CompositionCode = (typeof COMPOSITION_CODES)[keyof typeof COMPOSITION_CODES];

export const CODE_SEVERITY: Readonly<Record<CompositionCode, IssueSeverity>> = {
  "composition.duplicate_module": "error",
  "composition.unknown_category": "error",
  "composition.invalid_priority": "error",
  "composition.invalid_glob": "error",
  "composition.invalid_path": "warning",
  "composition.no_deployable_version": "warning",
  "composition.invalid_candidate": "error",
  "composition.protected_conflict": "conflict",
  "composition.protected_drop": "conflict",
  "composition.ambiguous_order": "warning",
  "composition.outside_file_spec": "warning",
  "dependency.invalid_reference": "error",
  "dependency.missing": "error",
  "dependency.disabled": "error",
  "dependency.unsatisfied": "error",
  "dependency.cycle": "error",
  "capability.missing": "error",
  "capability.unsatisfied": "error",
  "capability.exclusive_clash": "error",
  "variety.multiple_instances": "warning",
  "variety.missing_parent": "warning",
  "variety.config_below_parent": "warning",
};

export interface IssueArgs {
  code: CompositionCode;
  message: string;
  /** JSON pointer into the compose input. */
  path: string;
  relatedModule?: string;
  hint?: string;
  /** Identity beyond the code: names, globs, requirement — never counts or input positions. */
  subject: string;
}

export function makeIssue(args: IssueArgs): CompositionIssue {
  const issue: CompositionIssue = {
    code: args.code,
    severity: CODE_SEVERITY[args.code],
    message: args.message,
    path: args.path,
    range: { ...WHOLE_DOCUMENT_RANGE },
    key: `${args.code}|${args.subject}`,
  };
  if (args.hint !== undefined) issue.hint = args.hint;
  if (args.relatedModule !== undefined) issue.relatedModule = args.relatedModule;
  return issue;
}

/** Deterministic order: by key, then message. */
export function sortIssues(issues: CompositionIssue[]): CompositionIssue[] {
  return issues.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
}
