"use client";

import { TimeAgo } from "@/components/ui/time-ago";
import { cn } from "@/components/ui/cn";

/**
 * Time left before a pending request expires: the relative time ("in 2h") and a bar of the TTL that remains,
 * amber in the last quarter. The bar is decorative; the text carries the meaning.
 */
export function ExpiryCountdown({ createdAt, expiresAt, now }: { createdAt: Date; expiresAt: Date; now: Date }) {
  const total = Math.max(1, expiresAt.getTime() - createdAt.getTime());
  const left = Math.max(0, expiresAt.getTime() - now.getTime());
  const fraction = Math.min(1, left / total);
  return (
    <span className="inline-flex flex-col gap-0.5">
      {left > 0 ? <TimeAgo date={expiresAt} /> : <span className="text-muted-foreground">expired</span>}
      <span aria-hidden="true" className="block h-1 w-16 overflow-hidden rounded-full bg-muted">
        <span className={cn("block h-full rounded-full", fraction < 0.25 ? "bg-warning" : "bg-state-blessed")} style={{ width: `${fraction * 100}%` }} />
      </span>
    </span>
  );
}
