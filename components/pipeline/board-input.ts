/**
 * The pipeline board's state in the query string and the `promotion.board` input it asks for, and the active
 * rollouts strip's input: one derivation for the client board and the server page that prefetches the first page
 * (docs/ui.md, First paint). Server-safe.
 */
import { oneOf, pageParam, type ParamReader } from "@/components/ui/search-params";
import { ATTENTION_FILTERS } from "@/server/contracts/promotion-values";

export const BOARD_PAGE_SIZE = 50;

export function boardState(params: ParamReader) {
  return {
    page: pageParam(params),
    attention: oneOf(ATTENTION_FILTERS, params.get("attention")),
    search: params.get("q") ?? undefined,
    category: params.get("category") ?? undefined,
  };
}

export type BoardState = ReturnType<typeof boardState>;

/** The `promotion.board` input of a board state. */
export function boardInput(state: BoardState) {
  return { search: state.search, category: state.category, attention: state.attention, page: state.page, pageSize: BOARD_PAGE_SIZE };
}

/** The rollouts the board's strip shows: every unfinished one (progressing, paused, halted), newest first. */
export const ACTIVE_ROLLOUTS_INPUT = { state: "active", page: 1, pageSize: 20 } as const;
