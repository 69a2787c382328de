import "server-only";
import { createHash } from "node:crypto";
import { compareLayers, deriveEffectivePriority } from "../domain/composition/priority";
import { desiredStateFor, type AssignmentForDesiredState, type LiveVersionForDesiredState } from "../domain/drift/desired";
import { findPlaceholders, instanceBindings, missingPlaceholders, type InstanceMetadata } from "../domain/instance-metadata/placeholders";
import type { Db } from "../db/client";
import { BoundedLruCache } from "./bounded-lru-cache";

/** One module as an agent receives it (snake_case on the wire, docs/fleet.md). */
export interface AgentModule {
  name: string;
  version: string;
  oci_ref: string;
  oci_digest: string;
  composefs_digest: string | null;
  effective_priority: number;
  metadata: Record<string, unknown>;
  /**
   * Instance-variety modules only (docs/authoring.md, "Instance metadata"): the values the agent substitutes for
   * `${instance.*}` in the module's files, from this node's metadata, and the placeholders the module's manifest
   * uses that have no value on this node.
   */
  bindings?: Record<string, string>;
  unbound_placeholders?: string[];
}

export interface UndeliverableModule {
  name: string;
  reason: string;
}

/** What every node of one template should run at one revision: computed once, shared by all its nodes. */
export interface TemplateDesiredState {
  templateId: string;
  templateName: string;
  revision: number;
  /** Layer order: ascending effective priority, the last layer wins a path (docs/composition.md). */
  modules: AgentModule[];
  undeliverable: UndeliverableModule[];
  /** Pins the agent is not given because their version left blessed/live; the live version is served instead. */
  ignoredPins: { name: string; version: string; state: string }[];
  /** sha256 of the serialized modules and revision: the base of every node's ETag. */
  contentHash: string;
  /**
   * `${instance.*}` placeholders each instance-variety module's deployed manifest uses (files are not known to
   * Strata: it never downloads the module tar; `strata dry-run` checks those). Keyed by module name.
   */
  instanceModules: Record<string, string[]>;
}

/**
 * Keyed by (template, revision). The revision is incremented in the transaction of every change that can alter the
 * result (server/services/fleet-revisions.ts), so an entry is never stale: a change makes a new key, and old keys
 * age out. Bounded: a few thousand templates' states fit in a few MB.
 */
const cache = new BoundedLruCache<TemplateDesiredState>({ maxEntries: 2_000 });
const stats = { hits: 0, computed: 0 };

const cacheKey = (templateId: string, revision: number) => `${templateId}:${revision}`;

/**
 * The desired state of a template at its current revision. `knownRevision` (read with the instance, in the same
 * query that authenticated the agent) lets a hit skip the database entirely.
 */
export async function templateDesiredState(db: Db, templateId: string, knownRevision?: number): Promise<TemplateDesiredState | null> {
  if (knownRevision !== undefined) {
    const hit = cache.get(cacheKey(templateId, knownRevision));
    if (hit) {
      stats.hits += 1;
      return hit;
    }
  }
  const computed = await computeTemplateDesiredState(db, templateId);
  if (computed) {
    stats.computed += 1;
    cache.set(cacheKey(templateId, computed.revision), computed);
  }
  return computed;
}

export function desiredStateCacheStats() {
  return { ...stats };
}

async function computeTemplateDesiredState(db: Db, templateId: string): Promise<TemplateDesiredState | null> {
  // One read: the revision comes with the rows it describes, so the cache key always matches the content.
  const template = await db.template.findUnique({
    where: { id: templateId },
    select: {
      id: true,
      name: true,
      desiredRevision: true,
      account: { select: { slug: true } },
      assignments: {
        select: {
          enabled: true,
          metadata: true,
          effectivePriorityOverride: true,
          pinnedVersion: { select: { version: true, promotionState: true, ociRef: true, ociDigest: true, composefsDigest: true, manifestYaml: true } },
          module: {
            select: {
              name: true,
              priority: true,
              variety: true,
              category: { select: { slug: true, position: true } },
              versions: {
                where: { promotionState: "live" },
                take: 1,
                select: { version: true, promotionState: true, ociRef: true, ociDigest: true, composefsDigest: true, manifestYaml: true },
              },
            },
          },
        },
      },
    },
  });
  if (!template) return null;

  const layers = template.assignments.map((a) => ({
    assignment: a,
    name: a.module.name,
    owner: template.account.slug,
    effectivePriority: deriveEffectivePriority({
      categorySlug: a.module.category.slug,
      categoryPosition: a.module.category.position,
      variety: a.module.variety,
      priority: a.module.priority,
      override: a.effectivePriorityOverride,
    }).effective,
  }));
  layers.sort(compareLayers);

  const liveVersions: Record<string, LiveVersionForDesiredState | undefined> = {};
  const assignments: AssignmentForDesiredState[] = layers.map(({ assignment: a, effectivePriority }) => {
    const live = a.module.versions[0];
    if (live) liveVersions[a.module.name] = { version: live.version, ociRef: live.ociRef, ociDigest: live.ociDigest, composefsDigest: live.composefsDigest, state: live.promotionState };
    const pin = a.pinnedVersion;
    return {
      moduleName: a.module.name,
      enabled: a.enabled,
      effectivePriority,
      metadata: (a.metadata ?? {}) as Record<string, unknown>,
      pinnedVersion: pin ? { version: pin.version, ociRef: pin.ociRef, ociDigest: pin.ociDigest, composefsDigest: pin.composefsDigest, state: pin.promotionState } : null,
    };
  });
  const desired = desiredStateFor({ assignments, liveVersions });
  // The manifest of the version each instance-variety module deploys (pin or live): its placeholders.
  const instanceModules: Record<string, string[]> = {};
  for (const m of desired.modules) {
    const layer = layers.find((l) => l.name === m.moduleName);
    if (!layer || layer.assignment.module.variety !== "instance") continue;
    const version = m.source === "pin" ? layer.assignment.pinnedVersion : layer.assignment.module.versions[0];
    instanceModules[m.moduleName] = findPlaceholders(version?.manifestYaml ?? "");
  }
  const modules: AgentModule[] = desired.modules.map((m) => ({
    name: m.moduleName,
    version: m.version,
    oci_ref: m.ociRef,
    oci_digest: m.ociDigest,
    composefs_digest: m.composefsDigest ?? null,
    effective_priority: m.effectivePriority ?? 0,
    metadata: { ...(m.metadata ?? {}) },
  }));
  const undeliverable = desired.unresolved.map((u) => ({ name: u.moduleName, reason: u.message }));
  const contentHash = createHash("sha256")
    .update(JSON.stringify({ revision: template.desiredRevision, name: template.name, modules, undeliverable }))
    .digest("hex");
  return {
    templateId: template.id,
    templateName: template.name,
    revision: template.desiredRevision,
    modules,
    undeliverable,
    ignoredPins: desired.ignoredPins.map((p) => ({ name: p.moduleName, version: p.version, state: p.state })),
    contentHash,
    instanceModules,
  };
}

/**
 * One node's modules: the template's, with each instance-variety module's bindings from this node's metadata
 * (docs/authoring.md). The substitution rule is the domain's (`instanceBindings`), the one `strata dry-run
 * --instance-metadata` previews with.
 */
export function modulesForInstance(state: TemplateDesiredState | null, metadata: InstanceMetadata): AgentModule[] {
  if (!state) return [];
  const names = Object.keys(state.instanceModules);
  if (names.length === 0) return state.modules;
  const bindings = instanceBindings(metadata);
  return state.modules.map((m) =>
    Object.hasOwn(state.instanceModules, m.name)
      ? { ...m, bindings, unbound_placeholders: missingPlaceholders(state.instanceModules[m.name]!, bindings) }
      : m,
  );
}

/** A stable key of what a node's metadata contributes to its desired state (its ETag changes with it). */
export function instanceMetadataKey(metadata: InstanceMetadata): string {
  return JSON.stringify(instanceBindings(metadata));
}

/**
 * A node's strong ETag: its own id and template bound to the template's content and to the node's own metadata, so
 * an edit of its hostname, site or labels (what its instance modules' bindings are made of) changes it.
 */
export function desiredStateEtag(instanceId: string, state: TemplateDesiredState | null, metadata: InstanceMetadata = {}): string {
  const base = state ? state.contentHash : "no-template";
  return `"${createHash("sha256").update(`${instanceId}\n${base}\n${instanceMetadataKey(metadata)}`).digest("base64url").slice(0, 32)}"`;
}

/**
 * A module an unfinished rollout wave holds this node on (docs/rollouts.md): the previous live version, or nothing
 * when the module had no live version before (`version: null`: not delivered until the node's wave).
 */
export interface RolloutHold {
  module: string;
  version: string | null;
  ociRef: string | null;
  ociDigest: string | null;
  composefsDigest: string | null;
}

export function parseHolds(value: unknown): RolloutHold[] {
  return Array.isArray(value) ? (value as RolloutHold[]).filter((h) => h && typeof h.module === "string") : [];
}

/**
 * What one node receives: its template's state with its rollout holds applied. Without holds the shared state is
 * returned as is (no copy on the hot path).
 */
export function applyRolloutHolds(state: TemplateDesiredState, holds: readonly RolloutHold[]): Pick<TemplateDesiredState, "modules" | "undeliverable"> {
  if (holds.length === 0) return state;
  const byModule = new Map(holds.map((h) => [h.module, h]));
  const modules: AgentModule[] = [];
  const undeliverable = [...state.undeliverable];
  for (const m of state.modules) {
    const hold = byModule.get(m.name);
    if (!hold) {
      modules.push(m);
    } else if (hold.version && hold.ociRef && hold.ociDigest) {
      modules.push({ ...m, version: hold.version, oci_ref: hold.ociRef, oci_digest: hold.ociDigest, composefs_digest: hold.composefsDigest });
    } else {
      undeliverable.push({ name: m.name, reason: `${m.name} reaches this node with a later wave of its rollout.` });
    }
  }
  return { modules, undeliverable };
}

/**
 * A held node's ETag also binds its holds: a wave release changes the holds (and `holdRevision`) of exactly the
 * nodes it releases, so only their ETags change.
 */
export function heldDesiredStateEtag(
  instanceId: string,
  state: TemplateDesiredState | null,
  holdRevision: number,
  holds: readonly RolloutHold[],
  metadata: InstanceMetadata = {},
): string {
  if (holds.length === 0 && holdRevision === 0) return desiredStateEtag(instanceId, state, metadata);
  const base = `${state ? state.contentHash : "no-template"}\n${holdRevision}\n${JSON.stringify(holds)}\n${instanceMetadataKey(metadata)}`;
  return `"${createHash("sha256").update(`${instanceId}\n${base}`).digest("base64url").slice(0, 32)}"`;
}
