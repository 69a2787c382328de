/**
 * The approvals queue's state in the query string and the `approvals.list` input it asks for: one derivation for
 * the client queue and the server page that prefetches the first page (docs/ui.md, First paint). Server-safe.
 */
import { oneOf, pageParam, type ParamReader } from "@/components/ui/search-params";

export const APPROVALS_PAGE_SIZE = 50;
export const HISTORY_STATUSES = ["decided", "approved", "rejected", "cancelled", "expired"] as const;
export type HistoryStatus = (typeof HISTORY_STATUSES)[number];

export function approvalsState(params: ParamReader) {
  const tab = params.get("tab") === "history" ? ("history" as const) : ("pending" as const);
  const historyStatus: HistoryStatus = oneOf(HISTORY_STATUSES, params.get("status")) ?? "decided";
  return {
    tab,
    page: pageParam(params),
    search: params.get("q") ?? undefined,
    requester: params.get("requester") ?? undefined,
    historyStatus,
    status: tab === "pending" ? ("pending" as const) : historyStatus,
  };
}

export type ApprovalsState = ReturnType<typeof approvalsState>;

/** The `approvals.list` input of a queue state. */
export function approvalsListInput(state: ApprovalsState) {
  return { status: state.status, search: state.search, requester: state.requester, page: state.page, pageSize: APPROVALS_PAGE_SIZE };
}
