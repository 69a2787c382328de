"use client";

import { cn } from "@/components/ui/cn";
import { formatAbsoluteTime, formatTimeLeft } from "@/components/ui/format";
import { useClock } from "@/components/ui/time-ago";

/**
 * Time left before a pending request expires ("in 3h 59m", the exact expiry time on hover) and a bar of the TTL
 * that remains, amber in the last quarter. The bar is decorative; the text carries the meaning. `now` is the
 * server's time when the page loaded; the countdown then follows the shared clock.
 */
export function ExpiryCountdown({ createdAt, expiresAt, now }: { createdAt: Date; expiresAt: Date; now: Date }) {
  const clock = useClock();
  // The browser's clock may be behind the server's; never count from before the server's "now".
  const reference = Math.max(clock, now.getTime());
  const total = Math.max(1, expiresAt.getTime() - createdAt.getTime());
  const left = Math.max(0, expiresAt.getTime() - reference);
  const fraction = Math.min(1, left / total);
  return (
    <span className="inline-flex flex-col gap-0.5">
      {left > 0 ? (
        <time
          dateTime={expiresAt.toISOString()}
          title={`Expires ${formatAbsoluteTime(expiresAt)}`}
          suppressHydrationWarning
          className="whitespace-nowrap tabular-nums"
          data-testid="expiry-countdown"
        >
          {formatTimeLeft(expiresAt, reference)}
        </time>
      ) : (
        <span className="text-muted-foreground">expired</span>
      )}
      <span aria-hidden="true" className="block h-1 w-16 overflow-hidden rounded-full bg-muted">
        <span className={cn("block h-full rounded-full", fraction < 0.25 ? "bg-warning" : "bg-state-blessed")} style={{ width: `${fraction * 100}%` }} />
      </span>
    </span>
  );
}
