"use client";

import * as React from "react";

import { cn } from "./cn";
import { formatAbsoluteTime, formatRelativeTime, type DateInput } from "./format";

export { formatAbsoluteTime, formatRelativeTime, type DateInput };

const SECOND = 1000;

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

// The shared clock lags real time by up to TICK_MS, so an event from the last few seconds can look slightly in
// the future; read those as "just now" rather than "in 12s". Real future times (expiry) are far larger.
function referenceTime(date: Date, clock: number): number {
  const t = date.getTime();
  return t > clock && t - clock <= TICK_MS + 5 * SECOND ? t : clock;
}

/** The shared 15 s clock (ms since the epoch), for components that show time relative to now. */
export function useClock(): number {
  return React.useSyncExternalStore(subscribe, readClock, readClock);
}

export interface TimeAgoProps extends Omit<React.ComponentProps<"time">, "dateTime" | "children"> {
  date: DateInput;
  /** Fixed reference time (tests, server-rendered snapshots). Without it the text refreshes every 15 s. */
  now?: DateInput;
}

/** `<TimeAgo date={v.liveAt} />` → "3h ago", with the absolute UTC time in the title and `dateTime`. */
export function TimeAgo({ date, now, className, title, ...props }: TimeAgoProps) {
  const clock = React.useSyncExternalStore(subscribe, readClock, readClock);
  const d = date instanceof Date ? date : new Date(date);
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
      {formatRelativeTime(d, now ?? referenceTime(d, clock))}
    </time>
  );
}
