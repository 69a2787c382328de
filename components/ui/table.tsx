import * as React from "react";
import { ArrowDown, ArrowUp, ChevronsUpDown } from "lucide-react";

import { cn } from "./cn";

export type TableProps = React.ComponentProps<"table"> & {
  /**
   * `false` (default): the table flows with the page and its sticky header sticks under the console top bar.
   * `true`: the table scrolls inside its own box (give `containerClassName` a max height); the header sticks to
   * the top of that box. A scrolling box is also what allows horizontal scrolling of very wide tables.
   */
  scrollable?: boolean;
  containerClassName?: string;
};

/**
 * Compact console table: 36px rows, sticky header, tabular numbers. Plain markup (no client JS) so server
 * components can render it; `DataTable` builds on it for TanStack-driven lists.
 */
export function Table({ className, containerClassName, scrollable = false, ...props }: TableProps) {
  return (
    <div
      data-slot="table-container"
      className={cn(
        "relative w-full rounded-md border",
        // Inside its own scroll box the header sticks at the box's top, not under the page's top bar.
        scrollable && "overflow-auto [--sticky-offset:0px]",
        containerClassName,
      )}
    >
      <table
        data-slot="table"
        className={cn("w-full caption-bottom border-separate border-spacing-0 text-sm tabular-nums", className)}
        {...props}
      />
    </div>
  );
}

export function TableHeader({ className, sticky = true, ...props }: React.ComponentProps<"thead"> & { sticky?: boolean }) {
  return (
    <thead
      data-slot="table-header"
      className={cn(
        "[&_th]:border-b [&_th]:bg-muted [&_th:first-child]:rounded-tl-md [&_th:last-child]:rounded-tr-md",
        // --sticky-offset is set by the AppShell to the top bar height; 0 outside the shell.
        sticky && "[&_th]:sticky [&_th]:top-[var(--sticky-offset,0px)] [&_th]:z-10",
        className,
      )}
      {...props}
    />
  );
}

export function TableBody({ className, ...props }: React.ComponentProps<"tbody">) {
  return <tbody data-slot="table-body" className={cn("[&_tr:last-child_td]:border-b-0", className)} {...props} />;
}

export function TableFooter({ className, ...props }: React.ComponentProps<"tfoot">) {
  return (
    <tfoot
      data-slot="table-footer"
      className={cn("bg-muted/50 font-medium [&_td]:border-t [&_td]:border-b-0", className)}
      {...props}
    />
  );
}

export function TableRow({ className, ...props }: React.ComponentProps<"tr">) {
  return (
    <tr
      data-slot="table-row"
      className={cn(
        "h-9 transition-colors hover:bg-muted/50 data-[state=selected]:bg-muted",
        "focus-visible:-outline-offset-2",
        className,
      )}
      {...props}
    />
  );
}

export type SortDirection = "asc" | "desc";

export type TableHeadProps = React.ComponentProps<"th"> & {
  /** Current sort of this column; `false`/undefined when the table is sorted by another column (or unsorted). */
  sortDirection?: SortDirection | false | null | undefined;
  /** Makes the header a sort button. Called on click/Enter/Space. */
  onSort?: (() => void) | undefined;
  align?: "left" | "right" | "center";
};

const alignClass = { left: "text-left", right: "text-right", center: "text-center" } as const;

export function TableHead({ className, children, sortDirection, onSort, align = "left", ...props }: TableHeadProps) {
  const sortable = onSort !== undefined;
  // aria-sort only on the column the table is sorted by (ARIA: one sorted header at a time).
  const ariaSort = sortDirection === "asc" ? "ascending" : sortDirection === "desc" ? "descending" : undefined;
  const SortIcon = sortDirection === "asc" ? ArrowUp : sortDirection === "desc" ? ArrowDown : ChevronsUpDown;
  return (
    <th
      data-slot="table-head"
      scope="col"
      aria-sort={ariaSort}
      className={cn(
        "h-8 px-3 align-middle text-xs font-medium whitespace-nowrap text-muted-foreground",
        alignClass[align],
        sortable && "px-1.5",
        className,
      )}
      {...props}
    >
      {sortable ? (
        <button
          type="button"
          onClick={onSort}
          className={cn(
            "inline-flex h-6 items-center gap-1 rounded-sm px-1.5 hover:bg-accent hover:text-foreground",
            align === "right" && "flex-row-reverse",
            sortDirection && "text-foreground",
          )}
        >
          {children}
          <SortIcon aria-hidden="true" className={cn("size-3.5", !sortDirection && "opacity-40")} />
        </button>
      ) : (
        children
      )}
    </th>
  );
}

export function TableCell({
  className,
  align = "left",
  ...props
}: React.ComponentProps<"td"> & { align?: "left" | "right" | "center" }) {
  return (
    <td
      data-slot="table-cell"
      className={cn("border-b px-3 py-1.5 align-middle", alignClass[align], className)}
      {...props}
    />
  );
}

export function TableCaption({ className, ...props }: React.ComponentProps<"caption">) {
  return (
    <caption data-slot="table-caption" className={cn("mt-2 text-xs text-muted-foreground", className)} {...props} />
  );
}
