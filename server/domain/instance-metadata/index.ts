/** Instance metadata and `${instance.*}` placeholders (docs/authoring.md, "Instance metadata"). Pure. */
export {
  instanceBindings,
  findPlaceholders,
  renderPlaceholders,
  missingPlaceholders,
  isKnownPlaceholder,
  INSTANCE_FIELDS,
  LABEL_KEY_PATTERN,
  INSTANCE_METADATA_LIMITS,
} from "./placeholders";
export type { InstanceMetadata, RenderResult } from "./placeholders";
