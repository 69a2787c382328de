/** The author kit (docs/authoring.md): the starter repository, the dry run and the starter zip. Pure. */
export {
  generateStarterRepo,
  exampleFilePath,
  suggestedIdentityRegexp,
  suggestedIssuerRegexp,
  STARTER_VARIETIES,
  WORKFLOW_FILES,
  GITHUB_ISSUER,
} from "./starter";
export type { StarterInput, StarterFile, StarterVariety } from "./starter";
export { dryRun, DRY_RUN_LIMITS } from "./dry-run";
export type { DryRunInput, DryRunResult, DryRunFile, ProtectedBy } from "./dry-run";
export { zipFiles } from "./zip";
export type { ZipEntry } from "./zip";
