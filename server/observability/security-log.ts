/**
 * Refused requests worth a security reviewer's attention (oversized bodies, cross-site writes, batches of
 * rate-limited calls), one JSON line each on stderr. The log itself must not become a way to
 * fill the disk: each kind is written at most LOG_BURST times a minute, and the next line says how many were
 * dropped. Never logs secrets, bodies or passwords; see docs/security.md ("What is logged").
 */
export type SecurityEventKind =
  | "body_too_large"
  | "cross_site_write"
  | "unsupported_media_type"
  | "batch_refused"
  | "malformed_url";

const LOG_BURST = 20;
const WINDOW_MS = 60_000;

interface Window {
  startedAt: number;
  written: number;
  dropped: number;
}

const windows = new Map<SecurityEventKind, Window>();

export function logSecurityEvent(kind: SecurityEventKind, facts: Record<string, string | number | boolean | null | undefined>, now = Date.now()): boolean {
  let window = windows.get(kind);
  if (!window || now - window.startedAt >= WINDOW_MS) {
    const dropped = window?.dropped ?? 0;
    window = { startedAt: now, written: 0, dropped: 0 };
    windows.set(kind, window);
    if (dropped > 0) writeLine({ kind: "security_log_dropped", of: kind, dropped });
  }
  if (window.written >= LOG_BURST) {
    window.dropped++;
    return false;
  }
  window.written++;
  writeLine({ kind, ...facts });
  return true;
}

function writeLine(record: Record<string, unknown>): void {
  console.warn(JSON.stringify({ at: new Date().toISOString(), log: "security", ...record }));
}

/** For tests: forget the windows. */
export function resetSecurityLog(): void {
  windows.clear();
}
