/**
 * The catalog's state in the query string and the `modules.list` input it asks for: one derivation for the client
 * (`useCatalogUrlState`) and the server page that prefetches the first page (docs/ui.md, First paint). Server-safe.
 */
import { oneOf, pageParam, type ParamReader } from "@/components/ui/search-params";
import {
  CATALOG_SORTS,
  CATALOG_STATE_FILTERS,
  MODULE_VARIETIES,
  type CatalogSort,
} from "@/server/contracts/module-values";

export const CATALOG_PAGE_SIZE = 50;

/** Every filter, the sort and the page live in the query string, so a filtered catalog can be linked to. */
export function catalogState(params: ParamReader) {
  return {
    search: params.get("q") ?? undefined,
    category: params.get("category") ?? undefined,
    variety: oneOf(MODULE_VARIETIES, params.get("variety")),
    state: oneOf(CATALOG_STATE_FILTERS, params.get("state")),
    sort: oneOf(CATALOG_SORTS, params.get("sort")) ?? ("name" as CatalogSort),
    direction: params.get("dir") === "desc" ? ("desc" as const) : ("asc" as const),
    page: pageParam(params),
  };
}

export type CatalogState = ReturnType<typeof catalogState>;

/** The `modules.list` input of a catalog state. */
export function catalogListInput(state: CatalogState) {
  return {
    search: state.search,
    category: state.category,
    variety: state.variety,
    state: state.state,
    sort: state.sort,
    direction: state.direction,
    page: state.page,
    pageSize: CATALOG_PAGE_SIZE,
  };
}
