/**
 * Manifest editor inputs, free of server dependencies: the browser editor imports them too.
 *
 * Sizes: the 256 KiB limit (docs/manifest-validation.md) is in UTF-8 *bytes*, which zod cannot count, so the schemas
 * only bound the string at a generous multiple (anything longer is certainly too large) and the service answers
 * PAYLOAD_TOO_LARGE with the exact rule; the validator itself reports `input.too_large` for the same limit.
 */
import { z } from "zod";
import { moduleNameSchema } from "../domain/manifest/schema";
import { MAX_MANIFEST_BYTES } from "./modules";

export { MAX_MANIFEST_BYTES };

/** A content hash of a draft manifest, as returned by manifests.get and manifests.save. */
export const manifestHashSchema = z
  .string()
  .regex(/^sha256:[0-9a-f]{64}$/, "Expected sha256:<64 lowercase hex digits> as returned when the manifest was loaded");

const manifestText = z.string().max(4 * MAX_MANIFEST_BYTES, "Manifests are limited to 256 KiB");

export const getManifestInput = z.object({ moduleName: moduleNameSchema });
export type GetManifestInput = z.output<typeof getManifestInput>;

export const validateModuleManifestInput = z.object({ moduleName: moduleNameSchema, manifestYaml: manifestText });
export type ValidateModuleManifestInput = z.output<typeof validateModuleManifestInput>;

export const saveManifestInput = z.object({
  moduleName: moduleNameSchema,
  manifestYaml: manifestText.meta({ description: "The whole manifest.yaml (≤ 256 KiB of UTF-8)" }),
  /**
   * The hash of the draft the edit started from (compare-and-set). When it no longer matches the stored draft,
   * someone else saved in between and the save answers CONFLICT instead of overwriting their work. Optional for
   * scripts that deliberately overwrite (REST without `expected_sha256`); the editor always sends it.
   */
  expectedHash: manifestHashSchema.optional().meta({ description: "Compare-and-set: the hash the draft was loaded with; CONFLICT (409) when it changed since" }),
});
export type SaveManifestInput = z.output<typeof saveManifestInput>;

/** The editor's save: the compare-and-set hash is mandatory. */
export const editorSaveManifestInput = saveManifestInput.extend({ expectedHash: manifestHashSchema });
