/**
 * One line per instance event (docs/fleet.md, Instance events). Pure: the instance page and its unit test use it.
 * `detail` is the stored JSON, so every field is checked before use.
 */
export type EventTone = "neutral" | "good" | "warning" | "error";

export interface EventText {
  title: string;
  detail: string | null;
  tone: EventTone;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function text(value: unknown): string | null {
  return typeof value === "string" && value.length > 0 ? value : null;
}

function names(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function driftParts(detail: Record<string, unknown>): string | null {
  const parts: string[] = [];
  const missing = names(detail.missing);
  const extra = names(detail.extra);
  const mismatched = names(detail.mismatched);
  if (missing.length) parts.push(`missing ${missing.join(", ")}`);
  if (mismatched.length) parts.push(`mismatched ${mismatched.join(", ")}`);
  if (extra.length) parts.push(`extra ${extra.join(", ")}`);
  return parts.length ? parts.join("; ") : null;
}

export function describeInstanceEvent(kind: string, rawDetail: unknown): EventText {
  const detail = record(rawDetail);
  const by = text(detail.by);
  const from = text(detail.from);
  const to = text(detail.to);
  switch (kind) {
    case "registered":
      return { title: "Registered", detail: by ? `by ${by}` : null, tone: "neutral" };
    case "enrolled":
      return { title: "Enrolled with an enrollment token", detail: text(detail.arch), tone: "neutral" };
    case "status_changed":
      return { title: `Status ${from ?? "?"} → ${to ?? "?"}`, detail: null, tone: to === "error" ? "error" : "neutral" };
    case "drift_appeared":
      return { title: `Drift appeared (${to ?? "?"})`, detail: driftParts(detail), tone: to === "critical" ? "error" : "warning" };
    case "drift_changed":
      return { title: `Drift ${from ?? "?"} → ${to ?? "?"}`, detail: driftParts(detail), tone: to === "critical" ? "error" : "warning" };
    case "drift_resolved":
      return { title: "Drift resolved: in sync", detail: from ? `was ${from}` : null, tone: "good" };
    case "went_stale":
      return { title: "Went stale: no heartbeat", detail: text(detail.lastHeartbeatAt) ? `last heartbeat ${text(detail.lastHeartbeatAt)}` : null, tone: "warning" };
    case "heartbeat_resumed":
      return { title: "Heartbeats resumed", detail: text(detail.staleSince) ? `stale since ${text(detail.staleSince)}` : null, tone: "good" };
    case "token_rotated":
      return { title: "Agent token rotated", detail: by ? `by ${by}` : null, tone: "neutral" };
    case "token_revoked":
      return { title: "Agent token revoked", detail: by ? `by ${by}` : null, tone: "warning" };
    case "metadata_updated":
      return { title: "Metadata updated", detail: by ? `by ${by}` : null, tone: "neutral" };
    case "decommissioned":
      return { title: "Decommissioned", detail: [text(detail.reason), by ? `by ${by}` : null].filter(Boolean).join(" — ") || null, tone: "warning" };
    default:
      return { title: kind.replace(/_/g, " "), detail: null, tone: "neutral" };
  }
}

/** Drift events are the instance's drift history. */
export function isDriftEvent(kind: string): boolean {
  return kind === "drift_appeared" || kind === "drift_changed" || kind === "drift_resolved";
}
