"use client";

import Link from "next/link";
import { AlarmClock, BadgeCheck, CheckCircle2, History, MoreHorizontal, Undo2 } from "lucide-react";
import { BadBadge } from "@/components/rollouts/bad-badge";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { Digest } from "@/components/ui/digest";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { STATE_TONES } from "@/components/ui/state-colors";
import { SimpleTooltip } from "@/components/ui/tooltip";
import { formatDuration, shortSigner } from "./format";
import type { PipelineAction } from "./pipeline-action-dialog";
import { VersionPackagesButton } from "./version-packages";
import type { PipelineData, PipelineVersion } from "./types";

interface VersionCardProps {
  version: PipelineVersion;
  data: PipelineData;
  onAction: (action: PipelineAction) => void;
}

/** One version in its lane: identity, provenance, age in state, sensor badges and the actions that fit its state. */
export function VersionCard({ version, data, onAction }: VersionCardProps) {
  const state = version.promotionState;
  const tone = STATE_TONES[state];
  const can = data.can;
  const stale = version.sensors.stale?.stale === true;
  const ready = version.sensors.ready?.ready === true;
  const signer = shortSigner(version.signerIdentity);
  const frozen = data.policy.activeFreezeWindows.length > 0;
  const secondary: Array<{ label: string; action: PipelineAction; destructive?: boolean }> = [];
  if (state === "staging" && can.demote) secondary.push({ label: "Demote to built…", action: { kind: "demote", version } });
  if ((state === "built" || state === "staging" || state === "blessed") && can.retire) {
    secondary.push({ label: "Retire…", action: { kind: "retire", version }, destructive: true });
  }
  if (state === "live" && can.rollback) secondary.push({ label: "Retire the live version…", action: { kind: "retire", version }, destructive: true });

  return (
    <li
      data-testid="version-card"
      data-version={version.version}
      data-state={state}
      className={cn("rounded-md border border-l-4 bg-card p-2 text-xs shadow-xs", tone.border)}
    >
      <div className="flex items-start justify-between gap-1">
        <span className={cn("font-mono text-sm font-semibold", state === "retired" && tone.text)}>{version.version}</span>
        {secondary.length > 0 ? (
          <DropdownMenu>
            <DropdownMenuTrigger asChild>
              <Button variant="ghost" size="icon-sm" aria-label={`More actions for ${version.version}`} className="-mt-1 -mr-1">
                <MoreHorizontal />
              </Button>
            </DropdownMenuTrigger>
            <DropdownMenuContent align="end">
              {secondary.map((item) => (
                <DropdownMenuItem key={item.label} variant={item.destructive ? "destructive" : "default"} onSelect={() => onAction(item.action)}>
                  {item.label}
                </DropdownMenuItem>
              ))}
            </DropdownMenuContent>
          </DropdownMenu>
        ) : null}
      </div>
      <div className="mt-0.5 flex flex-col gap-0.5 text-muted-foreground">
        <Digest value={version.ociDigest} className="w-fit" />
        {signer ? (
          <SimpleTooltip content={<SignerDetails version={version} />}>
            <span tabIndex={0} className="flex min-w-0 items-center gap-1" data-testid="signer">
              <BadgeCheck aria-label={version.signatureVerifiedAt ? "Verified signature by" : "Signed by"} className={cn("size-3 shrink-0", version.signatureVerifiedAt && "text-state-live-fg")} />
              <span className="truncate">{signer}</span>
            </span>
          </SimpleTooltip>
        ) : (
          <span className="italic">unsigned</span>
        )}
        {version.sbomUri ? <VersionPackagesButton versionId={version.id} version={version.version} /> : null}
        <span>
          in {state} for <span className="font-medium text-foreground tabular-nums">{formatDuration(version.hoursInState)}</span>
        </span>
      </div>
      {version.previouslyLive || stale || ready || version.retiredReason || version.badAt ? (
        <div className="mt-1.5 flex flex-wrap gap-1">
          {version.badAt ? <BadBadge reason={version.badReason} /> : null}
          {version.previouslyLive ? (
            <Badge variant="outline" title="Was live until a newer version replaced it: the rollback target">
              <History aria-hidden="true" /> previously live
            </Badge>
          ) : null}
          {stale ? (
            <Badge variant="warning" title={`No operator action for more than ${version.sensors.stale?.thresholdHours} h`}>
              <AlarmClock aria-hidden="true" /> stale {formatDuration(version.sensors.stale?.hoursSinceActivity ?? 0)}
            </Badge>
          ) : null}
          {ready ? (
            <Badge variant="live" title={version.sensors.ready?.summary}>
              <CheckCircle2 aria-hidden="true" /> ready to bless
            </Badge>
          ) : null}
        </div>
      ) : null}
      {state === "staging" && !ready && version.sensors.ready ? (
        <p className="mt-1 text-[11px] text-muted-foreground">{version.sensors.ready.summary}</p>
      ) : null}
      {version.retiredReason && state === "retired" ? (
        <p className="mt-1 line-clamp-2 text-[11px] text-muted-foreground" title={version.retiredReason}>
          “{version.retiredReason}”
        </p>
      ) : null}
      {version.pendingRequest ? (
        <Link
          href={version.pendingRequest.id ? `/app/system/approvals/${version.pendingRequest.id}` : "/app/system/approvals"}
          className="mt-1.5 flex items-center justify-between gap-1 rounded border border-state-live-border bg-state-live-bg px-1.5 py-1 text-state-live-fg hover:underline"
        >
          <span>Awaiting approval</span>
          <span className="tabular-nums">
            {version.pendingRequest.approvals}/{version.pendingRequest.requiredApprovals}
          </span>
        </Link>
      ) : null}
      <PrimaryAction version={version} data={data} frozen={frozen} onAction={onAction} />
    </li>
  );
}

/** The signer hover: who signed, which issuer vouched, when Strata verified it, and the certificate chain. */
function SignerDetails({ version }: { version: PipelineVersion }) {
  return (
    <div className="max-w-md space-y-1 text-xs" data-testid="signer-details">
      <p className="font-medium">{version.signatureVerifiedAt ? "Verified Sigstore signature" : "Signer (not verified by Strata)"}</p>
      <p className="break-all">
        <span className="text-muted-foreground">identity </span>
        <span className="font-mono">{version.signerIdentity}</span>
      </p>
      {version.signerIssuer ? (
        <p className="break-all">
          <span className="text-muted-foreground">issuer </span>
          <span className="font-mono">{version.signerIssuer}</span>
        </p>
      ) : null}
      {version.signatureVerifiedAt ? (
        <p>
          <span className="text-muted-foreground">verified </span>
          {new Date(version.signatureVerifiedAt).toISOString().replace("T", " ").slice(0, 19)} UTC
        </p>
      ) : null}
      {version.signerChain.length > 0 ? (
        <ol className="space-y-0.5 border-t pt-1">
          {version.signerChain.map((cert, i) => (
            <li key={cert.fingerprint256} className="break-all">
              <span className="text-muted-foreground">{i === 0 ? "leaf" : i === version.signerChain.length - 1 ? "root" : "CA"} </span>
              {cert.subject}
              <span className="text-muted-foreground"> · until {cert.validTo}</span>
            </li>
          ))}
        </ol>
      ) : null}
    </div>
  );
}

function PrimaryAction({ version, data, frozen, onAction }: { version: PipelineVersion; data: PipelineData; frozen: boolean; onAction: (a: PipelineAction) => void }) {
  const { can } = data;
  switch (version.promotionState) {
    case "built":
      return can.promote ? (
        <Button size="sm" variant="outline" className="mt-2 h-7 w-full" onClick={() => onAction({ kind: "promote", version, target: "staging" })}>
          Promote to staging
        </Button>
      ) : null;
    case "staging":
      return can.promote ? (
        <Button size="sm" variant="outline" className="mt-2 h-7 w-full" onClick={() => onAction({ kind: "promote", version, target: "blessed" })}>
          Bless
        </Button>
      ) : null;
    case "blessed":
      if (!can.requestLive || version.pendingRequest) return null;
      if (frozen && !can.overrideFreeze) {
        return (
          <p className="mt-2 rounded border px-1.5 py-1 text-[11px] severity-warning" role="note">
            Live promotions are frozen. An admin can override the freeze.
          </p>
        );
      }
      return (
        <Button size="sm" variant="outline" className="mt-2 h-7 w-full" onClick={() => onAction({ kind: "requestLive", version })}>
          Request live…
        </Button>
      );
    case "live":
      return can.rollback && data.rollbackTarget ? (
        <Button size="sm" variant="outline" className="mt-2 h-7 w-full" onClick={() => onAction({ kind: "rollback", version })}>
          <Undo2 aria-hidden="true" /> Roll back to {data.rollbackTarget.version}…
        </Button>
      ) : null;
    default:
      return null;
  }
}
