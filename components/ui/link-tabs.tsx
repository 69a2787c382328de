"use client";

import * as React from "react";
import Link from "next/link";
import { usePathname } from "next/navigation";

import { cn } from "./cn";
import { tabListClasses, tabTriggerActiveClasses, tabTriggerClasses } from "./tabs";

export interface LinkTabItem {
  href: string;
  label: React.ReactNode;
  /** Optional count shown after the label (e.g. number of versions). */
  count?: number;
  /**
   * `"exact"` (default): active only on `href` itself, so an "Overview" tab at the section root is not active on
   * its children. `"prefix"`: also active on sub-paths.
   */
  match?: "exact" | "prefix";
}

export interface LinkTabsProps {
  items: LinkTabItem[];
  /** Accessible name of the navigation, e.g. "Module sections". */
  "aria-label": string;
  className?: string;
}

/** Route tabs: a `<nav>` of links styled like `TabsList`, the current one marked `aria-current="page"`. */
export function LinkTabs({ items, className, ...props }: LinkTabsProps) {
  const pathname = usePathname();
  return (
    <nav aria-label={props["aria-label"]} className={cn(tabListClasses, className)}>
      {items.map((item) => {
        const active =
          item.match === "prefix"
            ? pathname === item.href || pathname.startsWith(`${item.href}/`)
            : pathname === item.href;
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? "page" : undefined}
            className={cn(tabTriggerClasses, active && tabTriggerActiveClasses)}
          >
            {item.label}
            {item.count !== undefined ? (
              <span className="rounded-full bg-muted px-1.5 text-xs tabular-nums text-muted-foreground">
                {item.count}
              </span>
            ) : null}
          </Link>
        );
      })}
    </nav>
  );
}
