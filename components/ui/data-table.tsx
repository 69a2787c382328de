"use client";

import * as React from "react";
import {
  flexRender,
  getCoreRowModel,
  getSortedRowModel,
  useReactTable,
  type ColumnDef,
  type RowData,
  type SortingState,
  type Updater,
} from "@tanstack/react-table";

import { cn } from "./cn";
import { EmptyState } from "./empty-state";
import { Skeleton } from "./skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "./table";

declare module "@tanstack/react-table" {
  // Per-column presentation for DataTable: `meta: { align: "right", className: "w-24" }`.
  interface ColumnMeta<TData extends RowData, TValue> {
    align?: "left" | "right" | "center";
    /** Classes for the column's body cells (widths, truncation, `font-mono`). */
    className?: string;
    /** Classes for the header cell (widths usually go here: `w-32`). */
    headerClassName?: string;
  }
}

export type { ColumnDef, SortingState } from "@tanstack/react-table";

export interface DataTableProps<TData> {
  /**
   * TanStack column definitions. `any` for the value type is deliberate: a list mixes columns of different value
   * types (ColumnDef<T, string>, ColumnDef<T, number>), which TanStack can only collect as ColumnDef<T, any>.
   */
  columns: ColumnDef<TData, any>[];
  /** Rows; `undefined` while the first load is in flight (shows skeleton rows). */
  data: TData[] | undefined;
  /** Stable row key (default: index). Pass it: keys by id keep focus and hover stable across refetches. */
  getRowId?: (row: TData, index: number) => string;

  /**
   * Controlled sorting, usually parsed from the URL (`?sort=name&dir=desc` → `[{ id: "name", desc: true }]`).
   * Omit for local, uncontrolled sorting. Only one column sorts at a time.
   */
  sorting?: SortingState;
  onSortingChange?: (sorting: SortingState) => void;
  /** The server already sorted `data` (paged lists): don't sort again in the browser. Default false. */
  manualSorting?: boolean;

  /** Makes rows clickable and focusable (Enter / Space activate). Clicks on links/buttons inside a row don't fire it. */
  onRowClick?: (row: TData, event: React.MouseEvent<HTMLTableRowElement> | React.KeyboardEvent<HTMLTableRowElement>) => void;
  /** Accessible name for a clickable row, e.g. `(m) => "Open " + m.name`. */
  rowLabel?: (row: TData) => string;
  rowClassName?: (row: TData) => string | undefined;

  /** Show skeleton rows (also shown whenever `data` is undefined and there is no `error`). */
  isLoading?: boolean;
  skeletonRows?: number;
  /** Shown in the table body when there are no rows: say what to do next (`<EmptyState …/>`). */
  empty?: React.ReactNode;
  /** Shown in the table body instead of rows when set (`<ErrorState error={e} onRetry={refetch} compact />`). */
  error?: React.ReactNode;

  /** Accessible name of the table. */
  "aria-label"?: string;
  className?: string;
  /** See `Table`: true = own scroll box (set a max height in containerClassName). */
  scrollable?: boolean;
  containerClassName?: string;
}

const INTERACTIVE_SELECTOR =
  'a, button, input, select, textarea, label, summary, [role="button"], [role="link"], [role="checkbox"], [role="menuitem"], [role="switch"], [data-row-click-ignore]';

function fromInteractiveChild(event: React.SyntheticEvent<HTMLTableRowElement>): boolean {
  const target = event.target instanceof Element ? event.target : null;
  const hit = target?.closest(INTERACTIVE_SELECTOR);
  return Boolean(hit && hit !== event.currentTarget && event.currentTarget.contains(hit));
}

const SKELETON_WIDTHS = ["w-3/4", "w-1/2", "w-2/3", "w-1/3", "w-3/5"] as const;

/**
 * A compact, sortable list built on TanStack Table v8: sticky header, aria-sort, clickable rows, and the
 * loading / empty / error states every list in the console has.
 */
export function DataTable<TData>({
  columns,
  data,
  getRowId,
  sorting: sortingProp,
  onSortingChange,
  manualSorting = false,
  onRowClick,
  rowLabel,
  rowClassName,
  isLoading = false,
  skeletonRows = 8,
  empty,
  error,
  className,
  scrollable,
  containerClassName,
  ...props
}: DataTableProps<TData>) {
  const [localSorting, setLocalSorting] = React.useState<SortingState>([]);
  const sorting = sortingProp ?? localSorting;
  const rows = React.useMemo(() => data ?? [], [data]);

  const handleSortingChange = (updater: Updater<SortingState>) => {
    const next = typeof updater === "function" ? updater(sorting) : updater;
    if (sortingProp === undefined) setLocalSorting(next);
    onSortingChange?.(next);
  };

  const table = useReactTable<TData>({
    data: rows,
    columns,
    state: { sorting },
    onSortingChange: handleSortingChange,
    getCoreRowModel: getCoreRowModel(),
    getSortedRowModel: manualSorting ? undefined : getSortedRowModel(),
    manualSorting,
    enableMultiSort: false,
    enableSortingRemoval: true,
    ...(getRowId ? { getRowId } : {}),
  });

  const columnCount = table.getVisibleLeafColumns().length;
  const loading = !error && (isLoading || data === undefined);
  const bodyRows = table.getRowModel().rows;

  let body: React.ReactNode;
  if (error) {
    body = (
      <TableRow className="hover:bg-transparent">
        <TableCell colSpan={columnCount} className="p-0">
          {error}
        </TableCell>
      </TableRow>
    );
  } else if (loading) {
    body = Array.from({ length: skeletonRows }, (_, rowIndex) => (
      <TableRow key={`skeleton-${rowIndex}`} className="hover:bg-transparent">
        {table.getVisibleLeafColumns().map((column, colIndex) => (
          <TableCell key={column.id} align={column.columnDef.meta?.align} className={column.columnDef.meta?.className}>
            <Skeleton
              className={cn(
                "h-3.5",
                SKELETON_WIDTHS[(rowIndex + colIndex) % SKELETON_WIDTHS.length],
                column.columnDef.meta?.align === "right" && "ml-auto",
              )}
            />
          </TableCell>
        ))}
      </TableRow>
    ));
  } else if (bodyRows.length === 0) {
    body = (
      <TableRow className="hover:bg-transparent">
        <TableCell colSpan={columnCount} className="p-0">
          {empty ?? <EmptyState compact title="Nothing here yet" />}
        </TableCell>
      </TableRow>
    );
  } else {
    body = bodyRows.map((row) => {
      const clickable = onRowClick !== undefined;
      return (
        <TableRow
          key={row.id}
          data-row-id={row.id}
          className={cn(clickable && "cursor-pointer", rowClassName?.(row.original))}
          tabIndex={clickable ? 0 : undefined}
          aria-label={rowLabel?.(row.original)}
          onClick={
            clickable
              ? (event) => {
                  if (fromInteractiveChild(event)) return;
                  // Selecting text in a row (to copy a name or path) is not a click on it.
                  if (typeof window !== "undefined" && window.getSelection()?.toString()) return;
                  onRowClick(row.original, event);
                }
              : undefined
          }
          onKeyDown={
            clickable
              ? (event) => {
                  if (event.target !== event.currentTarget) return;
                  if (event.key === "Enter" || event.key === " ") {
                    event.preventDefault();
                    onRowClick(row.original, event);
                  }
                }
              : undefined
          }
        >
          {row.getVisibleCells().map((cell) => (
            <TableCell
              key={cell.id}
              align={cell.column.columnDef.meta?.align}
              className={cell.column.columnDef.meta?.className}
            >
              {flexRender(cell.column.columnDef.cell, cell.getContext())}
            </TableCell>
          ))}
        </TableRow>
      );
    });
  }

  return (
    <>
      <Table
        aria-label={props["aria-label"]}
        aria-busy={loading || undefined}
        className={className}
        scrollable={scrollable}
        containerClassName={containerClassName}
      >
        <TableHeader>
          {table.getHeaderGroups().map((headerGroup) => (
            <TableRow key={headerGroup.id} className="h-8 hover:bg-transparent">
              {headerGroup.headers.map((header) => {
                const meta = header.column.columnDef.meta;
                const canSort = !header.isPlaceholder && header.column.getCanSort();
                return (
                  <TableHead
                    key={header.id}
                    colSpan={header.colSpan > 1 ? header.colSpan : undefined}
                    align={meta?.align}
                    className={meta?.headerClassName}
                    sortDirection={canSort ? header.column.getIsSorted() : undefined}
                    onSort={canSort ? () => header.column.toggleSorting(undefined, false) : undefined}
                  >
                    {header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext())}
                  </TableHead>
                );
              })}
            </TableRow>
          ))}
        </TableHeader>
        <TableBody>{body}</TableBody>
      </Table>
      {loading ? (
        <span role="status" className="sr-only">
          Loading…
        </span>
      ) : null}
    </>
  );
}
