/**
 * The catalog's enumerations without their schemas: the modules catalog reads its filters from the URL with these
 * on every visit, and importing them from ./modules would ship zod with its first load (docs/ui.md, First paint).
 * ./modules re-exports them. No imports but the domain's plain constants.
 */
import { PROMOTION_STATES } from "../domain/promotion/states";

export const MODULE_VARIETIES = ["subscription", "config", "instance"] as const;
export type ModuleVariety = (typeof MODULE_VARIETIES)[number];
export const CATALOG_STATE_FILTERS = [...PROMOTION_STATES, "none"] as const;
export type CatalogStateFilter = (typeof CATALOG_STATE_FILTERS)[number];
export const CATALOG_SORTS = ["name", "priority", "effectivePriority", "updated", "category"] as const;
export type CatalogSort = (typeof CATALOG_SORTS)[number];
