import Link from "next/link";
import { ChevronLeft, ChevronRight } from "lucide-react";

import { groupThousands, plural } from "@/server/domain/plural";
import { Button } from "./button";
import { cn } from "./cn";

export interface PaginationProps {
  /** 1-based current page. */
  page: number;
  pageSize: number;
  /** Total number of items, when the server knows it. Without it, pass `hasNextPage`. */
  total?: number;
  /** For cursor/unknown-total lists: whether a next page exists. Ignored when `total` is given. */
  hasNextPage?: boolean;
  /** Link mode (server components, URL state): the href of a page, e.g. `(p) => "?page=" + p`. */
  hrefForPage?: (page: number) => string;
  /** Callback mode (client state). Used when `hrefForPage` is absent. */
  onPageChange?: (page: number) => void;
  /** The noun in the summary, singular: "1–50 of 1,234 modules" (`plural()` picks the form). Default "item". */
  item?: string;
  /** Its plural when not `item` + "s". */
  itemPlural?: string;
  className?: string;
}


/** Summary + Previous / Next. Page numbers are intentionally absent: console lists are searched, not paged through. */
export function Pagination({
  page,
  pageSize,
  total,
  hasNextPage,
  hrefForPage,
  onPageChange,
  item = "item",
  itemPlural,
  className,
}: PaginationProps) {
  const pageCount = total !== undefined ? Math.max(1, Math.ceil(total / pageSize)) : undefined;
  const hasPrev = page > 1;
  const hasNext = pageCount !== undefined ? page < pageCount : Boolean(hasNextPage);
  const first = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const last = total !== undefined ? Math.min(page * pageSize, total) : page * pageSize;

  const summary =
    total !== undefined
      ? `${groupThousands(first)}–${groupThousands(last)} of ${plural(total, item, { many: itemPlural, thousands: true })}`
      : `Page ${groupThousands(page)}`;

  const control = (target: number, enabled: boolean, direction: "prev" | "next") => {
    const label = direction === "prev" ? "Previous page" : "Next page";
    const icon = direction === "prev" ? <ChevronLeft aria-hidden="true" /> : <ChevronRight aria-hidden="true" />;
    const text = direction === "prev" ? "Previous" : "Next";
    const content =
      direction === "prev" ? (
        <>
          {icon}
          {text}
        </>
      ) : (
        <>
          {text}
          {icon}
        </>
      );
    if (hrefForPage && enabled) {
      return (
        <Button asChild variant="outline" size="sm" aria-label={label}>
          <Link href={hrefForPage(target)} rel={direction}>
            {content}
          </Link>
        </Button>
      );
    }
    return (
      <Button
        variant="outline"
        size="sm"
        aria-label={label}
        disabled={!enabled}
        onClick={enabled && onPageChange ? () => onPageChange(target) : undefined}
      >
        {content}
      </Button>
    );
  };

  return (
    <nav
      aria-label="Pagination"
      data-slot="pagination"
      className={cn("flex items-center justify-between gap-3 py-2 text-xs text-muted-foreground", className)}
    >
      <p aria-live="polite" className="tabular-nums">
        {summary}
      </p>
      <div className="flex items-center gap-2">
        {control(page - 1, hasPrev, "prev")}
        {control(page + 1, hasNext, "next")}
      </div>
    </nav>
  );
}
