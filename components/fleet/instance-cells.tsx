"use client";

import { AlertTriangle } from "lucide-react";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { TimeAgo } from "@/components/ui/time-ago";
import type { InstanceStatus } from "@/server/contracts/instances";
import { plural } from "@/server/domain/plural";

const STATUS_VARIANT: Record<InstanceStatus, BadgeVariant> = {
  pending: "outline",
  provisioning: "outline",
  running: "neutral",
  stopped: "outline",
  error: "error",
  terminated: "outline",
};

/** What the node's agent last said it is doing; `error` is red, the rest neutral (docs/fleet.md, Heartbeat). */
export function InstanceStatusBadge({ status }: { status: InstanceStatus | (string & {}) }) {
  const variant = Object.hasOwn(STATUS_VARIANT, status) ? STATUS_VARIANT[status as InstanceStatus] : "outline";
  return (
    <Badge variant={variant} data-status={status} className={status === "terminated" ? "line-through" : undefined}>
      {status}
    </Badge>
  );
}

/** `n/m` modules in sync, muted when there is nothing to run. */
export function ModulesInSync({ inSync, desired }: { inSync: number; desired: number }) {
  return (
    <span className={cn("font-mono text-xs tabular-nums", desired === 0 && "text-muted-foreground", desired > 0 && inSync < desired && "font-semibold")} title={`${inSync} of ${plural(desired, "desired module")} in sync`}>
      {inSync}/{desired}
    </span>
  );
}

/** The last heartbeat, relative; amber with a warning icon when stale (or never sent). */
export function HeartbeatCell({ at, stale, staleAfterMinutes }: { at: Date | null; stale: boolean; staleAfterMinutes: number }) {
  const staleTitle = `Stale: no heartbeat for more than ${plural(staleAfterMinutes, "minute")}`;
  if (at === null) {
    return (
      <span className="inline-flex items-center gap-1 text-warning-fg" title="This node has never sent a heartbeat" data-stale="true">
        <AlertTriangle aria-hidden className="size-3.5" /> never
      </span>
    );
  }
  return (
    <span className={cn("inline-flex items-center gap-1", stale && "text-warning-fg")} data-stale={stale ? "true" : "false"} title={stale ? staleTitle : undefined}>
      {stale ? <AlertTriangle aria-hidden className="size-3.5" /> : null}
      <TimeAgo date={at} />
      {stale ? <span className="sr-only"> (stale)</span> : null}
    </span>
  );
}
