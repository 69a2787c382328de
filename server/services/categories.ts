import "server-only";
import type { ServiceContext } from "./context";

export const DEFAULT_CATEGORIES = [
  { slug: "system-base", name: "System base", position: 10 },
  { slug: "security-hardening", name: "Security hardening", position: 20 },
  { slug: "network-overlay", name: "Network overlay", position: 60 },
  { slug: "container-runtimes", name: "Container runtimes", position: 70 },
  { slug: "userland", name: "Userland", position: 90 },
] as const;

export async function listCategories(ctx: ServiceContext) {
  const categories = await ctx.db.category.findMany({
    where: { accountId: ctx.actor.accountId },
    select: { id: true, slug: true, name: true, position: true, _count: { select: { modules: true } } },
    orderBy: [{ position: "asc" }, { slug: "asc" }],
  });
  return categories.map(({ _count, ...category }) => ({ ...category, moduleCount: _count.modules }));
}
