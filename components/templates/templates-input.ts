/**
 * The templates list's state in the query string and the `templates.list` input it asks for: one derivation for
 * the client list and the server page that prefetches the first page (docs/ui.md, First paint). Server-safe.
 */
import { oneOf, type ParamReader } from "@/components/ui/search-params";
import { TEMPLATE_SORTS } from "@/server/contracts/template-values";

/** Each row's health badge is a composition: a page holds 50 (docs/performance.md, Templates list). */
export const TEMPLATES_PAGE_SIZE = 50;

export type TemplateSort = (typeof TEMPLATE_SORTS)[number];

export function templatesState(params: ParamReader) {
  return {
    search: params.get("q") ?? "",
    sort: oneOf(TEMPLATE_SORTS, params.get("sort")) ?? ("name" as TemplateSort),
    dir: params.get("dir") === "desc" ? ("desc" as const) : ("asc" as const),
    page: Math.max(1, Math.min(10_000, Number.parseInt(params.get("page") ?? "1", 10) || 1)),
  };
}

export type TemplatesState = ReturnType<typeof templatesState>;

/** The `templates.list` input of a list state. */
export function templatesListInput(state: TemplatesState) {
  return { search: state.search || undefined, sort: state.sort, dir: state.dir, page: state.page, pageSize: TEMPLATES_PAGE_SIZE };
}
