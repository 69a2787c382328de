import { z } from "zod";
import semver from "semver";
import { MAX_MANIFEST_BYTES, moduleNameRef } from "./modules";
import { cursorSchema } from "./pagination";

export const ociDigestSchema = z.string().regex(/^sha256:[0-9a-f]{64}$/, "sha256: followed by 64 lowercase hex digits");

export const createVersionInput = z.object({
  version: z
    .string()
    .max(100)
    .refine((value) => semver.valid(value) === value, "A semantic version such as 1.4.2"),
  ociRef: z.string().min(1).max(500),
  ociDigest: ociDigestSchema,
  composefsDigest: z.string().max(200).optional(),
  manifestYaml: z.string().max(MAX_MANIFEST_BYTES),
  fileList: z.array(z.string().min(1).max(4096).startsWith("/")).max(200_000).default([]),
  packageList: z.array(z.string().min(1).max(300)).max(20_000).default([]),
  signerIdentity: z.string().max(500).optional(),
  signerIssuer: z.string().max(500).optional(),
  sbomUri: z.string().url().max(1000).optional(),
  provenanceUri: z.string().url().max(1000).optional(),
});
export type CreateVersionInput = z.output<typeof createVersionInput>;

/**
 * A module's versions, newest first, a page at a time. Without `limit` the first page holds up to 500 versions —
 * every version of every module seen so far, so older clients that read one response keep getting the whole list.
 */
export const listVersionsInput = z.object({
  name: moduleNameRef,
  limit: z.number().int().min(1).max(500).default(500),
  cursor: cursorSchema.optional(),
});
export type ListVersionsInput = z.output<typeof listVersionsInput>;
