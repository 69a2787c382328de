import { z } from "zod";
import { whoami } from "../../services/auth";
import { listCategories } from "../../services/categories";
import { AppError } from "../../errors";
import { defineRoute } from "./define";

function requireSvc<T>(svc: T | null): T {
  if (!svc) throw new AppError("UNAUTHORIZED", "Authentication required.");
  return svc;
}

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
  handler: (svc) => whoami(requireSvc(svc)),
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
  handler: async (svc) => {
    const categories = await listCategories(requireSvc(svc));
    return {
      categories: categories.map((c) => ({ slug: c.slug, name: c.name, position: c.position, module_count: c.moduleCount })),
    };
  },
});
