"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { CircleAlert, CircleCheck, ShieldAlert, TriangleAlert } from "lucide-react";
import { useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { ModuleChip } from "@/components/ui/module-chip";
import { SEVERITY_TONES } from "@/components/ui/state-colors";
import { TimeAgo } from "@/components/ui/time-ago";
import { toastSuccess } from "@/components/ui/toast";
import { groupThousands, plural } from "@/server/domain/plural";
import type { Preview, PreviewIssue } from "./types";

const SECTIONS = [
  { key: "errors", title: "Errors", severity: "error", icon: CircleAlert, empty: "No errors: nodes can run this composition." },
  { key: "conflicts", title: "Conflicts", severity: "conflict", icon: ShieldAlert, empty: "No conflicts." },
  { key: "warnings", title: "Warnings", severity: "warning", icon: TriangleAlert, empty: "No warnings." },
] as const;

/** Errors (red), conflicts (violet) and warnings (amber) of the composition, re-run on every change. */
export function IssuesPanel({ preview, canEdit, updating, onSelectModule }: { preview: Preview; canEdit: boolean; updating: boolean; onSelectModule?: (module: string) => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [accepting, setAccepting] = useState(false);
  const accept = useMutation(
    trpc.templates.acceptErrors.mutationOptions({
      onSuccess: (r) => {
        toastSuccess("Errors accepted", `${plural(r.acceptedErrors, "error")} accepted with your reason.`);
        void queryClient.invalidateQueries(trpc.templates.pathFilter());
      },
    }),
  );
  const unaccepted = preview.health.unacceptedErrors;
  return (
    <section aria-labelledby="issues-heading" className="space-y-3 rounded-lg border p-3" data-testid="issues-panel" aria-busy={updating || undefined}>
      <div className="flex items-center justify-between gap-2">
        <h2 id="issues-heading" className="text-sm font-semibold">
          Composition
        </h2>
        <span className="text-xs text-muted-foreground" aria-live="polite">
          {updating ? "Re-composing…" : `${plural(preview.overlay.pathCount, "path", { thousands: true })} · ${groupThousands(preview.overlay.contestedCount)} contested`}
        </span>
      </div>
      {preview.health.errors > 0 && preview.override ? (
        <div className="rounded-md border px-2 py-1.5 text-xs severity-error">
          <div className="font-medium">
            {preview.health.accepted ? "Errors accepted" : `${unaccepted} of ${plural(preview.health.errors, "error")} not yet accepted`}
          </div>
          <div>
            “{preview.override.reason}” — {preview.override.by ?? "someone"}
            {preview.override.at ? (
              <>
                , <TimeAgo date={preview.override.at} />
              </>
            ) : null}
          </div>
        </div>
      ) : null}
      {unaccepted > 0 && canEdit ? (
        <>
          <Button size="sm" variant="outline" className="w-full" onClick={() => setAccepting(true)}>
            Accept {plural(unaccepted, "error")} with a reason…
          </Button>
          <ConfirmDialog
            open={accepting}
            onOpenChange={setAccepting}
            title="Accept the composition errors?"
            description="Nodes built from this template keep running this composition despite its errors. The reason is recorded in the audit log; a new error will need a new reason."
            confirmLabel="Accept errors"
            variant="destructive"
            reason="required"
            reasonLabel="Override reason"
            onConfirm={({ reason }) => accept.mutateAsync({ templateId: preview.templateId, reason })}
          />
        </>
      ) : null}
      {SECTIONS.map((section) => {
        const issues: PreviewIssue[] = preview[section.key];
        const tone = SEVERITY_TONES[section.severity];
        const Icon = section.icon;
        return (
          <div key={section.key} className="space-y-1.5" data-testid={`issues-${section.key}`}>
            <h3 className={cn("flex items-center gap-1.5 text-xs font-semibold", issues.length ? tone.text : "text-muted-foreground")}>
              <Icon aria-hidden className="size-3.5" />
              {section.title} ({issues.length})
            </h3>
            {issues.length === 0 ? (
              <p className="flex items-center gap-1 text-xs text-muted-foreground">
                <CircleCheck aria-hidden className="size-3" /> {section.empty}
              </p>
            ) : (
              <ul className="space-y-1.5">
                {issues.map((issue) => (
                  <li key={issue.key} className={cn("rounded-md border px-2 py-1.5 text-xs", tone.badge)} data-code={issue.code}>
                    <div className="flex flex-wrap items-center gap-1.5">
                      <span className="font-mono font-medium">{issue.code}</span>
                      {issue.accepted ? <Badge variant="outline">accepted</Badge> : null}
                      {issue.relatedModule ? (
                        <button type="button" className="ml-auto rounded" onClick={() => onSelectModule?.(issue.relatedModule!)} aria-label={`Show ${issue.relatedModule}`}>
                          <ModuleChip name={issue.relatedModule} />
                        </button>
                      ) : null}
                    </div>
                    <p className="mt-0.5 text-foreground">{issue.message}</p>
                    {issue.hint ? <p className="mt-0.5 text-muted-foreground">{issue.hint}</p> : null}
                  </li>
                ))}
              </ul>
            )}
          </div>
        );
      })}
    </section>
  );
}
