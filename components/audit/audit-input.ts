/**
 * The audit log's filters in the query string and the `audit.list` input they ask for: one derivation for the
 * client log and the server page that prefetches the first page (docs/ui.md, First paint). Server-safe.
 */
import type { ParamReader } from "@/components/ui/search-params";

export const AUDIT_PAGE_SIZE = 50;

/** A `YYYY-MM-DD` query value, else "". */
export function toDateInput(value: string | null): string {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : "";
}

export function auditState(params: ParamReader) {
  const from = toDateInput(params.get("from"));
  const to = toDateInput(params.get("to"));
  return {
    from,
    to,
    filters: {
      actor: params.get("actor") ?? undefined,
      action: params.get("action") ?? undefined,
      target: params.get("target") ?? undefined,
      // Days in the browser's time zone: only the browser can build these (the server page does not prefetch them).
      from: from ? new Date(`${from}T00:00:00`) : undefined,
      to: to ? new Date(`${to}T23:59:59.999`) : undefined,
    },
  };
}

export type AuditState = ReturnType<typeof auditState>;

/** The `audit.list` input (less the cursor) of a log state. */
export function auditListInput(state: AuditState) {
  return { ...state.filters, pageSize: AUDIT_PAGE_SIZE };
}

/** The next cursor of an `audit.list` page: the client's and the server prefetch's `getNextPageParam`. */
export function auditNextCursor<C>(last: { nextCursor?: C | null }): C | undefined {
  return last.nextCursor ?? undefined;
}
