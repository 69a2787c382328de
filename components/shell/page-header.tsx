import * as React from "react";

import { cn } from "@/components/ui/cn";

export interface PageHeaderProps {
  /** The page's <h1>. */
  title: React.ReactNode;
  description?: React.ReactNode;
  /** Right-aligned buttons: the page's primary action last ("Register module"). */
  actions?: React.ReactNode;
  /** Small line above the title: a back link, a category, a state badge row. */
  eyebrow?: React.ReactNode;
  /** Rendered under the title row, e.g. `<LinkTabs/>` or a filter bar. */
  children?: React.ReactNode;
  className?: string;
}

/** Title, description and actions at the top of a page inside the AppShell. Server-renderable. */
export function PageHeader({ title, description, actions, eyebrow, children, className }: PageHeaderProps) {
  return (
    <header data-slot="page-header" className={cn("mb-4 flex flex-col gap-3", className)}>
      <div className="flex flex-wrap items-start justify-between gap-x-4 gap-y-2">
        <div className="min-w-0 flex-1 space-y-1">
          {eyebrow ? <div className="text-xs text-muted-foreground">{eyebrow}</div> : null}
          <h1 className="truncate text-xl leading-tight font-semibold tracking-tight">{title}</h1>
          {description ? <p className="max-w-3xl text-sm text-muted-foreground">{description}</p> : null}
        </div>
        {actions ? <div className="flex shrink-0 flex-wrap items-center gap-2">{actions}</div> : null}
      </div>
      {children}
    </header>
  );
}
