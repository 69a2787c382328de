/**
 * REST for the draft manifest of a module (docs/manifest-editor.md): read it with its hash, and replace it.
 * Thin adapters over server/services/manifests.ts.
 */
import { z } from "zod";
import { externalIssueSchema } from "../../contracts/manifest-validation";
import { getManifestInput, saveManifestInput } from "../../contracts/manifests";
import { getManifest, saveManifest } from "../../services/manifests";
import { defineRoute } from "./define";

/** REST calls a draft's hash `sha256`; the conflict's details are named like the body. */
const hashNames = { expectedHash: "expected_sha256", currentHash: "current_sha256", updatedAt: "updated_at" };

export const getModuleManifestRoute = defineRoute({
  method: "GET",
  path: "/system/modules/{name}/manifest",
  access: { permission: "modules.read" },
  summary: "A module's draft manifest, its sha256 (for compare-and-set) and the manifest of its live version",
  tags: ["modules"],
  input: getManifestInput,
  params: { name: "moduleName" },
  errorStatuses: [404],
  response: z
    .object({
      module: z.string(),
      manifest_yaml: z.string(),
      sha256: z.string().meta({ description: "Send it back as expected_sha256 to save only if nobody saved in between" }),
      updated_at: z.string(),
      live_version: z.object({ version: z.string(), manifest_yaml: z.string() }).nullable(),
    })
    .meta({ id: "ModuleManifest" }),
  handler: async (ctx, input) => {
    const doc = await getManifest(ctx, input);
    return { module: doc.module.name, manifestYaml: doc.manifestYaml, sha256: doc.hash, updatedAt: doc.module.updatedAt, liveVersion: doc.live };
  },
});

export const putModuleManifestRoute = defineRoute({
  method: "PUT",
  path: "/system/modules/{name}/manifest",
  access: { permission: "manifests.edit" },
  summary: "Replace a module's draft manifest (validated with the account context; 422 with the issues when it has errors)",
  tags: ["modules"],
  input: saveManifestInput,
  params: { name: "moduleName" },
  names: hashNames,
  // JSON escaping can grow a 256 KiB manifest; the 256 KiB rule itself is checked on the decoded text (413).
  maxBodyBytes: 2 * 1024 * 1024,
  errorStatuses: [404, 409, 413, 422],
  response: z
    .object({
      valid: z.boolean(),
      errors: z.array(externalIssueSchema),
      warnings: z.array(externalIssueSchema),
      conflicts: z.array(externalIssueSchema),
      changed: z.boolean().meta({ description: "false when the text was already the stored draft (nothing written)" }),
      sha256: z.string(),
      updated_at: z.string(),
    })
    .meta({ id: "ModuleManifestSaved" }),
  handler: async (ctx, input) => {
    const saved = await saveManifest(ctx, input);
    return { ...saved.result, changed: saved.changed, sha256: saved.hash, updatedAt: saved.updatedAt };
  },
});
