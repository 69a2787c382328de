/**
 * The templates list's enumerations without their schemas: the list reads its sort from the URL with these on
 * every visit, and importing them from ./templates would ship zod with its first load (docs/ui.md, First paint).
 * ./templates re-exports them.
 */
export const TEMPLATE_SORTS = ["name", "updated", "modules", "instances", "health"] as const;
/** A templates page holds at most this many rows: each row's health is a composition (docs/performance.md). */
export const TEMPLATE_PAGE_MAX = 200;
