"use client";

import { Lock } from "lucide-react";
import type { ReactNode } from "react";
import { useMe } from "@/components/settings/use-me";
import { cn } from "@/components/ui/cn";

type Role = "viewer" | "author" | "operator" | "approver" | "admin";

/** The quiet "Read-only." line a page shows where its actions would be (docs/ui.md, Read-only pages). */
export function ReadOnlyNotice({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <p className={cn("flex items-center gap-2 rounded-md border bg-muted/50 px-3 py-2 text-sm text-muted-foreground", className)} data-testid="read-only-notice">
      <Lock className="size-4 shrink-0" aria-hidden="true" />
      <span>Read-only. {children}</span>
    </p>
  );
}

/**
 * Says why a page's actions are missing when the signed-in role is below `need`: "Your role (viewer) can see the
 * pipeline but not promote, demote or retire versions; that needs operator or above." Nothing while the role loads
 * or when the role suffices. The server checks the permission regardless.
 */
export function RoleNotice({ need, sees, cannot, className }: { need: Role; sees: string; cannot: string; className?: string }) {
  const { me, atLeast } = useMe();
  if (!me.data || atLeast(need)) return null;
  return (
    <ReadOnlyNotice className={className}>
      Your role ({me.data.role}) can see {sees} but not {cannot}; that needs {need} or above.
    </ReadOnlyNotice>
  );
}
