/** Public API of the manifest domain (pure and isomorphic: browser editor, server and CLI share it). */
export { validateManifest, toValidationResult } from "./validate";
export type { ValidateManifestInput, ValidationResult } from "./validate";
export { accountChecks } from "./account-checks";
export type { AccountContext, AccountModule } from "./account-checks";
export {
  manifestSchema,
  moduleNameSchema,
  serviceSchema,
  MANIFEST_KEYS,
  MODULE_NAME_PATTERN,
} from "./schema";
export type { Manifest, ManifestService } from "./schema";
export { manifestJsonSchema, MANIFEST_JSON_SCHEMA_ID } from "./json-schema";
export type { JsonSchema } from "./json-schema";
export { parseManifestYaml, keyString } from "./parse";
export type { ParsedManifest, LocatedNode } from "./parse";
export { MANIFEST_LIMITS } from "./guards";
export { detectLegacyShapes, applyQuickFix } from "./legacy";
export type { LegacyAnalysis } from "./legacy";
export { parseRequirement, isExclusiveCapability, isValidCapabilityTag, maxSatisfying } from "./requires";
export type { Requirement } from "./requires";
export { toSnakeCaseResult, toSnakeCaseIssue, toSnakeCaseRange } from "./external";
export type { ExternalIssue, ExternalValidationResult, ExternalSourceRange, ExternalQuickFix } from "./external";
export { toPointer, fromPointer } from "./pointer";
export type { PathSegment } from "./pointer";
export {
  ACCOUNT_SLUG_PATTERN,
  CATEGORY_SLUG_PATTERN,
  PACKAGE_NAME_PATTERN,
  PACKAGE_SPEC_PATTERN,
  CAPABILITY_TAG_PATTERN,
  SERVICE_NAME_PATTERN,
} from "./patterns";
export { ISSUE_CODES } from "./codes";
export type { IssueCode } from "./codes";
export { extractCompositionFacts } from "./facts";
export type { CompositionFacts, FactsResult } from "./facts";
