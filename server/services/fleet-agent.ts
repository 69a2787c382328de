import "server-only";
import { randomUUID } from "node:crypto";
import { AGENT_TOKEN_PREFIX, ENROLLMENT_TOKEN_PREFIX, newAgentToken, sha256Hex, tokenDisplayPrefix } from "../auth/secrets";
import type { EnrollInput, HeartbeatInput } from "../contracts/instances";
import { computeDrift } from "../domain/drift/drift";
import type { Db } from "../db/client";
import { AppError } from "../errors";
import type { InstanceMetadata } from "../domain/instance-metadata/placeholders";
import {
  applyRolloutHolds,
  heldDesiredStateEtag,
  modulesForInstance,
  parseHolds,
  templateDesiredState,
  type AgentModule,
  type UndeliverableModule,
} from "./fleet-desired-state";
import { runInTransaction } from "./transaction";
import { recordHeartbeat } from "../observability/metrics";

/**
 * The node agent's side of the fleet (docs/fleet.md): who is calling, what it should run, what it reports.
 * Agents are not people: they have no role and no ServiceContext; each call is scoped to the one instance its
 * token belongs to, and nothing an agent sends can reach another instance or account.
 */
export interface AgentIdentity {
  instanceId: string;
  accountId: string;
  name: string;
  templateId: string | null;
  /** The template's desired-state revision, read in the same query that checked the token. */
  desiredRevision: number | null;
  /** The node's metadata (docs/authoring.md), read in the same query: its instance modules' bindings. */
  arch: string;
  hostname: string | null;
  site: string | null;
  labels: Record<string, string> | null;
  /** Rollout holds of this node (docs/rollouts.md), read in the same query. */
  rolloutHolds: unknown;
  holdRevision: number;
}

/** The columns that hold an instance's agent token: only its hash, a prefix to recognise it, and when it was issued. */
export function agentTokenColumns(agentToken: string, issuedAt: Date) {
  return { agentTokenHash: sha256Hex(agentToken), agentTokenPrefix: tokenDisplayPrefix(agentToken), agentTokenIssuedAt: issuedAt };
}

/** Resolves `Authorization: Bearer sna_…` to its instance; anything else (other token types included) is 401. */
export async function authenticateAgent(db: Db, authorization: string | null): Promise<AgentIdentity> {
  const match = authorization ? /^Bearer\s+(\S+)$/i.exec(authorization.trim()) : null;
  const token = match?.[1];
  if (!token || !token.startsWith(AGENT_TOKEN_PREFIX) || token.length > 200) {
    throw new AppError("UNAUTHORIZED", "The agent API takes an agent token (sna_…) as a bearer token.");
  }
  // Every agent call starts here: one raw statement, because Prisma compiles each model query anew (about a
  // third of an agent call's CPU went to compiling this lookup; docs/fleet.md, "The hot path").
  const rows = await db.$queryRaw<AgentIdentity[]>`
    SELECT n.id AS "instanceId", n."accountId", n.name, n."templateId", t."desiredRevision",
           n.arch::text AS arch, n.hostname, n.site, n.labels, n."rolloutHolds", n."holdRevision"
    FROM node_instances n LEFT JOIN templates t ON t.id = n."templateId"
    WHERE n."agentTokenHash" = ${sha256Hex(token)} AND n."decommissionedAt" IS NULL`;
  const instance = rows[0];
  if (!instance) throw new AppError("UNAUTHORIZED", "Unknown, rotated or revoked agent token.");
  return instance;
}

export interface AgentDesiredState {
  body: {
    instance_id: string;
    template: { id: string; name: string } | null;
    revision: number;
    modules: AgentModule[];
    undeliverable: UndeliverableModule[];
  };
  etag: string;
}

/** What this node should run: its template's cached state, in layer order; only blessed or live versions. */
export async function agentDesiredState(db: Db, agent: AgentIdentity): Promise<AgentDesiredState> {
  const state = agent.templateId ? await templateDesiredState(db, agent.templateId, agent.desiredRevision ?? undefined) : null;
  const holds = parseHolds(agent.rolloutHolds);
  const held = state ? applyRolloutHolds(state, holds) : null;
  return {
    body: {
      instance_id: agent.instanceId,
      template: state ? { id: state.templateId, name: state.templateName } : null,
      revision: agentRevision(state?.revision, agent.holdRevision),
      // Holds first (which version this node gets while its rollout wave waits), then its metadata's bindings.
      modules: held && state ? modulesForInstance({ ...state, ...held }, metadataOf(agent)) : [],
      undeliverable: held?.undeliverable ?? [],
    },
    etag: heldDesiredStateEtag(agent.instanceId, state, agent.holdRevision, holds, metadataOf(agent)),
  };
}

function metadataOf(agent: AgentIdentity): InstanceMetadata {
  return { name: agent.name, arch: agent.arch, hostname: agent.hostname, site: agent.site, labels: agent.labels ?? {} };
}

/**
 * The revision an agent holds: the template's plus the node's hold revision. Both only grow, so the sum changes
 * whenever either does, and a wave release moves it for the released nodes only.
 */
export function agentRevision(templateRevision: number | undefined, holdRevision: number): number {
  return templateRevision === undefined ? 0 : templateRevision + holdRevision;
}

/** Does an `If-None-Match` header name this ETag (or `*`)? Weak comparison, as RFC 9110 prescribes for it. */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const wanted = ifNoneMatch.split(",").map((tag) => tag.trim().replace(/^W\//, ""));
  return wanted.includes("*") || wanted.includes(etag);
}

// ---------------------------------------------------------------------------------------------------------
// Enrollment

/**
 * Exchanges an enrollment token for a new instance of the token's template and its agent token. The use is
 * counted by one conditional UPDATE (not expired, not revoked, uses left), so concurrent enrollments can never
 * exceed `max_uses`; the instance is created in the same transaction, so a failed creation gives the use back.
 */
export async function enrollAgent(db: Db, authorization: string | null, input: EnrollInput, now: Date) {
  const match = authorization ? /^Bearer\s+(\S+)$/i.exec(authorization.trim()) : null;
  const secret = match?.[1];
  if (!secret || !secret.startsWith(ENROLLMENT_TOKEN_PREFIX) || secret.length > 200) {
    throw new AppError("UNAUTHORIZED", "Enrollment takes an enrollment token (sne_…) as a bearer token.");
  }
  const agentToken = newAgentToken();
  return runInTransaction(
    db,
    async (tx) => {
      const claimed = await tx.$queryRaw<{ id: string; accountId: string; templateId: string }[]>`
        UPDATE enrollment_tokens SET uses = uses + 1
        WHERE "tokenHash" = ${sha256Hex(secret)} AND "revokedAt" IS NULL AND "expiresAt" > ${now} AND uses < "maxUses"
        RETURNING id, "accountId", "templateId"`;
      const token = claimed[0];
      if (!token) throw new AppError("UNAUTHORIZED", "Unknown, expired, revoked or used-up enrollment token.");
      const instance = await tx.nodeInstance.create({
        data: {
          id: randomUUID(),
          accountId: token.accountId,
          templateId: token.templateId,
          name: input.name,
          arch: input.arch,
          status: "pending",
          ...agentTokenColumns(agentToken, now),
          enrolledWithTokenId: token.id,
          createdAt: now,
        },
        select: { id: true },
      });
      await tx.instanceEvent.create({
        data: { accountId: token.accountId, instanceId: instance.id, kind: "enrolled", detail: { enrollmentTokenId: token.id, arch: input.arch }, createdAt: now },
      });
      return { instanceId: instance.id, agentToken };
    },
    { uniqueViolation: () => new AppError("CONFLICT", `An instance named ${input.name} already exists in this account.`, { fieldErrors: { name: "This name is taken" } }) },
  );
}

// ---------------------------------------------------------------------------------------------------------
// Heartbeat

interface HeartbeatRow {
  old_status: string;
  old_severity: string;
  old_differences: number;
  old_stale_since: Date | null;
}

/**
 * Records what a node runs: status, agent version, `{module: digest}`, and per module when its current digest
 * was first seen (`runningSince`, for the ready-to-bless sensor). One UPDATE computes `runningSince` from the row's
 * own previous values, so two racing heartbeats cannot lose a "since". Drift is computed against the cached
 * desired state and stored with the row (lists filter and sort on it). Events are written only when the status
 * or the drift severity changes, never per heartbeat.
 */
export async function recordAgentHeartbeat(db: Db, agent: AgentIdentity, input: HeartbeatInput, now: Date) {
  const state = agent.templateId ? await templateDesiredState(db, agent.templateId, agent.desiredRevision ?? undefined) : null;
  const held = state ? applyRolloutHolds(state, parseHolds(agent.rolloutHolds)) : null;
  const desired = (held?.modules ?? []).map((m) => ({ moduleName: m.name, ociDigest: m.oci_digest, version: m.version }));
  const drift = computeDrift({ desired, reported: input.modules, lastHeartbeatAt: now, now, staleAfterMinutes: Number.MAX_SAFE_INTEGER });
  const inSync = desired.length - drift.missing.length - drift.mismatched.length;
  const modulesJson = JSON.stringify(input.modules);

  const rows = await db.$queryRaw<HeartbeatRow[]>`
    UPDATE node_instances AS n SET
      status = ${input.status}::"InstanceStatus",
      "lastHeartbeatAt" = ${now},
      "agentVersion" = ${input.agentVersion ?? null},
      "runningModules" = ${modulesJson}::jsonb,
      "runningSince" = COALESCE((
        SELECT jsonb_object_agg(e.key,
          CASE WHEN n."runningModules" ->> e.key = e.value AND n."runningSince" ? e.key
               THEN n."runningSince" -> e.key
               ELSE to_jsonb(${now.toISOString()}::text) END)
        FROM jsonb_each_text(${modulesJson}::jsonb) AS e), '{}'::jsonb),
      "driftSeverity" = ${drift.severity}::"DriftSeverity",
      "driftDifferences" = ${drift.differences},
      "modulesInSync" = ${inSync},
      "modulesDesired" = ${desired.length},
      "staleSince" = NULL
    FROM (SELECT id, status AS old_status, "driftSeverity" AS old_severity, "driftDifferences" AS old_differences, "staleSince" AS old_stale_since
          FROM node_instances WHERE id = ${agent.instanceId} AND "decommissionedAt" IS NULL FOR UPDATE) AS old
    WHERE n.id = old.id
    RETURNING old.old_status::text AS old_status, old.old_severity::text AS old_severity, old.old_differences AS old_differences,
      old.old_stale_since AS old_stale_since`;
  const previous = rows[0];
  if (!previous) throw new AppError("UNAUTHORIZED", "This instance was decommissioned.");

  const events: { kind: string; detail: Record<string, unknown> }[] = [];
  // The stale-marking job (server/services/maintenance.ts) recorded the silence; its end is recorded here, once.
  if (previous.old_stale_since) events.push({ kind: "heartbeat_resumed", detail: { staleSince: previous.old_stale_since } });
  if (previous.old_status !== input.status) events.push({ kind: "status_changed", detail: { from: previous.old_status, to: input.status } });
  if (previous.old_severity !== drift.severity) {
    const kind = drift.severity === "none" ? "drift_resolved" : previous.old_severity === "none" ? "drift_appeared" : "drift_changed";
    events.push({
      kind,
      detail: {
        from: previous.old_severity,
        to: drift.severity,
        differences: drift.differences,
        missing: drift.missing.map((m) => m.moduleName),
        extra: drift.extra.map((m) => m.moduleName),
        mismatched: drift.mismatched.map((m) => m.moduleName),
      },
    });
  }
  if (events.length > 0) {
    await db.instanceEvent.createMany({
      data: events.map((event) => ({ accountId: agent.accountId, instanceId: agent.instanceId, kind: event.kind, detail: event.detail as object, createdAt: now })),
    });
  }
  recordHeartbeat();
  return { desiredRevision: agentRevision(state?.revision, agent.holdRevision), drift: { severity: drift.severity, differences: drift.differences } };
}
