/**
 * Optimistic pipeline updates: what the pipeline looks like right after an action, before the server answers. The
 * server's answer (a refetch) replaces it; an error restores the snapshot taken before. Pure, so it is unit tested.
 */
import type { PipelineData, PipelineVersion } from "./types";

type State = PipelineVersion["promotionState"];

function moved(version: PipelineVersion, to: State, now: Date, extra: Partial<PipelineVersion> = {}): PipelineVersion {
  return {
    ...version,
    promotionState: to,
    stateChangedAt: now,
    hoursInState: 0,
    previouslyLive: false,
    // The sensors only apply to staging; their new values come with the server's answer.
    sensors: { stale: null, ready: null },
    history: [...version.history, { state: to, at: now }],
    ...extra,
  };
}

/** promote / demote / retire: the version moves to `to`; a version leaving blessed loses its pending request. */
export function applyTransition(data: PipelineData, versionId: string, to: State, now: Date, reason?: string): PipelineData {
  return {
    ...data,
    versions: data.versions.map((v) =>
      v.id === versionId
        ? moved(v, to, now, {
            ...(to === "retired" ? { retiredReason: reason ?? null } : {}),
            ...(v.promotionState === "blessed" ? { pendingRequest: null } : {}),
          })
        : v,
    ),
    live: data.live?.id === versionId ? null : data.live,
  };
}

/** Rollback: the live version is retired, the rollback target goes live. */
export function applyRollback(data: PipelineData, now: Date, reason: string): PipelineData {
  const liveId = data.live?.id;
  const targetId = data.rollbackTarget?.id;
  if (!liveId || !targetId) return data;
  return {
    ...data,
    versions: data.versions.map((v) => {
      if (v.id === liveId) return moved(v, "retired", now, { retiredReason: reason });
      if (v.id === targetId) return moved(v, "live", now, { pendingRequest: null });
      return v;
    }),
    live: data.rollbackTarget,
    rollbackTarget: null,
  };
}

/**
 * A live request: with approval required the version gets a pending request (it stays blessed); without, it goes
 * live and the previous live version returns to blessed, marked previously live.
 */
export function applyLiveRequest(data: PipelineData, versionId: string, reason: string, requestedBy: string, now: Date): PipelineData {
  const version = data.versions.find((v) => v.id === versionId);
  if (!version) return data;
  if (data.policy.requireApproval) {
    return {
      ...data,
      versions: data.versions.map((v) =>
        v.id === versionId
          ? {
              ...v,
              pendingRequest: {
                id: "",
                requestedByLabel: requestedBy,
                reason,
                createdAt: now,
                expiresAt: new Date(now.getTime() + data.policy.requestTtlHours * 3_600_000),
                requiredApprovals: data.policy.requiredApprovals,
                approvals: 0,
              },
            }
          : v,
      ),
    };
  }
  const previous = data.live?.id;
  return {
    ...data,
    versions: data.versions.map((v) => {
      if (v.id === versionId) return moved(v, "live", now);
      if (v.id === previous) return moved(v, "blessed", now, { previouslyLive: true });
      return v;
    }),
    live: { id: version.id, version: version.version },
    rollbackTarget: data.live,
  };
}

/** The server's answer to a live request names the request: the card's "Awaiting approval" link can open it at once. */
export function withPendingRequestId(data: PipelineData, versionId: string, requestId: string): PipelineData {
  return {
    ...data,
    versions: data.versions.map((v) => (v.id === versionId && v.pendingRequest ? { ...v, pendingRequest: { ...v.pendingRequest, id: requestId } } : v)),
  };
}
