import type { Metadata } from "next";

/**
 * A browser tab's title: the most specific name first, then the section, then the product — "nginx · Manifest ·
 * Strata", "edge-web · Template · Strata". Absolute, because a layout that sets a plain string title (the module
 * layout names the module) ends the root layout's "%s · Strata" template for the pages below it (docs/ui.md).
 */
export function pageTitle(...parts: Array<string | undefined>): Metadata["title"] {
  return { absolute: [...parts.filter((p): p is string => Boolean(p)), "Strata"].join(" · ") };
}
