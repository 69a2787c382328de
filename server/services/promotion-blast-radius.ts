/**
 * The blast radius of a live request (docs/promotion-pipeline.md): what the fleet would run differently if the
 * candidate went live. Shown to the approver before anyone clicks approve.
 *
 * - templates that include the module: an enabled assignment without a usable pin follows live, so it changes; a
 *   disabled assignment, or a pin to a blessed/live version (node agents get the pin: `resolvePin`), does not;
 * - instances that will change: every instance of an affected template (its desired version moves to the
 *   candidate), with what each reports running now;
 * - the manifest diff inputs: the candidate's snapshot and the current live version's;
 * - the file-list diff: added and removed paths, and the package-list diff. Per-path "changed" cannot be known from
 *   path lists (a path present in both may or may not have new content, and the lists do not say which package
 *   owns which path), so it is reported as unknown and the package changes stand in for it;
 * - optionally, the composition preview of each affected template with the candidate, and the issues the candidate
 *   would introduce. The composition engine is wired by the caller (`options.composePreview`).
 */
import "server-only";
import { resolvePin } from "../domain/composition/pins";
import type { Issue } from "../domain/issues";
import { AppError } from "../errors";
import type { ServiceContext } from "./context";

/**
 * What the blast radius needs from a composition preview (`composePreview(templateId, {candidate?})`,
 * docs/templates.md): the issues of the template as it deploys now, and with the candidate in place of the module's
 * live version.
 */
export interface CompositionPreviewResult {
  errors: Issue[];
  warnings: Issue[];
  conflicts: Issue[];
}

export type ComposePreviewFn = (
  ctx: ServiceContext,
  templateId: string,
  options: { candidate?: { moduleName: string; versionId: string; version: string } },
) => Promise<CompositionPreviewResult>;

export interface BlastRadiusOptions {
  composePreview?: ComposePreviewFn;
  /** Instances listed (all are counted). */
  maxInstances?: number;
  /** Paths listed per side of the file diff (all are counted). */
  maxPaths?: number;
}

const DEFAULT_MAX_INSTANCES = 1000;
const DEFAULT_MAX_PATHS = 50_000;

function parsePackage(entry: string): { name: string; version: string | null } {
  const at = entry.indexOf("=");
  return at > 0 ? { name: entry.slice(0, at), version: entry.slice(at + 1) } : { name: entry, version: null };
}

/** Package changes between two package lists (`name=version` entries, as builds record them). */
export function diffPackages(from: readonly string[], to: readonly string[]) {
  const before = new Map(from.map((e) => { const p = parsePackage(e); return [p.name, p.version] as const; }));
  const after = new Map(to.map((e) => { const p = parsePackage(e); return [p.name, p.version] as const; }));
  const added: Array<{ name: string; version: string | null }> = [];
  const removed: Array<{ name: string; version: string | null }> = [];
  const changed: Array<{ name: string; from: string | null; to: string | null }> = [];
  for (const [name, version] of after) {
    if (!before.has(name)) added.push({ name, version });
    else if (before.get(name) !== version) changed.push({ name, from: before.get(name) ?? null, to: version });
  }
  for (const [name, version] of before) if (!after.has(name)) removed.push({ name, version });
  const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return { added: added.sort(byName), removed: removed.sort(byName), changed: changed.sort(byName), unchanged: [...after.keys()].filter((n) => before.has(n) && before.get(n) === after.get(n)).length };
}

/** Added and removed paths; both lists sorted, each capped at `max` (the counts are exact). */
export function diffFileLists(from: readonly string[], to: readonly string[], max = DEFAULT_MAX_PATHS) {
  const before = new Set(from);
  const after = new Set(to);
  const added: string[] = [];
  const removed: string[] = [];
  for (const path of after) if (!before.has(path)) added.push(path);
  for (const path of before) if (!after.has(path)) removed.push(path);
  added.sort();
  removed.sort();
  let unchanged = 0;
  for (const path of after) if (before.has(path)) unchanged += 1;
  return {
    addedCount: added.length,
    removedCount: removed.length,
    unchangedCount: unchanged,
    added: added.slice(0, max),
    removed: removed.slice(0, max),
    truncated: added.length > max || removed.length > max,
  };
}

function issueKey(issue: Issue): string {
  return `${issue.severity}|${issue.code}|${issue.path}|${issue.relatedModule ?? ""}|${issue.message}`;
}

export async function blastRadius(ctx: ServiceContext, requestId: string, options: BlastRadiusOptions = {}) {
  const accountId = ctx.actor.accountId;
  const maxInstances = options.maxInstances ?? DEFAULT_MAX_INSTANCES;
  const request = await ctx.db.promotionRequest.findFirst({
    where: { id: requestId, accountId },
    select: {
      id: true,
      status: true,
      moduleVersion: {
        select: {
          id: true,
          version: true,
          promotionState: true,
          ociDigest: true,
          manifestYaml: true,
          fileList: true,
          packageList: true,
          module: { select: { id: true, name: true } },
        },
      },
    },
  });
  if (!request) throw new AppError("NOT_FOUND", "Promotion request not found.");
  const candidate = request.moduleVersion;
  const module = candidate.module;
  const live = await ctx.db.moduleVersion.findFirst({
    where: { moduleId: module.id, promotionState: "live" },
    select: { id: true, version: true, ociDigest: true, manifestYaml: true, fileList: true, packageList: true },
  });

  const assignments = await ctx.db.templateModule.findMany({
    where: { accountId, moduleId: module.id },
    select: {
      id: true,
      enabled: true,
      template: { select: { id: true, name: true, _count: { select: { instances: true } } } },
      pinnedVersion: { select: { id: true, version: true, promotionState: true } },
    },
    orderBy: { template: { name: "asc" } },
  });
  const templates = assignments.map((a) => {
    const pin = a.pinnedVersion;
    const resolved = resolvePin(pin && { ...pin, state: pin.promotionState }, live);
    const pinUsable = resolved.source === "pinned";
    const affected = a.enabled && !pinUsable;
    return {
      templateId: a.template.id,
      templateName: a.template.name,
      assignmentId: a.id,
      enabled: a.enabled,
      pinnedVersion: pin ? { id: pin.id, version: pin.version, state: pin.promotionState, usable: pinUsable } : null,
      instanceCount: a.template._count.instances,
      affected,
      why: !a.enabled
        ? "The assignment is disabled."
        : resolved.source === "pinned"
          ? `Pinned to ${resolved.deploying.version}: nodes keep the pinned version.`
          : resolved.ignoredPin
            ? `Pinned to ${resolved.ignoredPin.version}, which is ${resolved.ignoredPin.state}: the pin is ignored and nodes follow live.`
            : "Follows the live version.",
    };
  });
  const affectedIds = templates.filter((t) => t.affected).map((t) => t.templateId);
  const templateName = new Map(templates.map((t) => [t.templateId, t.templateName]));
  const [instanceTotal, instanceRows] = await Promise.all([
    ctx.db.nodeInstance.count({ where: { accountId, templateId: { in: affectedIds } } }),
    // Only this module's digest of each node's report: a node of a large template reports hundreds of modules.
    ctx.db.$queryRaw<Array<{ id: string; name: string; status: string; arch: string; templateId: string | null; lastHeartbeatAt: Date | null; runningDigest: string | null }>>`
      SELECT id, name, status::text AS status, arch::text AS arch, "templateId", "lastHeartbeatAt",
        CASE WHEN jsonb_typeof("runningModules" -> ${module.name}::text) = 'string' THEN "runningModules" ->> ${module.name}::text END AS "runningDigest"
      FROM node_instances
      WHERE "accountId" = ${accountId} AND "templateId" = ANY(${affectedIds}::text[])
      ORDER BY name ASC
      LIMIT ${maxInstances}`,
  ]);
  const knownDigests = await ctx.db.moduleVersion.findMany({
    where: { moduleId: module.id },
    select: { ociDigest: true, version: true },
  });
  const versionByDigest = new Map(knownDigests.map((v) => [v.ociDigest.toLowerCase(), v.version]));
  const instances = instanceRows.map((i) => {
    const digest = i.runningDigest;
    return {
      id: i.id,
      name: i.name,
      status: i.status,
      arch: i.arch,
      templateName: i.templateId ? (templateName.get(i.templateId) ?? null) : null,
      lastHeartbeatAt: i.lastHeartbeatAt,
      runningDigest: digest,
      runningVersion: digest ? (versionByDigest.get(digest.toLowerCase()) ?? null) : null,
      alreadyRunsCandidate: digest !== null && digest.toLowerCase() === candidate.ociDigest.toLowerCase(),
    };
  });

  let compositions: Array<{
    templateId: string;
    templateName: string;
    errors: Issue[];
    warnings: Issue[];
    conflicts: Issue[];
    introduced: Issue[];
  }> | undefined;
  if (options.composePreview) {
    compositions = [];
    for (const t of templates.filter((x) => x.affected)) {
      const [current, withCandidate] = await Promise.all([
        options.composePreview(ctx, t.templateId, {}),
        options.composePreview(ctx, t.templateId, { candidate: { moduleName: module.name, versionId: candidate.id, version: candidate.version } }),
      ]);
      const existing = new Set([...current.errors, ...current.warnings, ...current.conflicts].map(issueKey));
      compositions.push({
        templateId: t.templateId,
        templateName: t.templateName,
        errors: withCandidate.errors,
        warnings: withCandidate.warnings,
        conflicts: withCandidate.conflicts,
        introduced: [...withCandidate.errors, ...withCandidate.conflicts, ...withCandidate.warnings].filter((issue) => !existing.has(issueKey(issue))),
      });
    }
  }

  return {
    requestId: request.id,
    requestStatus: request.status,
    module: { id: module.id, name: module.name },
    candidate: { id: candidate.id, version: candidate.version, state: candidate.promotionState, ociDigest: candidate.ociDigest },
    live: live ? { id: live.id, version: live.version, ociDigest: live.ociDigest } : null,
    templates,
    instances: { total: instanceTotal, listed: instances.length, items: instances },
    manifest: { candidate: candidate.manifestYaml, live: live?.manifestYaml ?? null },
    files: {
      ...diffFileLists(live?.fileList ?? [], candidate.fileList, options.maxPaths),
      candidateCount: candidate.fileList.length,
      liveCount: live?.fileList.length ?? 0,
      changed: null,
      changedNote:
        "Changed contents cannot be told from path lists: a path present in both versions may have new content. " +
        "The package changes below show which packages moved to another version.",
    },
    packages: diffPackages(live?.packageList ?? [], candidate.packageList),
    compositions,
  };
}

export type BlastRadius = Awaited<ReturnType<typeof blastRadius>>;
