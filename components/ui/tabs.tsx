"use client";

import * as React from "react";
import * as TabsPrimitive from "@radix-ui/react-tabs";

import { cn } from "./cn";

/**
 * In-page tabs (Radix: arrow keys move between tabs, panels are linked with aria-controls). For tabs that are
 * routes (module page: overview / manifest / versions ...), use `LinkTabs` so each tab has a URL.
 */
export function Tabs({ className, ...props }: React.ComponentProps<typeof TabsPrimitive.Root>) {
  return <TabsPrimitive.Root data-slot="tabs" className={cn("flex flex-col gap-3", className)} {...props} />;
}

/** Tab strip with an underline indicator; the shared look of `TabsList` and `LinkTabs`. */
export const tabListClasses = "flex h-9 w-full items-end gap-1 overflow-x-auto border-b";
export const tabTriggerClasses = cn(
  "relative -mb-px inline-flex h-9 shrink-0 items-center gap-1.5 border-b-2 border-transparent px-2.5 text-sm",
  "font-medium whitespace-nowrap text-muted-foreground transition-colors hover:text-foreground",
  "focus-visible:-outline-offset-2 disabled:pointer-events-none disabled:opacity-50",
  "[&_svg]:size-4 [&_svg]:shrink-0",
);
export const tabTriggerActiveClasses = "border-foreground text-foreground";

export function TabsList({ className, ...props }: React.ComponentProps<typeof TabsPrimitive.List>) {
  return <TabsPrimitive.List data-slot="tabs-list" className={cn(tabListClasses, className)} {...props} />;
}

export function TabsTrigger({ className, ...props }: React.ComponentProps<typeof TabsPrimitive.Trigger>) {
  return (
    <TabsPrimitive.Trigger
      data-slot="tabs-trigger"
      className={cn(
        tabTriggerClasses,
        "data-[state=active]:border-foreground data-[state=active]:text-foreground",
        className,
      )}
      {...props}
    />
  );
}

export function TabsContent({ className, ...props }: React.ComponentProps<typeof TabsPrimitive.Content>) {
  return <TabsPrimitive.Content data-slot="tabs-content" className={cn("min-w-0", className)} {...props} />;
}
