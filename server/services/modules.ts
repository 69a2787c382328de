import { AppError, prismaErrorCode } from "../errors";
import type { ServiceContext } from "./context";
import { recordAudit } from "./audit";
import { registerModuleInput, type RegisterModuleInput } from "./modules.schema";

export { registerModuleInput } from "./modules.schema";

/** Loads a module of the caller's account by name; another account's module answers NOT_FOUND. */
export async function requireModule(ctx: ServiceContext, name: string) {
  const module = await ctx.db.module.findUnique({
    where: { accountId_name: { accountId: ctx.actor.accountId, name } },
    select: { id: true, name: true, variety: true, categoryId: true, manifestYaml: true },
  });
  if (!module) throw new AppError("NOT_FOUND", `Module ${name} not found.`);
  return module;
}

export async function registerModule(ctx: ServiceContext, rawInput: RegisterModuleInput) {
  const input = registerModuleInput.parse(rawInput);
  const accountId = ctx.actor.accountId;
  const category = await ctx.db.category.findUnique({
    where: { accountId_slug: { accountId, slug: input.categorySlug } },
    select: { id: true },
  });
  if (!category) {
    throw new AppError("BAD_REQUEST", `Unknown category ${input.categorySlug}.`, { fieldErrors: { categorySlug: "Unknown category" } });
  }
  let parentModuleId: string | null = null;
  if (input.parentModule) {
    const parent = await ctx.db.module.findUnique({
      where: { accountId_name: { accountId, name: input.parentModule } },
      select: { id: true },
    });
    if (!parent) {
      throw new AppError("BAD_REQUEST", `Unknown parent module ${input.parentModule}.`, {
        fieldErrors: { parentModule: `No module named ${input.parentModule} in this account` },
      });
    }
    parentModuleId = parent.id;
  }
  try {
    return await ctx.db.$transaction(async (tx) => {
      const module = await tx.module.create({
        data: {
          accountId,
          name: input.name,
          displayName: input.displayName,
          description: input.description,
          categoryId: category.id,
          variety: input.variety,
          parentModuleId,
          priority: input.priority,
          visibility: input.visibility,
          repositoryUrl: input.repositoryUrl ?? null,
          cosignIdentityRegexp: input.cosignIdentityRegexp ?? null,
          cosignIssuerRegexp: input.cosignIssuerRegexp ?? null,
          manifestYaml: input.manifestYaml ?? "",
          createdAt: ctx.now(),
          updatedAt: ctx.now(),
        },
        select: { id: true, name: true },
      });
      await recordAudit(tx, ctx, {
        action: "module.registered",
        targetType: "module",
        targetId: module.id,
        targetLabel: module.name,
        after: { ...input, manifestYaml: undefined },
      });
      return module;
    });
  } catch (error) {
    if (prismaErrorCode(error) === "P2002") {
      throw new AppError("CONFLICT", `A module named ${input.name} already exists.`, { fieldErrors: { name: "This name is taken" } });
    }
    throw error;
  }
}
