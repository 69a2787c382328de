/**
 * The author kit's external shapes (docs/authoring.md). Kept apart from contracts/modules.ts so the CLI bundle that
 * reads them (`strata dry-run --remote`) does not pull in the registration form's schemas.
 */
import { z } from "zod";

/**
 * `GET /system/protected_paths`: every module of the account with the protected_spec of its current draft
 * manifest. Read-only; bounded by the account's module count (each draft is at most 256 KiB).
 */
export const protectedPathsInput = z.object({});
export const protectedPathsResponse = z.object({
  modules: z.array(z.object({ name: z.string(), protected_spec: z.array(z.string()) })),
});
export type ProtectedPathsResponse = z.output<typeof protectedPathsResponse>;
export interface ProtectedPaths {
  modules: { name: string; protectedSpec: string[] }[];
}

/**
 * The module page's "Download starter repo": the registered module by name, and the console's address as the
 * browser sees it (the workflow calls its webhook; the server cannot know the address users reach it by).
 */
export const starterRepoInput = z.object({
  name: z.string().trim().min(1).max(200),
  strataUrl: z
    .string()
    .max(300)
    .regex(/^https?:\/\/[^\s"'\\]+$/, "An http(s) URL")
    .optional(),
});
export type StarterRepoInput = z.output<typeof starterRepoInput>;
