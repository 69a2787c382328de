"use client";

import * as React from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import { Textarea } from "@/components/ui/textarea";
import { formatAbsoluteTime } from "@/components/ui/format";
import { plural } from "@/server/domain/plural";
import { formatDuration } from "./format";
import type { PipelineData, PipelineVersion } from "./types";
import type { usePipelineActions } from "./use-pipeline-actions";

export type PipelineAction =
  | { kind: "promote"; version: PipelineVersion; target: "staging" | "blessed" }
  | { kind: "demote"; version: PipelineVersion }
  | { kind: "retire"; version: PipelineVersion }
  | { kind: "requestLive"; version: PipelineVersion }
  | { kind: "rollback"; version: PipelineVersion };

interface PipelineActionDialogProps {
  action: PipelineAction | null;
  data: PipelineData;
  actions: ReturnType<typeof usePipelineActions>;
  onClose: () => void;
}

/**
 * The confirmation every pipeline action goes through, asking for a reason where the audit needs one. Confirming
 * fires the mutation without waiting: the card moves at once (optimistic), and an error restores it with a toast.
 */
export function PipelineActionDialog({ action, data, actions, onClose }: PipelineActionDialogProps) {
  const [override, setOverride] = React.useState("");
  React.useEffect(() => {
    if (action) setOverride("");
  }, [action]);
  if (!action) return null;
  const name = data.module.name;
  const v = action.version;
  const label = `${name} ${v.version}`;
  const open = true;
  const onOpenChange = (next: boolean) => {
    if (!next) onClose();
  };

  switch (action.kind) {
    case "promote": {
      const ready = v.sensors.ready;
      // The bless gate: the policy requires the evidence and the version lacks it, so blessing needs a reason.
      const gated = action.target === "blessed" && data.policy.blessRequiresEvidence && !ready?.ready;
      return (
        <ConfirmDialog
          open={open}
          onOpenChange={onOpenChange}
          title={action.target === "staging" ? `Promote ${label} to staging?` : `Bless ${label}?`}
          description={
            action.target === "staging"
              ? "Staging is where a build soaks on canary nodes before it is blessed."
              : "A blessed version can be pinned by templates and requested for live."
          }
          reason="optional"
          confirmLabel={action.target === "staging" ? "Promote to staging" : gated ? "Bless anyway" : "Bless"}
          onConfirm={({ reason }) => {
            const overrideReason = override.trim();
            if (gated && !overrideReason) throw new Error("The bless gate requires the ready-to-bless evidence: give an override reason to bless anyway.");
            actions.promote.mutate({
              versionId: v.id,
              targetState: action.target,
              expectedState: v.promotionState,
              ...(reason ? { reason } : {}),
              ...(gated ? { evidenceOverrideReason: overrideReason } : {}),
            });
          }}
        >
          {action.target === "blessed" && ready ? (
            <p className={ready.ready ? "text-state-live-fg" : "text-warning-fg"}>
              {ready.ready ? "Ready to bless: " : "Not proven yet: "}
              {ready.summary}.
            </p>
          ) : null}
          {gated ? (
            <div className="mt-2 space-y-2">
              <p role="note" className="rounded-md border px-3 py-2 severity-warning">
                The account&apos;s policy requires the ready-to-bless evidence (at least 3 healthy instances for at least 30 minutes) before
                blessing. Blessing without it is an override, recorded in the audit log with your reason.
              </p>
              <Field label="Gate override reason" required description="Why this version may be blessed before it is proven.">
                <Textarea value={override} onChange={(e) => setOverride(e.target.value)} placeholder="e.g. security fix, verified on the lab fleet" />
              </Field>
            </div>
          ) : null}
        </ConfirmDialog>
      );
    }
    case "demote":
      return (
        <ConfirmDialog
          open={open}
          onOpenChange={onOpenChange}
          title={`Demote ${label} to built?`}
          description="The version leaves staging; it can be promoted again later."
          reason="optional"
          confirmLabel="Demote"
          onConfirm={({ reason }) => {
            actions.demote.mutate({ versionId: v.id, expectedState: v.promotionState, ...(reason ? { reason } : {}) });
          }}
        />
      );
    case "retire":
      return (
        <ConfirmDialog
          open={open}
          onOpenChange={onOpenChange}
          title={`Retire ${label}?`}
          description={
            v.promotionState === "live"
              ? "This is the LIVE version. Nodes that follow live will have no version of this module to run until another goes live."
              : "Retired is final: the version can never be promoted or pinned again."
          }
          variant="destructive"
          reason="required"
          confirmLabel={`Retire ${v.version}`}
          onConfirm={({ reason }) => {
            actions.retire.mutate({ versionId: v.id, reason, expectedState: v.promotionState });
          }}
        />
      );
    case "requestLive": {
      const policy = data.policy;
      const frozen = policy.activeFreezeWindows.length > 0;
      return (
        <ConfirmDialog
          open={open}
          onOpenChange={onOpenChange}
          title={`Request ${label} for live?`}
          description={
            policy.requireApproval
              ? `It goes live when ${plural(policy.requiredApprovals, "approver")} other than you ${plural(policy.requiredApprovals, "approves", { many: "approve", withCount: false })}. The request expires after ${formatDuration(policy.requestTtlHours)}.`
              : `The approval policy for ${data.module.category.name} requires no approval: ${v.version} goes live immediately${data.live ? ` and ${data.live.version} returns to blessed` : ""}.`
          }
          reason="required"
          reasonLabel="Why should this version go live?"
          confirmLabel={policy.requireApproval ? "Request live" : "Make live"}
          onConfirm={({ reason }) => {
            const overrideReason = override.trim();
            if (frozen && !overrideReason) throw new Error("Live promotions are frozen: give a reason to override the freeze.");
            actions.requestLive.mutate({ versionId: v.id, reason, ...(frozen ? { freezeOverrideReason: overrideReason } : {}) });
          }}
        >
          {frozen ? (
            <div className="space-y-2">
              <div role="note" className="rounded-md border px-3 py-2 severity-warning">
                <p className="font-medium">A freeze window is active</p>
                <ul className="mt-1 list-disc pl-4">
                  {policy.activeFreezeWindows.map((w) => (
                    <li key={`${w.startsAt.toISOString()}-${w.reason}`}>
                      {w.reason} — until {formatAbsoluteTime(w.endsAt)}
                    </li>
                  ))}
                </ul>
              </div>
              <Field label="Freeze override reason" required description="Admins only. Recorded in the audit log with the request.">
                <Textarea value={override} onChange={(e) => setOverride(e.target.value)} placeholder="Why this cannot wait for the freeze to end" />
              </Field>
            </div>
          ) : null}
        </ConfirmDialog>
      );
    }
    case "rollback": {
      const target = data.rollbackTarget;
      return (
        <ConfirmDialog
          open={open}
          onOpenChange={onOpenChange}
          title={`Roll back ${name}?`}
          description={
            target
              ? `${v.version} (live) is retired and ${target.version}, the most recently live version, goes live again. Every node that follows live changes.`
              : "There is no previously live version to roll back to."
          }
          variant="destructive"
          reason="required"
          reasonLabel="Why are you rolling back?"
          confirmLabel={target ? `Roll back to ${target.version}` : "Roll back"}
          onConfirm={({ reason }) => {
            actions.rollback.mutate({ moduleName: name, reason });
          }}
        />
      );
    }
  }
}
