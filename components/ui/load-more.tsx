"use client";

import { groupThousands, plural } from "@/server/domain/plural";
import { Button } from "./button";
import { cn } from "./cn";

export interface LoadMoreProps {
  /** Rows shown so far (every loaded page). */
  shown: number;
  /** The list's count: exact up to the server's cap, then `totalCapped` ("10,000+"; docs/performance.md). */
  total: number;
  totalCapped?: boolean;
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  onLoadMore: () => void;
  /** The noun, singular; `plural()` picks the form. */
  item: string;
  itemPlural?: string;
  className?: string;
}

/** "10,000+" when the server stopped counting, the exact number otherwise. */
export function formatCount(total: number, capped = false): string {
  return capped ? `${groupThousands(total)}+` : groupThousands(total);
}

/**
 * The pager of cursor (keyset) lists: a summary and a "Load more" button that appends the next page. No page
 * numbers: a keyset page is reached by walking, and a count past the cap is an estimate. The summary is a polite
 * live region, so a screen reader hears how many rows arrived; the button keeps focus and says it is busy.
 */
export function LoadMore({ shown, total, totalCapped = false, hasNextPage, isFetchingNextPage, onLoadMore, item, itemPlural, className }: LoadMoreProps) {
  const noun = plural(totalCapped ? 2 : total, item, { many: itemPlural, withCount: false });
  return (
    <nav aria-label="Pagination" data-slot="load-more" className={cn("flex items-center justify-between gap-3 py-2 text-xs text-muted-foreground", className)}>
      <p aria-live="polite" className="tabular-nums">
        {hasNextPage || totalCapped ? `Showing ${groupThousands(shown)} of ${formatCount(total, totalCapped)} ${noun}` : `All ${plural(shown, item, { many: itemPlural, thousands: true })} shown`}
      </p>
      {hasNextPage ? (
        <Button variant="outline" size="sm" loading={isFetchingNextPage} disabled={isFetchingNextPage} onClick={onLoadMore}>
          {isFetchingNextPage ? "Loading…" : "Load more"}
        </Button>
      ) : null}
    </nav>
  );
}
