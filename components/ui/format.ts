/**
 * Pure display formatters, safe in server components, client components and tests. (`time-ago.tsx` and
 * `digest.tsx` re-export them for convenience, but those are client modules: server code imports from here.)
 */

export type DateInput = Date | string | number;

function toDate(value: DateInput): Date {
  return value instanceof Date ? value : new Date(value);
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const MONTH = 30 * DAY;
const YEAR = 365 * DAY;

/**
 * Compact relative time, deterministic given `now`: "just now", "42s ago", "5m ago", "3h ago", "2d ago",
 * "4mo ago", "1y ago"; the future reads "in 5m". Units floor (59m59s → "59m ago"). Invalid dates give "—".
 */
export function formatRelativeTime(value: DateInput, now: DateInput): string {
  const time = toDate(value).getTime();
  const reference = toDate(now).getTime();
  if (Number.isNaN(time) || Number.isNaN(reference)) return "—";
  const delta = reference - time;
  const abs = Math.abs(delta);
  if (abs < 10 * SECOND) return "just now";
  let text: string;
  if (abs < MINUTE) text = `${Math.floor(abs / SECOND)}s`;
  else if (abs < HOUR) text = `${Math.floor(abs / MINUTE)}m`;
  else if (abs < DAY) text = `${Math.floor(abs / HOUR)}h`;
  else if (abs < MONTH) text = `${Math.floor(abs / DAY)}d`;
  else if (abs < YEAR) text = `${Math.floor(abs / MONTH)}mo`;
  else text = `${Math.floor(abs / YEAR)}y`;
  return delta >= 0 ? `${text} ago` : `in ${text}`;
}

/**
 * Time left until a deadline, for countdowns: "in 3h 59m", "in 42m", "in 2d 5h", "in under a minute", "expired".
 * Two units and floored, so a fresh 4 h request reads "in 3h 59m", not "in 3h"; the exact time goes in a title.
 */
export function formatTimeLeft(deadline: DateInput, now: DateInput): string {
  const left = toDate(deadline).getTime() - toDate(now).getTime();
  if (Number.isNaN(left)) return "—";
  if (left <= 0) return "expired";
  if (left < MINUTE) return "in under a minute";
  const days = Math.floor(left / DAY);
  const hours = Math.floor((left % DAY) / HOUR);
  const minutes = Math.floor((left % HOUR) / MINUTE);
  if (days > 0) return hours > 0 ? `in ${days}d ${hours}h` : `in ${days}d`;
  if (hours > 0) return minutes > 0 ? `in ${hours}h ${minutes}m` : `in ${hours}h`;
  return `in ${minutes}m`;
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}

/** Absolute time in UTC, "2025-11-25 20:55:03 UTC" — the same on server and client, sortable, unambiguous. */
export function formatAbsoluteTime(value: DateInput): string {
  const d = toDate(value);
  if (Number.isNaN(d.getTime())) return "—";
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC`
  );
}

/**
 * Short form of a content digest: the algorithm prefix plus the first `length` hex characters and an ellipsis,
 * `sha256:1a2b3c4d…`. Values already short enough are returned unchanged; values without a prefix are shortened
 * the same way (`1a2b3c4d…`).
 */
export function shortDigest(value: string, length = 8): string {
  const colon = value.indexOf(":");
  const prefix = colon >= 0 ? value.slice(0, colon + 1) : "";
  const hex = colon >= 0 ? value.slice(colon + 1) : value;
  if (hex.length <= length) return value;
  return `${prefix}${hex.slice(0, length)}…`;
}
