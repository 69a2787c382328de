"use client";

import Link from "next/link";
import { cn } from "@/components/ui/cn";
import { Skeleton } from "@/components/ui/skeleton";
import { groupThousands, plural } from "@/server/domain/plural";
import type { FleetSummaryDto } from "./types";

interface Current {
  drift?: string | undefined;
  stale?: boolean | undefined;
  neverReported?: boolean | undefined;
}

interface Item {
  key: string;
  label: string;
  count: number;
  /** The filter the item applies (query parameters of the Instances page). */
  filter: Record<string, string>;
  dot: string;
  tone?: string;
}

function itemsOf(summary: FleetSummaryDto): Item[] {
  return [
    { key: "in-sync", label: "in sync", count: summary.inSync, filter: { drift: "none", stale: "false" }, dot: "bg-state-live" },
    { key: "critical", label: "critical drift", count: summary.drifted.critical, filter: { drift: "critical" }, dot: "bg-error", tone: "text-error" },
    { key: "high", label: "high drift", count: summary.drifted.high, filter: { drift: "high" }, dot: "bg-warning", tone: "text-warning-fg" },
    { key: "medium", label: "medium drift", count: summary.drifted.medium, filter: { drift: "medium" }, dot: "bg-muted-foreground" },
    { key: "stale", label: "stale", count: summary.stale, filter: { stale: "true" }, dot: "bg-warning", tone: "text-warning-fg" },
    { key: "never", label: "never reported", count: summary.neverReported, filter: { never_reported: "true" }, dot: "bg-muted-foreground" },
  ];
}

function isActive(item: Item, current: Current): boolean {
  const wanted = { drift: undefined as string | undefined, stale: undefined as string | undefined, never_reported: undefined as string | undefined, ...item.filter };
  return (
    wanted.drift === current.drift &&
    wanted.stale === (current.stale === undefined ? undefined : String(current.stale)) &&
    wanted.never_reported === (current.neverReported === undefined ? undefined : String(current.neverReported))
  );
}

/**
 * The fleet at a glance (docs/fleet.md, Drift): total, in sync, drifted by severity, stale, never reported. Each
 * count is a link that shows those nodes (keeping the template filter); the active one is marked.
 */
export function FleetSummaryStrip({ summary, templateId, current }: { summary: FleetSummaryDto | undefined; templateId?: string | undefined; current: Current }) {
  if (!summary) {
    return <Skeleton className="h-14 w-full" aria-label="Loading the fleet summary" />;
  }
  const base: Record<string, string> = templateId ? { template: templateId } : {};
  return (
    <nav aria-label="Fleet summary" className="rounded-lg border bg-card">
      <ul className="flex flex-wrap divide-x">
        <li className="px-4 py-2">
          <Link href={`/app/system/instances${templateId ? `?template=${encodeURIComponent(templateId)}` : ""}`} className="block rounded-sm hover:underline">
            <span className="block text-lg font-semibold tabular-nums">{groupThousands(summary.total)}</span>
            <span className="text-xs text-muted-foreground">{plural(summary.total, "instance", { withCount: false })}</span>
          </Link>
        </li>
        {itemsOf(summary).map((item) => {
          const active = isActive(item, current);
          return (
            <li key={item.key} className="px-4 py-2">
              <Link
                href={`/app/system/instances?${new URLSearchParams({ ...base, ...item.filter }).toString()}`}
                aria-current={active ? "true" : undefined}
                data-testid={`summary-${item.key}`}
                className={cn("block rounded-sm hover:underline", active && "underline decoration-2 underline-offset-4")}
              >
                <span className={cn("block text-lg font-semibold tabular-nums", item.count > 0 && item.tone)}>{groupThousands(item.count)}</span>
                <span className="flex items-center gap-1.5 text-xs text-muted-foreground">
                  <span aria-hidden="true" className={cn("size-2 rounded-full", item.dot)} />
                  {item.label}
                </span>
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
