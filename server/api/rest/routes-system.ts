import { z } from "zod";
import { whoami } from "../../services/auth";
import { listCategories } from "../../services/categories";
import { defineRoute } from "./define";

export const whoamiRoute = defineRoute({
  method: "GET",
  path: "/system/whoami",
  access: { permission: "account.read" },
  summary: "Who the bearer token acts as: account, role and scopes",
  tags: ["system"],
  response: z
    .object({
      kind: z.enum(["user", "token", "system"]),
      account: z.string(),
      role: z.string(),
      email: z.string().optional(),
      name: z.string().optional(),
      token_name: z.string().optional(),
      scopes: z.array(z.string()).optional(),
    })
    .meta({ id: "Whoami" }),
  handler: (ctx) => whoami(ctx),
});

export const categoriesRoute = defineRoute({
  method: "GET",
  path: "/system/categories",
  access: { permission: "categories.read" },
  summary: "The account's module categories, in layer order",
  tags: ["system"],
  response: z
    .object({
      categories: z.array(
        z.object({ slug: z.string(), name: z.string(), position: z.number().int(), module_count: z.number().int() }),
      ),
    })
    .meta({ id: "CategoryList" }),
  handler: async (ctx) => ({ categories: await listCategories(ctx) }),
});
