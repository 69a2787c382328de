import "server-only";
import type { StarterRepoInput } from "../contracts/author-kit";
import { generateStarterRepo, suggestedIdentityRegexp, suggestedIssuerRegexp, zipFiles } from "../domain/author-kit";
import { AppError } from "../errors";
import type { ServiceContext } from "./context";
import { loadDraftFacts } from "./module-facts";

/**
 * The author kit's server side (docs/authoring.md): the starter repository of a registered module, and the
 * account's protected paths for `strata dry-run --remote`. Both read only.
 */

/** Every module of the account that protects something, with its draft's protected_spec (cached by draft hash). */
export async function listProtectedPaths(ctx: ServiceContext) {
  const facts = await loadDraftFacts(ctx);
  return { modules: facts.filter((m) => m.protectedSpec.length > 0).map((m) => ({ name: m.name, protectedSpec: m.protectedSpec })) };
}

/**
 * The starter repository of a registered module as a zip: the same generator as `strata init`, with the module's
 * registration filled in (category, variety, parent, repository, OCI repository and the signer regexps it
 * expects; suggested from the repository URL when not set yet).
 */
export async function starterRepoZip(ctx: ServiceContext, input: StarterRepoInput) {
  const module = await ctx.db.module.findUnique({
    where: { accountId_name: { accountId: ctx.actor.accountId, name: input.name } },
    select: {
      name: true,
      displayName: true,
      description: true,
      variety: true,
      repositoryUrl: true,
      ociRepository: true,
      cosignIdentityRegexp: true,
      cosignIssuerRegexp: true,
      category: { select: { slug: true } },
      parentModule: { select: { name: true } },
    },
  });
  if (!module) throw new AppError("NOT_FOUND", `Module ${input.name} not found.`);
  const forge = module.repositoryUrl && /github\.com\//.test(module.repositoryUrl) ? "github" : "gitea";
  const files = generateStarterRepo({
    name: module.name,
    displayName: module.displayName,
    description: module.description,
    category: module.category.slug,
    variety: module.variety,
    parentModule: module.parentModule?.name ?? null,
    repositoryUrl: module.repositoryUrl,
    ociRepository: module.ociRepository,
    cosignIdentityRegexp: module.cosignIdentityRegexp ?? suggestedIdentityRegexp(module.repositoryUrl, forge),
    cosignIssuerRegexp: module.cosignIssuerRegexp ?? suggestedIssuerRegexp(module.repositoryUrl, forge),
    strataUrl: input.strataUrl ?? null,
    accountSlug: ctx.actor.accountSlug,
  });
  // One top directory named after the module, as a repository checkout would be.
  const zip = zipFiles(files.map((f) => ({ path: `${module.name}/${f.path}`, content: f.content })));
  return { fileName: `${module.name}-starter.zip`, zipBase64: Buffer.from(zip).toString("base64"), files: files.map((f) => f.path) };
}
