import * as React from "react";
import type { LucideIcon } from "lucide-react";

import { cn } from "./cn";

export interface EmptyStateProps {
  /** A lucide icon component (`icon={Boxes}`) or any node. */
  icon?: LucideIcon | React.ReactNode;
  title: React.ReactNode;
  /** Say what to do next: "Register a module, or push one from CI with an API token." */
  description?: React.ReactNode;
  /** Usually a Button (or `<Button asChild><Link/></Button>`). */
  action?: React.ReactNode;
  /** Tighter padding for use inside tables and panels. */
  compact?: boolean;
  className?: string;
}

function isComponent(icon: unknown): icon is LucideIcon {
  // lucide icons are forwardRef objects; plain function components are accepted too.
  return typeof icon === "function" || (typeof icon === "object" && icon !== null && "render" in icon);
}

export function EmptyState({ icon, title, description, action, compact = false, className }: EmptyStateProps) {
  let iconNode: React.ReactNode = null;
  if (isComponent(icon)) {
    const Icon = icon;
    iconNode = <Icon aria-hidden="true" className="size-5" />;
  } else if (icon) {
    iconNode = icon;
  }
  return (
    <div
      data-slot="empty-state"
      className={cn(
        "flex flex-col items-center justify-center gap-2 text-center",
        compact ? "px-4 py-8" : "px-6 py-14",
        className,
      )}
    >
      {iconNode ? (
        <div className="mb-1 flex size-10 items-center justify-center rounded-full bg-muted text-muted-foreground">
          {iconNode}
        </div>
      ) : null}
      <p className="text-sm font-medium">{title}</p>
      {description ? <p className="max-w-md text-sm text-muted-foreground">{description}</p> : null}
      {action ? <div className="mt-2 flex items-center gap-2">{action}</div> : null}
    </div>
  );
}
