import { Boxes, Columns3, Inbox, Layers, ScrollText, Server, Settings, ShieldCheck, type LucideIcon } from "lucide-react";

export type NavKey = "home" | "modules" | "pipeline" | "templates" | "approvals" | "instances" | "audit" | "settings";

export interface NavItem {
  key: NavKey;
  label: string;
  href: string;
  icon: LucideIcon;
  /** Second key of the `g <key>` shortcut. */
  shortcut: string;
}

/** The console's sections, in sidebar order. Keyboard shortcuts and breadcrumbs read the same list. */
export const NAV_ITEMS: readonly NavItem[] = [
  // What needs a person now; where sign-in lands (docs/ui.md, "The attention home").
  { key: "home", label: "Home", href: "/app/system/home", icon: Inbox, shortcut: "h" },
  { key: "modules", label: "Modules", href: "/app/system/modules", icon: Boxes, shortcut: "m" },
  { key: "pipeline", label: "Pipeline", href: "/app/system/pipeline", icon: Columns3, shortcut: "p" },
  { key: "templates", label: "Templates", href: "/app/system/templates", icon: Layers, shortcut: "t" },
  { key: "approvals", label: "Approvals", href: "/app/system/approvals", icon: ShieldCheck, shortcut: "a" },
  { key: "instances", label: "Instances", href: "/app/system/instances", icon: Server, shortcut: "i" },
  { key: "audit", label: "Audit", href: "/app/system/audit", icon: ScrollText, shortcut: "u" },
  { key: "settings", label: "Settings", href: "/app/system/settings", icon: Settings, shortcut: "s" },
];

/** The section a path belongs to (`/app/system/modules/nginx/versions` → Modules). */
export function activeNavItem(pathname: string): NavItem | undefined {
  return NAV_ITEMS.find((item) => pathname === item.href || pathname.startsWith(`${item.href}/`));
}
