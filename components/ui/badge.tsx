import * as React from "react";
import { cva, type VariantProps } from "class-variance-authority";

import { cn } from "./cn";

export const badgeVariants = cva(
  [
    "inline-flex h-5 shrink-0 items-center gap-1 rounded-md border px-1.5 text-xs leading-none font-medium",
    "whitespace-nowrap [&_svg]:pointer-events-none [&_svg]:size-3 [&_svg]:shrink-0",
  ],
  {
    variants: {
      variant: {
        neutral: "border-border bg-muted text-foreground",
        outline: "border-border bg-transparent text-muted-foreground",
        primary: "border-transparent bg-primary text-primary-foreground",
        built: "state-built",
        staging: "state-staging",
        blessed: "state-blessed",
        live: "state-live",
        retired: "state-retired",
        error: "severity-error",
        warning: "severity-warning",
        conflict: "severity-conflict",
      },
    },
    defaultVariants: { variant: "neutral" },
  },
);

export type BadgeVariant = NonNullable<VariantProps<typeof badgeVariants>["variant"]>;
export type BadgeProps = React.ComponentProps<"span"> & VariantProps<typeof badgeVariants>;

export function Badge({ className, variant, ...props }: BadgeProps) {
  return <span data-slot="badge" className={cn(badgeVariants({ variant }), className)} {...props} />;
}
