import fs from "node:fs";
import path from "node:path";
import { randomSecret } from "../auth/secrets";
import { isAppError } from "../errors";
import type { Actor } from "../auth/actor";
import type { Role } from "../auth/permissions";
import type { Db } from "../db/client";
import { demo, type DemoData, type DemoModule, type DemoVersion } from "../../prisma/seed-data/demo";
import { serviceContext, type ServiceContext } from "../services/context";
import { createInstance, recordHeartbeat } from "../services/instances";
import { registerModule } from "../services/modules";
import { updatePolicy } from "../services/policy";
import { approveRequest, rejectRequest, requestLive, rollbackModule, transitionVersion } from "../services/promotion";
import { promoteRolloutNow } from "../services/rollouts";
import { assignModule, createTemplate } from "../services/templates";
import { createToken } from "../services/tokens";
import { createModuleVersion } from "../services/versions";
import { DEMO_ACCOUNT, seedDemoAccount } from "./accounts";
import { registerModuleInput } from "../contracts/modules";
import { createVersionInput } from "../contracts/versions";

const SEED_DATA_DIR = path.resolve(import.meta.dirname, "..", "..", "prisma", "seed-data");
const HOUR = 3_600_000;

function readSeedFile(...parts: string[]): string {
  return fs.readFileSync(path.join(SEED_DATA_DIR, ...parts), "utf8");
}

function readFileList(name: string): string[] {
  return readSeedFile("file-lists", name)
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line.startsWith("/"));
}

export interface SeedOptions {
  demoPassword?: string;
  demoApiToken?: string;
  enabled: boolean;
  /** PGlite data directory: the generated password is also written there (owner-readable only). */
  dataDir?: string;
  /** "Now" of the demo story; tests pin it. */
  now?: Date;
}

export interface SeedResult {
  users: Array<{ role: Role; email: string }>;
  generatedPassword?: string;
  passwordFile?: string;
  /** The demo instances the in-process demo fleet plays (docs/fleet-sim.md), with their agent tokens. */
  demoFleet: DemoFleetMember[];
}

/**
 * One seeded instance as the demo fleet plays it: its agent token (only its hash is in the database), what it
 * reported last, and how it behaves — `converge` installs what it is told, `frozen` keeps the drift the demo's
 * story gave it. Instances whose story is silence (never reported, stopped, stale) are not played.
 */
export interface DemoFleetMember {
  name: string;
  token: string;
  status: DemoData["instances"][number]["status"];
  running: Record<string, string>;
  profile: "converge" | "frozen";
}

/** A heartbeat older than this in the story means the node is meant to look stale: the demo fleet leaves it be. */
const DEMO_SILENT_AFTER_MINUTES = 10;

function demoFleetMember(instance: DemoData["instances"][number], token: string): DemoFleetMember | null {
  if (instance.lastHeartbeatMinutesAgo === null || instance.lastHeartbeatMinutesAgo > DEMO_SILENT_AFTER_MINUTES) return null;
  const drift = instance.expectedDrift;
  const drifted = drift !== null && drift.missing.length + drift.extra.length + drift.mismatched.length > 0;
  return {
    name: instance.name,
    token,
    status: instance.status,
    running: Object.fromEntries(instance.reportedModules.map((m) => [m.module, m.ociDigest])),
    profile: drifted || instance.status === "error" ? "frozen" : "converge",
  };
}

interface TimedStep {
  at: Date;
  /** Orders steps at the same instant: registration before builds before promotions. */
  order: number;
  label: string;
  run: () => Promise<unknown>;
}

/**
 * Replays the demo story through the service layer with a moving clock, so every row, timestamp and audit
 * event is exactly what Strata itself would have written had these things happened at those times.
 */
export async function seedDemo(db: Db, options: { password: string; apiToken?: string; now: Date; data?: DemoData }): Promise<DemoFleetMember[]> {
  const demoFleet: DemoFleetMember[] = [];
  const data = options.data ?? demo;
  const now = options.now;
  const hoursAgo = (hours: number) => new Date(now.getTime() - hours * HOUR);
  const earliest = Math.max(...data.modules.map((m) => m.registeredHoursAgo), ...data.templates.map((t) => t.createdHoursAgo)) + 1;
  const seeded = await seedDemoAccount(db, options.password, hoursAgo(earliest), data.users);

  const byEmail = new Map<string, Actor>(Object.values(seeded.actors).map((actor) => [actor.email, actor]));
  const actorFor = (email: string): Actor => {
    const actor = byEmail.get(email);
    if (!actor) throw new Error(`seed: unknown demo user ${email}`);
    return actor;
  };
  const at = (actor: Actor, time: Date): ServiceContext => serviceContext(db, actor, () => time);
  /** Completes the module's unfinished rollout (docs/rollouts.md) as the replayed history says it did. */
  const finishRollouts = async (moduleName: string, ctx: ServiceContext) => {
    const open = await db.rollout.findMany({
      where: { accountId: ctx.actor.accountId, module: { name: moduleName }, state: { in: ["progressing", "paused", "halted"] } },
      select: { id: true },
    });
    for (const rollout of open) await promoteRolloutNow(ctx, { rolloutId: rollout.id, reason: "Demo history: the rollout completed." });
  };

  const admin = seeded.actors.admin;
  await updatePolicy(at(admin, hoursAgo(earliest)), data.policy);
  // CI pushes builds with a real API token, as it would in production.
  const ci = await createToken(at(admin, hoursAgo(earliest)), { name: "forgejo-release", role: "author", scopes: ["versions.ingest", "modules.read"], expiresInDays: null });
  const ciActor: Actor = {
    kind: "token",
    tokenId: ci.token.id,
    tokenName: ci.token.name,
    createdById: admin.userId,
    accountId: seeded.accountId,
    accountSlug: DEMO_ACCOUNT.slug,
    role: "author",
    scopes: ["versions.ingest", "modules.read"],
  };
  if (options.apiToken) {
    await createToken(at(admin, now), { name: "demo-api-token", role: "admin", scopes: [], expiresInDays: null }, options.apiToken);
  }

  const versionIds = new Map<string, string>();
  const key = (module: string, version: string) => `${module}@${version}`;
  const versionId = (module: string, version: string) => {
    const id = versionIds.get(key(module, version));
    if (!id) throw new Error(`seed: ${key(module, version)} was not created before it is used`);
    return id;
  };
  const operator = seeded.actors.operator;
  const approver = seeded.actors.approver;
  const steps: TimedStep[] = [];
  const step = (hours: number, order: number, label: string, run: () => Promise<unknown>) => steps.push({ at: hoursAgo(hours), order, label, run });

  const retiredBy = new Map<string, DemoVersion>();
  for (const module of data.modules) {
    for (const version of module.versions) if (version.retiredHoursAgo !== null) retiredBy.set(key(module.name, version.version), version);
  }

  for (const module of data.modules) {
    step(module.registeredHoursAgo, 0, `register ${module.name}`, () =>
      registerModule(at(actorFor(module.registeredBy), hoursAgo(module.registeredHoursAgo)), registerModuleInput.parse({
        name: module.name,
        displayName: module.displayName,
        description: module.description,
        categorySlug: module.categorySlug,
        variety: module.variety,
        parentModule: module.parentModule ?? undefined,
        priority: module.priority,
        visibility: module.visibility,
        repositoryUrl: module.repositoryUrl,
        cosignIdentityRegexp: module.cosignIdentityRegexp,
        cosignIssuerRegexp: module.cosignIssuerRegexp,
        manifestYaml: readSeedFile("manifests", module.manifestFile),
      })),
    );
    for (const version of module.versions) addVersionSteps(module, version);
  }

  function addVersionSteps(module: DemoModule, version: DemoVersion) {
    const label = key(module.name, version.version);
    step(version.builtHoursAgo, 1, `build ${label}`, async () => {
      const created = await createModuleVersion(at(ciActor, hoursAgo(version.builtHoursAgo)), module.name, createVersionInput.parse({
        version: version.version,
        ociRef: version.ociRef,
        ociDigest: version.ociDigest,
        composefsDigest: version.composefsDigest,
        manifestYaml: readSeedFile("manifests", version.manifestFile),
        fileList: readFileList(version.fileList),
        packageList: version.packageList,
        signerIdentity: version.signerIdentity,
        signerIssuer: version.signerIssuer,
        sbomUri: version.sbomUri,
        provenanceUri: version.provenanceUri,
      }));
      versionIds.set(label, created.id);
    });
    if (version.stagingHoursAgo !== null) {
      const hours = version.stagingHoursAgo;
      step(hours, 2, `stage ${label}`, () => transitionVersion(at(operator, hoursAgo(hours)), { versionId: versionId(module.name, version.version), targetState: "staging" }));
    }
    if (version.blessedHoursAgo !== null) {
      const hours = version.blessedHoursAgo;
      step(hours, 3, `bless ${label}`, () => transitionVersion(at(operator, hoursAgo(hours)), { versionId: versionId(module.name, version.version), targetState: "blessed" }));
    }
    const firstLive = version.firstLiveHoursAgo ?? version.liveHoursAgo;
    if (firstLive !== null) {
      const request = data.promotionRequests.find((r) => r.module === module.name && r.version === version.version && r.status === "approved");
      const requestedHours = request?.createdHoursAgo ?? firstLive + 0.5;
      const requester = request ? actorFor(request.requestedBy) : operator;
      const approval = request?.decisions.find((d) => d.decision === "approve");
      const approverActor = approval ? actorFor(approval.by) : approver;
      step(requestedHours, 4, `request live ${label}`, async () => {
        const created = await requestLive(at(requester, hoursAgo(requestedHours)), {
          versionId: versionId(module.name, version.version),
          reason: request?.reason ?? `Roll out ${label} to the fleet after a clean staging soak.`,
        });
        step(firstLive, 5, `approve ${label}`, async () => {
          // The demo's history predates phased rollouts: the previous version's rollout is taken as finished.
          await finishRollouts(module.name, at(approverActor, hoursAgo(firstLive)));
          return approveRequest(at(approverActor, hoursAgo(firstLive)), { requestId: created.requestId, comment: approval?.comment ?? "Staging soak clean; approved." });
        });
      });
    }
    if (version.firstLiveHoursAgo !== null && version.liveHoursAgo !== null && version.liveHoursAgo !== version.firstLiveHoursAgo) {
      // Live a second time: it was the rollback target when the version after it was pulled.
      const hours = version.liveHoursAgo;
      const pulled = [...retiredBy.entries()].find(([k, v]) => k.startsWith(`${module.name}@`) && v.retiredHoursAgo === hours)?.[1];
      step(hours, 6, `rollback ${module.name}`, () =>
        rollbackModule(at(approver, hoursAgo(hours)), { moduleName: module.name, reason: pulled?.retiredReason ?? `Roll back ${module.name}.` }),
      );
    }
    if (version.retiredHoursAgo !== null) {
      const hours = version.retiredHoursAgo;
      step(hours, 7, `retire ${label}`, async () => {
        const id = versionId(module.name, version.version);
        const current = await db.moduleVersion.findUniqueOrThrow({ where: { id }, select: { promotionState: true } });
        if (current.promotionState === "retired") return; // Already retired by a rollback at this instant.
        await transitionVersion(at(current.promotionState === "live" ? approver : operator, hoursAgo(hours)), {
          versionId: id,
          targetState: "retired",
          reason: version.retiredReason ?? "Superseded.",
        });
      });
    }
  }

  for (const request of data.promotionRequests) {
    if (request.status === "approved") continue; // Replayed with the version's live promotion above.
    step(request.createdHoursAgo, 4, `request ${request.module}@${request.version}`, async () => {
      const created = await requestLive(at(actorFor(request.requestedBy), hoursAgo(request.createdHoursAgo)), {
        versionId: versionId(request.module, request.version),
        reason: request.reason,
      });
      for (const decision of request.decisions) {
        // A decision can only be made before the request expires; keep the story inside the policy's TTL.
        const hours = Math.max(decision.hoursAgo, request.createdHoursAgo - data.policy.requestTtlHours + 0.25);
        step(hours, 5, `decide ${request.module}@${request.version}`, () =>
          decision.decision === "approve"
            ? finishRollouts(request.module, at(actorFor(decision.by), hoursAgo(hours))).then(() => approveRequest(at(actorFor(decision.by), hoursAgo(hours)), { requestId: created.requestId, comment: decision.comment }))
            : rejectRequest(at(actorFor(decision.by), hoursAgo(hours)), { requestId: created.requestId, comment: decision.comment }),
        );
      }
    });
  }

  const templateIds = new Map<string, string>();
  for (const template of data.templates) {
    step(template.createdHoursAgo, 8, `template ${template.name}`, async () => {
      const created = await createTemplate(at(actorFor(template.createdBy), hoursAgo(template.createdHoursAgo)), {
        name: template.name,
        description: template.description,
      });
      templateIds.set(template.name, created.id);
    });
    for (const assignment of template.assignments) {
      // A pin needs its version blessed already: assign no earlier than that.
      const assigned = data.modules.find((m) => m.name === assignment.module);
      const pinned = assignment.pinnedVersion ? assigned?.versions.find((v) => v.version === assignment.pinnedVersion) : undefined;
      const hours = Math.min(
        assignment.assignedHoursAgo,
        template.createdHoursAgo,
        assigned?.registeredHoursAgo ?? Number.POSITIVE_INFINITY,
        pinned?.blessedHoursAgo ?? Number.POSITIVE_INFINITY,
      );
      step(hours, 9, `assign ${template.name}/${assignment.module}`, async () => {
        const input = {
          templateId: templateIds.get(template.name) ?? "",
          moduleName: assignment.module,
          enabled: assignment.enabled,
          effectivePriorityOverride: assignment.effectivePriorityOverride,
          pinnedVersion: assignment.pinnedVersion,
          metadata: assignment.metadata,
        };
        try {
          await assignModule(at(operator, hoursAgo(hours)), input);
        } catch (error) {
          // Templates were assembled module by module, before every dependency had a live version: the operator
          // accepted the interim composition errors, as Strata requires (docs/templates.md).
          if (!(isAppError(error) && (error.details as { reason?: string } | undefined)?.reason === "COMPOSITION_ERRORS")) throw error;
          await assignModule(at(operator, hoursAgo(hours)), { ...input, overrideReason: "Assembling the template; its dependencies go live next." });
        }
      });
    }
  }

  for (const instance of data.instances) {
    step(instance.createdHoursAgo, 10, `instance ${instance.name}`, async () => {
      const created = await createInstance(at(operator, hoursAgo(instance.createdHoursAgo)), {
        name: instance.name,
        templateId: templateIds.get(instance.template) ?? null,
        arch: instance.arch,
      });
      const member = demoFleetMember(instance, created.agentToken);
      if (member) demoFleet.push(member);
      if (instance.lastHeartbeatMinutesAgo === null) return;
      // One heartbeat per moment a module started running, then the last one: runningSince comes out exact.
      const last = instance.lastHeartbeatMinutesAgo;
      const moments = [...new Set(instance.reportedModules.map((m) => Math.max(m.sinceMinutesAgo, last)))].sort((a, b) => b - a);
      if (!moments.includes(last)) moments.push(last);
      for (const minutes of moments) {
        step(minutes / 60, 11, `heartbeat ${instance.name}`, () =>
          recordHeartbeat(at(operator, hoursAgo(minutes / 60)), created.id, {
            status: instance.status,
            modules: Object.fromEntries(instance.reportedModules.filter((m) => m.sinceMinutesAgo >= minutes).map((m) => [m.module, m.ociDigest])),
          }),
        );
      }
    });
  }

  // Steps may add later steps (a request schedules its decisions), so run from a queue kept in time order.
  const done = new Set<TimedStep>();
  for (;;) {
    const next = steps
      .filter((s) => !done.has(s))
      .sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order)[0];
    if (!next) break;
    done.add(next);
    try {
      await next.run();
    } catch (error) {
      throw new Error(`Demo seed failed at "${next.label}" (${next.at.toISOString()}): ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
  }
  // The replayed history predates phased rollouts (docs/rollouts.md): the last live versions are everywhere already.
  const lastLive = await db.rollout.findMany({ where: { accountId: admin.accountId, state: { in: ["progressing", "paused", "halted"] } }, select: { module: { select: { name: true } } } });
  for (const rollout of lastLive) await finishRollouts(rollout.module.name, at(approver, now));
  return demoFleet;
}

/** Seeds the demo account when the database has no account at all. Returns what to tell the operator. */
export async function seedDemoIfEmpty(db: Db, options: SeedOptions): Promise<SeedResult | null> {
  if (!options.enabled) return null;
  if ((await db.account.count()) > 0) return null;
  const generatedPassword = options.demoPassword ? undefined : randomSecret(12);
  const password = options.demoPassword ?? generatedPassword ?? "";
  const started = Date.now();
  const demoFleet = await seedDemo(db, { password, apiToken: options.demoApiToken, now: options.now ?? new Date() });
  console.log(`Seeded the demo account in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  let passwordFile: string | undefined;
  if (generatedPassword && options.dataDir) {
    passwordFile = path.join(options.dataDir, "demo-password.txt");
    fs.writeFileSync(passwordFile, `${generatedPassword}\n`, { mode: 0o600 });
  }
  const users = await db.membership.findMany({
    where: { account: { slug: DEMO_ACCOUNT.slug } },
    select: { role: true, user: { select: { email: true } } },
    orderBy: { createdAt: "asc" },
  });
  return {
    users: users.map((m) => ({ role: m.role as Role, email: m.user.email })),
    ...(generatedPassword ? { generatedPassword } : {}),
    ...(passwordFile ? { passwordFile } : {}),
    demoFleet,
  };
}
