"use client";

import Link from "next/link";
import { useMutation, useQuery } from "@tanstack/react-query";
import { ArrowRight, Snowflake } from "lucide-react";
import { RolloutProgress } from "@/components/fleet/rollout-progress";
import { useBreadcrumbLabel } from "@/components/shell/breadcrumb-labels";
import { PageHeader } from "@/components/shell/page-header";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Digest } from "@/components/ui/digest";
import { ErrorState } from "@/components/ui/error-state";
import { formatAbsoluteTime } from "@/components/ui/format";
import { ModuleChip } from "@/components/ui/module-chip";
import { Skeleton } from "@/components/ui/skeleton";
import { StateBadge } from "@/components/ui/state-badge";
import { TimeAgo } from "@/components/ui/time-ago";
import { toastSuccess } from "@/components/ui/toast";
import { plural } from "@/server/domain/plural";
import { BadBadge } from "@/components/rollouts/bad-badge";
import { RequestRollout } from "@/components/rollouts/rollout-track";
import { usePipelineInvalidation } from "@/components/pipeline/invalidate";
import { BlastRadius } from "./blast-radius";
import { ExpiryCountdown } from "./expiry-countdown";
import { RequestStatusBadge } from "./request-status-badge";
import type { RequestDetail as RequestDetailData } from "./types";

/** A live request: who asks for what and why, its decisions, the actions the caller may take, and the blast radius. */
export function RequestDetail({ requestId }: { requestId: string }) {
  const trpc = useTRPC();
  const request = useQuery(trpc.approvals.get.queryOptions({ requestId }, { refetchInterval: 30_000 }));
  useBreadcrumbLabel(requestId, request.data ? `${request.data.version.moduleName} ${request.data.version.version}` : undefined);
  if (request.isError) {
    return <ErrorState title="Could not load this request" error={request.error} onRetry={() => void request.refetch()} />;
  }
  if (request.isPending) {
    return (
      <div className="space-y-3" aria-busy="true" aria-label="Loading the request">
        <Skeleton className="h-10 w-80" />
        <Skeleton className="h-32 w-full" />
        <Skeleton className="h-64 w-full" />
      </div>
    );
  }
  const data = request.data;
  const v = data.version;
  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={
          <Link href="/app/system/approvals" className="hover:underline">
            Approvals
          </Link>
        }
        title={
          <span className="flex items-center gap-2">
            <span className="font-mono">{v.moduleName}</span>
            <span className="font-mono">{v.version}</span>
            <ArrowRight aria-hidden="true" className="size-4 text-muted-foreground" />
            <span>live</span>
          </span>
        }
        description={data.reason}
        actions={<RequestStatusBadge status={data.status} />}
      />
      <Summary data={data} />
      <RequestRollout requestId={requestId} status={data.status} />
      {data.status === "approved" ? (
        v.state === "live" ? (
          <RolloutProgress moduleName={v.moduleName} version={v.version} />
        ) : (
          <p className="rounded-lg border bg-card p-4 text-sm text-muted-foreground" data-testid="rollout-ended">
            {v.moduleName} {v.version} is no longer live (now {v.state}): nodes are not converging to it.
          </p>
        )
      ) : null}
      <Decide data={data} />
      <BlastRadius requestId={requestId} />
    </div>
  );
}

function Summary({ data }: { data: RequestDetailData }) {
  const v = data.version;
  return (
    <div className="grid gap-4 rounded-lg border bg-card p-4 text-sm md:grid-cols-2">
      <dl className="grid grid-cols-[9rem_1fr] gap-x-3 gap-y-1.5">
        <dt className="text-muted-foreground">Module</dt>
        <dd>
          <Link href={`/app/system/modules/${encodeURIComponent(v.moduleName)}/versions`} className="hover:underline">
            <ModuleChip name={v.moduleName} variant="dot" />
          </Link>{" "}
          <span className="text-xs text-muted-foreground">{v.category.name}</span>
        </dd>
        <dt className="text-muted-foreground">Candidate</dt>
        <dd className="flex flex-wrap items-center gap-2">
          <span className="font-mono">{v.version}</span> <StateBadge state={v.state} /> {v.badReason ? <BadBadge reason={v.badReason} /> : null}{" "}
          <Digest value={v.ociDigest} />
        </dd>
        <dt className="text-muted-foreground">Live now</dt>
        <dd>{data.live ? <span className="font-mono">{data.live.version}</span> : <span className="text-muted-foreground">nothing is live</span>}</dd>
        <dt className="text-muted-foreground">Signed by</dt>
        <dd className="truncate font-mono text-xs" title={v.signerIdentity ?? undefined}>
          {v.signerIdentity ?? <span className="font-sans text-muted-foreground italic">unsigned</span>}
        </dd>
      </dl>
      <dl className="grid grid-cols-[9rem_1fr] gap-x-3 gap-y-1.5">
        <dt className="text-muted-foreground">Requested by</dt>
        <dd className="font-mono text-xs" data-testid="requested-by">
          {data.requestedByLabel} {data.isRequester ? <span className="font-sans text-muted-foreground">(you)</span> : null}
        </dd>
        <dt className="text-muted-foreground">Requested</dt>
        <dd>
          <TimeAgo date={data.createdAt} />
        </dd>
        <dt className="text-muted-foreground">{data.status === "pending" ? "Expires" : "Decided"}</dt>
        <dd>
          {data.status === "pending" ? (
            <ExpiryCountdown createdAt={data.createdAt} expiresAt={data.expiresAt} now={data.now} />
          ) : data.decidedAt ? (
            <span title={formatAbsoluteTime(data.decidedAt)}>
              <TimeAgo date={data.decidedAt} />
              {data.decisionNote ? ` — ${data.decisionNote}` : ""}
            </span>
          ) : (
            "—"
          )}
        </dd>
        <dt className="text-muted-foreground">Approvals</dt>
        <dd className="tabular-nums" data-testid="approval-count">
          {data.approvals} of {data.requiredApprovals} required
        </dd>
        {data.freezeOverrideReason ? (
          <>
            <dt className="text-muted-foreground">Freeze override</dt>
            <dd className="flex items-start gap-1">
              <Snowflake aria-hidden="true" className="mt-0.5 size-3.5 shrink-0" />
              {data.freezeOverrideReason}
            </dd>
          </>
        ) : null}
      </dl>
      {data.decisions.length > 0 ? (
        <div className="md:col-span-2">
          <h3 className="mb-1 text-xs font-medium text-muted-foreground">Decisions</h3>
          <ul className="space-y-1">
            {data.decisions.map((d) => (
              <li key={`${d.userEmail}-${d.at.toISOString()}`} className="text-sm">
                <span className={d.decision === "approve" ? "text-state-live-fg" : "text-error"}>{d.decision === "approve" ? "Approved" : "Rejected"}</span>{" "}
                by <span className="font-mono text-xs">{d.userEmail}</span> <TimeAgo date={d.at} />
                {d.comment ? <span className="text-muted-foreground"> — “{d.comment}”</span> : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

/** Approve / reject / cancel, each disabled with the reason when the caller may not (canDecide on the server). */
function Decide({ data }: { data: RequestDetailData }) {
  const trpc = useTRPC();
  const label = `${data.version.moduleName} ${data.version.version}`;
  const invalidation = usePipelineInvalidation();
  const invalidate = () => invalidation.requestDecided(data.id, data.version.moduleName);
  // Errors stay in the open dialog (ConfirmDialog shows them); success closes it with a toast.
  const approve = useMutation(trpc.approvals.approve.mutationOptions({ onSettled: invalidate }));
  const reject = useMutation(trpc.approvals.reject.mutationOptions({ onSettled: invalidate }));
  const cancel = useMutation(trpc.approvals.cancel.mutationOptions({ onSettled: invalidate }));
  const lastApproval = data.approvals + 1 >= data.requiredApprovals;
  const { can } = data;
  if (data.status !== "pending") return null;

  return (
    <div className="flex flex-wrap items-start gap-x-6 gap-y-3 rounded-lg border p-4" aria-label="Decision" role="group">
      <div className="space-y-1">
        <ConfirmDialog
          trigger={
            <Button disabled={!can.approve.allowed} aria-describedby={!can.approve.allowed ? "approve-why" : undefined}>
              Approve
            </Button>
          }
          title={`Approve ${label} for live?`}
          description={
            lastApproval
              ? `Yours is the last approval needed: ${label} goes live at once${data.live ? ` and ${data.live.version} returns to blessed` : ""}.`
              : `This records your approval; ${data.requiredApprovals - data.approvals - 1} more needed before it goes live.`
          }
          reason="optional"
          reasonLabel="Comment"
          reasonPlaceholder="Optional: what you checked"
          confirmLabel={lastApproval ? "Approve and go live" : "Approve"}
          onConfirm={async ({ reason }) => {
            const result = await approve.mutateAsync({ requestId: data.id, ...(reason ? { comment: reason } : {}) });
            toastSuccess(result.applied ? `${label} is live` : `Approved ${label}`, result.applied ? undefined : `${result.approvals} of ${plural(result.requiredApprovals, "approval")}`);
          }}
        >
          <p className="text-muted-foreground">Review the blast radius below before approving: the templates and instances listed will change.</p>
        </ConfirmDialog>
        {!can.approve.allowed ? (
          <p id="approve-why" className="max-w-sm text-xs text-muted-foreground" data-testid="approve-why">
            {can.approve.reason}
          </p>
        ) : null}
      </div>
      <div className="space-y-1">
        <ConfirmDialog
          trigger={
            <Button variant="outline" disabled={!can.reject.allowed} aria-describedby={!can.reject.allowed ? "reject-why" : undefined}>
              Reject
            </Button>
          }
          title={`Reject the live request for ${label}?`}
          description="The version stays blessed. The requester sees your comment."
          variant="destructive"
          reason="required"
          reasonLabel="Comment"
          reasonPlaceholder="Why is this rejected?"
          confirmLabel="Reject"
          onConfirm={async ({ reason }) => {
            await reject.mutateAsync({ requestId: data.id, comment: reason });
            toastSuccess(`Rejected the live request for ${label}`);
          }}
        />
        {!can.reject.allowed ? (
          <p id="reject-why" className="max-w-sm text-xs text-muted-foreground">
            {can.reject.reason}
          </p>
        ) : null}
      </div>
      {can.cancel.allowed ? (
        <ConfirmDialog
          trigger={<Button variant="ghost">{data.isRequester ? "Withdraw request" : "Cancel request"}</Button>}
          title={`${data.isRequester ? "Withdraw" : "Cancel"} the live request for ${label}?`}
          description="Nothing goes live; the version stays blessed and can be requested again."
          reason="optional"
          confirmLabel={data.isRequester ? "Withdraw" : "Cancel request"}
          cancelLabel="Keep it"
          onConfirm={async ({ reason }) => {
            await cancel.mutateAsync({ requestId: data.id, ...(reason ? { reason } : {}) });
            toastSuccess(`Cancelled the live request for ${label}`);
          }}
        />
      ) : null}
    </div>
  );
}
