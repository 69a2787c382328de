"use client";

import * as React from "react";

import { cn } from "./cn";

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

// One shared clock for every <TimeAgo> on the page instead of one interval per row.
const TICK_MS = 15 * SECOND;
let clockNow = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === undefined) {
    clockNow = Date.now();
    timer = setInterval(() => {
      clockNow = Date.now();
      for (const l of listeners) l();
    }, TICK_MS);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

// Also refreshes a stale clock when nothing is ticking (server renders, first mount after idle). The value only
// changes in TICK_MS steps, so consecutive reads within a render agree, as useSyncExternalStore requires.
function readClock(): number {
  const t = Date.now();
  if (t - clockNow >= TICK_MS) clockNow = t;
  return clockNow;
}

export interface TimeAgoProps extends Omit<React.ComponentProps<"time">, "dateTime" | "children"> {
  date: DateInput;
  /** Fixed reference time (tests, server-rendered snapshots). Without it the text refreshes every 15 s. */
  now?: DateInput;
}

/** `<TimeAgo date={v.liveAt} />` → "3h ago", with the absolute UTC time in the title and `dateTime`. */
export function TimeAgo({ date, now, className, title, ...props }: TimeAgoProps) {
  const clock = React.useSyncExternalStore(subscribe, readClock, readClock);
  const d = toDate(date);
  const valid = !Number.isNaN(d.getTime());
  return (
    <time
      data-slot="time-ago"
      dateTime={valid ? d.toISOString() : undefined}
      title={title ?? formatAbsoluteTime(d)}
      // Server and browser clocks differ by the render latency; the text is expected to differ.
      suppressHydrationWarning
      className={cn("whitespace-nowrap tabular-nums", className)}
      {...props}
    >
      {formatRelativeTime(d, now ?? clock)}
    </time>
  );
}
