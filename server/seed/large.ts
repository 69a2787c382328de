import type { Db } from "../db/client";
import type { Prisma } from "../db/generated/client";
import { AppError } from "../errors";
import { largeInstances, largeModules, largeTemplates, largeVersions, LARGE_COUNTS, LARGE_PREFIX, type LargeOptions } from "../../prisma/seed-data/large";

const HOUR = 3_600_000;

/**
 * The benchmark dataset, added to an existing account. Bulk inserts (createMany in batches) rather than one
 * service call per row: 10,000 versions through the promotion services would take minutes and measure nothing
 * the benchmarks are about. The rows obey the same rules (one live per module, pins on blessed/live versions).
 */
export async function seedLarge(db: Db, accountSlug: string, options: LargeOptions & { now?: Date; log?: (line: string) => void } = {}) {
  const now = options.now ?? new Date();
  const ago = (hours: number | null) => (hours === null ? null : new Date(now.getTime() - hours * HOUR));
  const log = options.log ?? (() => undefined);
  const account = await db.account.findUnique({ where: { slug: accountSlug }, select: { id: true } });
  if (!account) throw new AppError("NOT_FOUND", `Account ${accountSlug} not found; start Strata once to create it.`);
  if ((await db.module.count({ where: { accountId: account.id, name: { startsWith: LARGE_PREFIX } } })) > 0) {
    throw new AppError("CONFLICT", `The scale dataset is already in account ${accountSlug}.`);
  }
  const accountId = account.id;
  const categories = new Map((await db.category.findMany({ where: { accountId }, select: { id: true, slug: true } })).map((c) => [c.slug, c.id]));
  const generatorOptions = { owner: accountSlug, ...options };

  const moduleIds = new Map<string, string>();
  for (const batch of largeModules(generatorOptions)) {
    const rows = batch.map((m) => {
      const categoryId = categories.get(m.categorySlug);
      if (!categoryId) throw new Error(`unknown category ${m.categorySlug}`);
      return {
        id: crypto.randomUUID(),
        accountId,
        name: m.name,
        displayName: m.displayName,
        description: m.description,
        categoryId,
        variety: m.variety,
        priority: m.priority,
        visibility: m.visibility,
        repositoryUrl: m.repositoryUrl,
        cosignIdentityRegexp: m.cosignIdentityRegexp,
        cosignIssuerRegexp: m.cosignIssuerRegexp,
        manifestYaml: m.manifestYaml,
        createdAt: ago(m.registeredHoursAgo) ?? now,
        updatedAt: ago(m.registeredHoursAgo) ?? now,
        parent: m.parentModule,
      };
    });
    await db.module.createMany({ data: rows.map(({ parent: _parent, ...row }) => row) });
    for (const row of rows) moduleIds.set(row.name, row.id);
    for (const row of rows.filter((r) => r.parent)) {
      const parentId = moduleIds.get(row.parent ?? "");
      if (parentId) await db.module.update({ where: { id: row.id }, data: { parentModuleId: parentId } });
    }
  }
  log(`modules: ${moduleIds.size}`);

  const versionIds = new Map<string, string>();
  let versionCount = 0;
  for (const batch of largeVersions(generatorOptions)) {
    const rows: Prisma.ModuleVersionCreateManyInput[] = batch.map((v) => {
      const id = crypto.randomUUID();
      versionIds.set(`${v.moduleName}@${v.version}`, id);
      const stateTimes = [v.builtHoursAgo, v.stagingHoursAgo, v.blessedHoursAgo, v.liveHoursAgo, v.retiredHoursAgo].filter((h): h is number => h !== null);
      return {
        id,
        accountId,
        moduleId: moduleIds.get(v.moduleName) ?? "",
        version: v.version,
        promotionState: v.promotionState,
        previouslyLive: v.previouslyLive,
        manifestYaml: "",
        ociRef: v.ociRef,
        ociDigest: v.ociDigest,
        composefsDigest: v.composefsDigest,
        fileList: v.fileList,
        packageList: v.packageList,
        signerIdentity: v.signerIdentity,
        signerIssuer: v.signerIssuer,
        signatureVerifiedAt: ago(v.builtHoursAgo),
        createdAt: ago(v.builtHoursAgo) ?? now,
        stagingAt: ago(v.stagingHoursAgo),
        blessedAt: ago(v.blessedHoursAgo),
        liveAt: ago(v.liveHoursAgo),
        retiredAt: ago(v.retiredHoursAgo),
        retiredReason: v.retiredReason,
        stateChangedAt: ago(Math.min(...stateTimes)) ?? now,
      };
    });
    await db.moduleVersion.createMany({ data: rows });
    versionCount += rows.length;
  }
  log(`versions: ${versionCount}`);

  const templateIds = new Map<string, string>();
  let assignmentCount = 0;
  for (const batch of largeTemplates(generatorOptions)) {
    for (const t of batch) {
      const id = crypto.randomUUID();
      templateIds.set(t.name, id);
      await db.template.create({ data: { id, accountId, name: t.name, description: t.description, createdAt: ago(t.createdHoursAgo) ?? now } });
      await db.templateModule.createMany({
        data: t.assignments.map((a) => ({
          accountId,
          templateId: id,
          moduleId: moduleIds.get(a.moduleName) ?? "",
          enabled: a.enabled,
          effectivePriorityOverride: a.effectivePriorityOverride,
          pinnedVersionId: a.pinnedVersion ? (versionIds.get(`${a.moduleName}@${a.pinnedVersion}`) ?? null) : null,
          metadata: a.metadata as Prisma.InputJsonValue,
        })),
      });
      assignmentCount += t.assignments.length;
    }
  }
  log(`templates: ${templateIds.size} (${assignmentCount} assignments)`);

  let instanceCount = 0;
  for (const batch of largeInstances(generatorOptions)) {
    await db.nodeInstance.createMany({
      data: batch.map((i) => ({
        accountId,
        templateId: templateIds.get(i.templateName) ?? null,
        name: i.name,
        arch: i.arch,
        status: i.status,
        lastHeartbeatAt: i.lastHeartbeatMinutesAgo === null ? null : new Date(now.getTime() - i.lastHeartbeatMinutesAgo * 60_000),
        runningModules: i.reportedModules,
        createdAt: ago(i.createdHoursAgo) ?? now,
      })),
    });
    instanceCount += batch.length;
  }
  log(`instances: ${instanceCount}`);
  return { modules: moduleIds.size, versions: versionCount, templates: templateIds.size, assignments: assignmentCount, instances: instanceCount, expected: LARGE_COUNTS };
}
