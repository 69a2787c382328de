/** Module registration schemas, free of server dependencies: the registration form reuses them. */
import { z } from "zod";
import { moduleNameSchema } from "../domain/manifest/schema";

export const MODULE_VARIETIES = ["subscription", "config", "instance"] as const;
export const VISIBILITIES = ["private", "public"] as const;
export const MAX_MANIFEST_BYTES = 256 * 1024;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((value) => (value ? value : undefined));

export const registerModuleInput = z
  .object({
    name: moduleNameSchema,
    displayName: z.string().trim().min(1, "Give the module a display name").max(200),
    description: z.string().trim().max(5000).default(""),
    categorySlug: z.string().min(1, "Choose a category").max(64),
    variety: z.enum(MODULE_VARIETIES).default("subscription"),
    parentModule: optionalText(64),
    priority: z.coerce.number().int("Whole number").min(0, "0 to 999").max(999, "0 to 999").default(0),
    visibility: z.enum(VISIBILITIES).default("private"),
    repositoryUrl: z
      .string()
      .trim()
      .max(500)
      .optional()
      .transform((value) => (value ? value : undefined))
      .pipe(z.string().url("Enter a URL such as https://git.example.com/modules/nginx").optional()),
    cosignIdentityRegexp: optionalText(500),
    cosignIssuerRegexp: optionalText(500),
    manifestYaml: z.string().max(MAX_MANIFEST_BYTES, "Manifests are limited to 256 KiB").optional(),
  })
  .superRefine((value, ctx) => {
    if (value.variety === "config" && !value.parentModule) {
      ctx.addIssue({ code: "custom", path: ["parentModule"], message: "A config module overrides a parent module: choose it" });
    }
    if (value.parentModule && value.parentModule === value.name) {
      ctx.addIssue({ code: "custom", path: ["parentModule"], message: "A module cannot be its own parent" });
    }
  });
export type RegisterModuleInput = z.input<typeof registerModuleInput>;
export type RegisterModuleValues = z.output<typeof registerModuleInput>;
