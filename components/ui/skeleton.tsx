import * as React from "react";

import { cn } from "./cn";

/** A grey placeholder block for loading content. Decorative: announce loading on the container (aria-busy). */
export function Skeleton({ className, ...props }: React.ComponentProps<"div">) {
  return (
    <div
      data-slot="skeleton"
      aria-hidden="true"
      className={cn("animate-pulse rounded-sm bg-muted-foreground/15", className)}
      {...props}
    />
  );
}
