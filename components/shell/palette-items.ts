import { Boxes, Layers, Plus, Rocket, Server, ShieldCheck, type LucideIcon } from "lucide-react";
import { NAV_ITEMS } from "./nav";

/* The command palette's items (docs/ui.md, "Command palette"): pure, so the rules are unit-tested. */

export interface PaletteItem {
  id: string;
  group: "Pages" | "Actions" | "Modules" | "Templates" | "Instances" | "Live requests";
  label: string;
  /** Quiet text after the label (a display name, a version). */
  hint?: string;
  icon: LucideIcon;
  /** Where choosing it goes; `fill` instead puts text in the box (the "Promote…" action asks for a module). */
  href?: string;
  fill?: string;
}

export const PROMOTE_PREFIX = "promote ";

const ACTIONS: PaletteItem[] = [
  { id: "action-promote", group: "Actions", label: "Promote…", hint: "choose a module", icon: Rocket, fill: PROMOTE_PREFIX },
  { id: "action-new-module", group: "Actions", label: "New module", icon: Plus, href: "/app/system/modules/new" },
  { id: "action-new-template", group: "Actions", label: "New template", icon: Plus, href: "/app/system/templates?new=1" },
];

const PAGES: PaletteItem[] = NAV_ITEMS.map((item) => ({ id: `page-${item.key}`, group: "Pages", label: item.label, icon: item.icon, href: item.href }));

function matches(item: PaletteItem, query: string): boolean {
  return query === "" || item.label.toLowerCase().includes(query) || (item.hint ?? "").toLowerCase().includes(query);
}

/**
 * The items for a query: pages and actions matching the text, then the account's modules, templates, instances and
 * pending live requests from `home.search`. "promote <text>" lists only modules, as "Promote <name>…".
 */
export function paletteItems(query: string, found: SearchResult | undefined): PaletteItem[] {
  const text = query.trim().toLowerCase();
  if (query.toLowerCase().startsWith(PROMOTE_PREFIX)) {
    return (found?.modules ?? []).map((m) => ({
      id: `promote-${m.name}`,
      group: "Actions",
      label: `Promote ${m.name}…`,
      hint: "Versions tab",
      icon: Rocket,
      href: `/app/system/modules/${encodeURIComponent(m.name)}/versions`,
    }));
  }
  const items = [...PAGES, ...ACTIONS].filter((item) => matches(item, text));
  if (!found || text === "") return items;
  return [
    ...items,
    ...found.modules.map((m): PaletteItem => ({ id: `module-${m.name}`, group: "Modules", label: m.name, hint: m.displayName, icon: Boxes, href: `/app/system/modules/${encodeURIComponent(m.name)}` })),
    ...found.templates.map((t): PaletteItem => ({ id: `template-${t.id}`, group: "Templates", label: t.name, icon: Layers, href: `/app/system/templates/${t.id}` })),
    ...found.instances.map((i): PaletteItem => ({ id: `instance-${i.id}`, group: "Instances", label: i.name, icon: Server, href: `/app/system/instances/${i.id}` })),
    ...found.approvals.map((r): PaletteItem => ({ id: `request-${r.id}`, group: "Live requests", label: `${r.moduleName} ${r.version}`, hint: "awaiting approval", icon: ShieldCheck, href: `/app/system/approvals/${r.id}` })),
  ];
}

export interface SearchResult {
  modules: Array<{ name: string; displayName: string }>;
  templates: Array<{ id: string; name: string }>;
  instances: Array<{ id: string; name: string }>;
  approvals: Array<{ id: string; moduleName: string; version: string }>;
}

