"use client";

import { useQuery } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ModuleChip } from "@/components/ui/module-chip";
import { Skeleton } from "@/components/ui/skeleton";
import { cn } from "@/components/ui/cn";
import { SEVERITY_TONES } from "@/components/ui/state-colors";
import { plural } from "@/server/domain/plural";
import type { PreviewDiff, ProposedChange } from "./types";

export interface ChangeDialogProps {
  templateId: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The assignment change to preview; null for changes that do not affect the composition (metadata). */
  change: ProposedChange | null;
  title: ReactNode;
  description?: ReactNode;
  confirmLabel: string;
  variant?: "default" | "destructive";
  /** Performs the mutation; `overrideReason` is set when the change introduces composition errors. */
  onConfirm: (overrideReason: string | undefined) => Promise<unknown>;
  children?: ReactNode;
}

/**
 * The confirmation for every change to what the fleet runs. It previews the change first (what it would
 * introduce or resolve, which paths change winner) and, when it introduces composition errors, requires the
 * override reason the audit log records (docs/templates.md).
 */
export function ChangeDialog({ templateId, open, onOpenChange, change, title, description, confirmLabel, variant, onConfirm, children }: ChangeDialogProps) {
  const trpc = useTRPC();
  const preview = useQuery(
    trpc.templates.preview.queryOptions(
      { templateId, change: change ?? undefined },
      { enabled: open && change !== null, staleTime: 5_000 },
    ),
  );
  const diff = preview.data?.diff ?? null;
  const introducesErrors = (diff?.newErrors.length ?? 0) > 0;
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={onOpenChange}
      title={title}
      description={description}
      confirmLabel={introducesErrors ? `${confirmLabel} anyway` : confirmLabel}
      variant={introducesErrors ? "destructive" : variant}
      reason={introducesErrors ? "required" : "none"}
      reasonLabel="Override reason"
      reasonPlaceholder="Why may the fleet run a composition with these errors?"
      reasonDescription="This change introduces composition errors. Saving it anyway accepts them; the reason is recorded in the audit log."
      onConfirm={({ reason }) => onConfirm(reason || undefined)}
    >
      {children}
      {change === null ? null : preview.isPending ? (
        <div className="space-y-2" aria-busy="true" aria-label="Previewing the change">
          <Skeleton className="h-4 w-2/3" />
          <Skeleton className="h-4 w-1/2" />
        </div>
      ) : preview.isError ? (
        <p role="alert" className="rounded-md border px-3 py-2 severity-error">
          {preview.error.message}
        </p>
      ) : diff ? (
        <DiffSummary diff={diff} />
      ) : null}
    </ConfirmDialog>
  );
}

const LAYER_CHANGE_TEXT: Record<string, (before: string | number | null, after: string | number | null) => string> = {
  added: (_b, a) => `added${a ? ` (${a})` : ""}`,
  removed: (b) => `removed${b ? ` (${b})` : ""}`,
  version: (b, a) => `version ${b ?? "none"} → ${a ?? "none"}`,
  priority: (b, a) => `priority ${b} → ${a}`,
};

/** What a proposed change does to the composition, in the editor's three colours. */
export function DiffSummary({ diff, compact = false }: { diff: PreviewDiff; compact?: boolean }) {
  const groups = [
    { title: "New errors", issues: diff.newErrors, variant: "error" as const },
    { title: "New conflicts", issues: diff.newConflicts, variant: "conflict" as const },
    { title: "New warnings", issues: diff.newWarnings, variant: "warning" as const },
  ].filter((g) => g.issues.length > 0);
  const resolved = diff.resolvedErrors.length + diff.resolvedConflicts.length + diff.resolvedWarnings.length;
  const nothing = groups.length === 0 && resolved === 0 && diff.winnerChangeCount === 0 && diff.layerChanges.length === 0;
  if (compact) {
    return (
      <span className="inline-flex flex-wrap items-center gap-1.5 text-xs" data-testid="what-if">
        <span className="text-muted-foreground">What-if:</span>
        {nothing ? <span className="text-muted-foreground">no change to issues or file winners</span> : null}
        {groups.map((g) => (
          <Badge key={g.title} variant={g.variant}>
            +{plural(g.issues.length, g.variant)}
          </Badge>
        ))}
        {resolved > 0 ? <Badge variant="outline">{resolved} resolved</Badge> : null}
        {diff.winnerChangeCount > 0 ? (
          <span>
            {plural(diff.winnerChangeCount, "path changes", { many: "paths change", thousands: true })} winner
          </span>
        ) : null}
      </span>
    );
  }
  return (
    <div className="space-y-3" data-testid="change-diff">
      {diff.layerChanges.length > 0 ? (
        <ul className="space-y-1">
          {diff.layerChanges.map((c) => (
            <li key={`${c.module}-${c.change}`} className="flex flex-wrap items-center gap-2">
              <ModuleChip name={c.module} />
              <span className="font-mono text-xs">{LAYER_CHANGE_TEXT[c.change]?.(c.before, c.after) ?? c.change}</span>
            </li>
          ))}
        </ul>
      ) : null}
      {groups.map((g) => (
        <div key={g.title} className="space-y-1">
          <div className="text-xs font-medium">{g.title}</div>
          <ul className="space-y-1">
            {g.issues.map((issue) => (
              <li key={issue.key} className={cn("rounded-md border px-2 py-1 text-xs wrap-anywhere", SEVERITY_TONES[g.variant].badge)}>
                <span className="font-mono">{issue.code}</span> {issue.message}
              </li>
            ))}
          </ul>
        </div>
      ))}
      {resolved > 0 ? (
        <p className="text-xs text-muted-foreground">
          Resolves {plural(resolved, "issue")}: {[...diff.resolvedErrors, ...diff.resolvedConflicts, ...diff.resolvedWarnings].map((i) => i.code).join(", ")}.
        </p>
      ) : null}
      {diff.winnerChangeCount > 0 ? (
        <div className="space-y-1">
          <div className="text-xs font-medium">
            {plural(diff.winnerChangeCount, "path changes", { many: "paths change", thousands: true })} winner
          </div>
          {/* A scrolling list takes focus so keyboard users can scroll it (docs/ui.md, "Accessibility"). */}
          <ul className="max-h-32 min-w-0 space-y-0.5 overflow-auto font-mono text-xs" tabIndex={0} aria-label="Paths whose winner changes">
            {diff.winnerChanges.slice(0, 8).map((w) => (
              <li key={w.path} className="wrap-anywhere">
                {w.path}: {w.before ?? "nobody"} → {w.after ?? "nobody"}
              </li>
            ))}
            {diff.winnerChangeCount > 8 ? <li className="text-muted-foreground">… {diff.winnerChangeCount - 8} more</li> : null}
          </ul>
        </div>
      ) : null}
      {nothing ? <p className="text-xs text-muted-foreground">No change to the composition&apos;s errors, conflicts or file winners.</p> : null}
    </div>
  );
}
