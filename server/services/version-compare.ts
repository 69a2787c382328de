/**
 * Two versions of one module side by side (docs/promotion-pipeline.md, "Comparing versions"): their manifest
 * snapshots, the file-list and package-list diffs, and the composition effect — for each template that includes
 * the module, the issues with `to` in place of `from`. The same diffs as a live request's blast radius
 * (`diffFileLists`, `diffPackages`), for any pair, in either direction.
 */
import "server-only";
import type { Issue } from "../domain/issues";
import { AppError } from "../errors";
import { composePreview } from "./composition";
import type { ServiceContext } from "./context";
import { diffFileLists, diffPackages } from "./promotion-blast-radius";

/** Templates composed for the composition effect (two compositions each); the rest are counted. */
const MAX_TEMPLATES = 10;
const MAX_PATHS = 20_000;

function issueKey(issue: Issue): string {
  return `${issue.severity}|${issue.code}|${issue.path}|${issue.relatedModule ?? ""}|${issue.message}`;
}

export async function compareVersions(ctx: ServiceContext, input: { moduleName: string; from: string; to: string }) {
  const accountId = ctx.actor.accountId;
  const module = await ctx.db.module.findFirst({ where: { accountId, name: input.moduleName }, select: { id: true, name: true } });
  if (!module) throw new AppError("NOT_FOUND", `Module ${input.moduleName} not found.`);
  const select = { id: true, version: true, promotionState: true, ociDigest: true, manifestYaml: true, fileList: true, packageList: true, createdAt: true } as const;
  const [from, to, versions] = await Promise.all([
    ctx.db.moduleVersion.findFirst({ where: { moduleId: module.id, version: input.from }, select }),
    ctx.db.moduleVersion.findFirst({ where: { moduleId: module.id, version: input.to }, select }),
    ctx.db.moduleVersion.findMany({
      where: { moduleId: module.id },
      select: { version: true, promotionState: true },
      orderBy: [{ createdAt: "desc" }, { version: "desc" }],
      take: 200,
    }),
  ]);
  if (!from) throw new AppError("NOT_FOUND", `${module.name} has no version ${input.from}.`, { fieldErrors: { from: "No such version." } });
  if (!to) throw new AppError("NOT_FOUND", `${module.name} has no version ${input.to}.`, { fieldErrors: { to: "No such version." } });

  const assignments = await ctx.db.templateModule.findMany({
    where: { accountId, moduleId: module.id, enabled: true },
    select: { template: { select: { id: true, name: true } } },
    orderBy: { template: { name: "asc" } },
    take: MAX_TEMPLATES + 1,
  });
  const compositions = [];
  for (const { template } of assignments.slice(0, MAX_TEMPLATES)) {
    try {
      const [withFrom, withTo] = await Promise.all([
        composePreview(ctx, template.id, { candidate: { moduleName: module.name, version: from.version } }),
        composePreview(ctx, template.id, { candidate: { moduleName: module.name, version: to.version } }),
      ]);
      const issues = (p: typeof withFrom) => [...p.errors, ...p.conflicts, ...p.warnings];
      const before = new Set(issues(withFrom).map(issueKey));
      const after = new Set(issues(withTo).map(issueKey));
      compositions.push({
        templateId: template.id,
        templateName: template.name,
        from: { errors: withFrom.errors.length, conflicts: withFrom.conflicts.length, warnings: withFrom.warnings.length },
        to: { errors: withTo.errors.length, conflicts: withTo.conflicts.length, warnings: withTo.warnings.length },
        introduced: issues(withTo).filter((i) => !before.has(issueKey(i))),
        resolved: issues(withFrom).filter((i) => !after.has(issueKey(i))),
        error: null as string | null,
      });
    } catch (error) {
      // One template that cannot be composed (a candidate the engine refuses) does not hide the others.
      compositions.push({
        templateId: template.id,
        templateName: template.name,
        from: null,
        to: null,
        introduced: [],
        resolved: [],
        error: error instanceof Error ? error.message : "Could not compose this template.",
      });
    }
  }

  const side = (v: NonNullable<typeof from>) => ({ id: v.id, version: v.version, state: v.promotionState, ociDigest: v.ociDigest, createdAt: v.createdAt });
  return {
    module: { name: module.name },
    versions: versions.map((v) => ({ version: v.version, state: v.promotionState })),
    from: side(from),
    to: side(to),
    manifest: { from: from.manifestYaml, to: to.manifestYaml },
    files: {
      ...diffFileLists(from.fileList, to.fileList, MAX_PATHS),
      fromCount: from.fileList.length,
      toCount: to.fileList.length,
      changedNote:
        "Changed contents cannot be told from path lists: a path present in both versions may have new content. " +
        "The package changes show which packages moved to another version.",
    },
    packages: diffPackages(from.packageList, to.packageList),
    compositions,
    templatesNotComposed: Math.max(0, assignments.length - MAX_TEMPLATES),
  };
}

export type VersionComparison = Awaited<ReturnType<typeof compareVersions>>;
