"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, History, KeyRound, PackageX } from "lucide-react";
import Link from "next/link";
import { useState } from "react";
import { useBreadcrumbLabel } from "@/components/shell/breadcrumb-labels";
import { PageHeader } from "@/components/shell/page-header";
import { useMe } from "@/components/settings/use-me";
import { useTRPC } from "@/components/trpc/client";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Digest } from "@/components/ui/digest";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { ModuleChip } from "@/components/ui/module-chip";
import { SecretDialog } from "@/components/ui/secret-dialog";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { toastSuccess } from "@/components/ui/toast";
import { plural } from "@/server/domain/plural";
import { DriftBadge } from "./drift-badge";
import { describeInstanceEvent, isDriftEvent, type EventTone } from "./event-text";
import { HeartbeatCell, InstanceStatusBadge, ModulesInSync } from "./instance-cells";
import { InstanceMetadataSection } from "./instance-metadata";
import type { InstanceDetailDto, InstanceEventDto, InstanceModuleRowDto } from "./types";

const MODULE_STATE: Record<InstanceModuleRowDto["state"], { label: string; variant: BadgeVariant }> = {
  in_sync: { label: "in sync", variant: "neutral" },
  missing: { label: "missing", variant: "error" },
  mismatched: { label: "mismatched", variant: "warning" },
  extra: { label: "extra", variant: "outline" },
};

const TONE_DOT: Record<EventTone, string> = {
  neutral: "bg-muted-foreground",
  good: "bg-state-live",
  warning: "bg-warning",
  error: "bg-error",
};

/** One node (docs/fleet.md): desired vs running per module, drift now, drift history and events, token actions. */
export function InstanceDetail({ instanceId }: { instanceId: string }) {
  const trpc = useTRPC();
  const instance = useQuery(trpc.instances.get.queryOptions({ instanceId }, { refetchInterval: 15_000 }));
  useBreadcrumbLabel(instanceId, instance.data?.name);
  if (instance.isError) {
    return <ErrorState title="Could not load this instance" error={instance.error} onRetry={() => void instance.refetch()} retrying={instance.isFetching} />;
  }
  if (instance.isPending) {
    return (
      <div className="space-y-3" aria-busy="true" aria-label="Loading the instance">
        <Skeleton className="h-10 w-80" />
        <Skeleton className="h-28 w-full" />
        <Skeleton className="h-64 w-full" />
      </div>
    );
  }
  const data = instance.data;
  const drift = data.drift;
  return (
    <div className="space-y-6">
      <PageHeader
        eyebrow={
          <Link href="/app/system/instances" className="hover:underline">
            Instances
          </Link>
        }
        title={<span className="font-mono">{data.name}</span>}
        description={
          data.decommissionedAt ? (
            <>
              Decommissioned <TimeAgo date={data.decommissionedAt} />: out of the fleet and its counts; its history stays.
            </>
          ) : undefined
        }
        actions={<InstanceActions data={data} />}
      />

      <dl className="grid gap-x-6 gap-y-3 rounded-lg border bg-card p-4 text-sm sm:grid-cols-2 lg:grid-cols-4" aria-label="Instance summary">
        <Item label="Status">
          <InstanceStatusBadge status={data.status} />
        </Item>
        <Item label="Drift now">
          <span className="flex flex-wrap items-center gap-2">
            <DriftBadge severity={drift.severity} differences={drift.differences} neverReported={data.neverReported} />
            {drift.differences > 0 ? (
              <span className="text-xs text-muted-foreground">{data.neverReported ? `${plural(drift.differences, "module")} to install` : plural(drift.differences, "difference")}</span>
            ) : null}
          </span>
        </Item>
        <Item label="Modules in sync">
          <ModulesInSync inSync={data.modules.filter((m) => m.state === "in_sync").length} desired={data.modules.filter((m) => m.desired !== null).length} />
        </Item>
        <Item label="Last heartbeat">
          <HeartbeatCell at={data.lastHeartbeatAt} stale={data.stale} staleAfterMinutes={data.staleAfterMinutes} />
        </Item>
        <Item label="Template">
          {data.template ? (
            <Link href={`/app/system/templates/${data.template.id}`} className="font-mono text-xs hover:underline">
              {data.template.name}
            </Link>
          ) : (
            <span className="text-muted-foreground">none</span>
          )}
          <span className="ml-2 text-xs text-muted-foreground tabular-nums">revision {data.desiredRevision}</span>
        </Item>
        <Item label="Architecture">
          <span className="font-mono text-xs">{data.arch}</span>
        </Item>
        <Item label="Agent">
          <span className="font-mono text-xs">{data.agentVersion ?? <span className="font-sans text-muted-foreground">not reported</span>}</span>
        </Item>
        <Item label="Agent token">
          {data.agentTokenPrefix ? (
            <span className="text-xs">
              <span className="font-mono">{data.agentTokenPrefix}…</span>
              {data.agentTokenIssuedAt ? (
                <span className="text-muted-foreground">
                  {" "}
                  issued <TimeAgo date={data.agentTokenIssuedAt} />
                </span>
              ) : null}
            </span>
          ) : (
            <Badge variant="outline">revoked</Badge>
          )}
        </Item>
      </dl>

      {data.undeliverable.length > 0 ? (
        <div role="status" className="flex items-start gap-2 rounded-md border px-3 py-2 text-sm severity-warning">
          <AlertTriangle aria-hidden className="mt-0.5 size-4 shrink-0" />
          <div>
            <p className="font-medium">{plural(data.undeliverable.length, "module")} of the template cannot be delivered</p>
            <ul className="text-xs">
              {data.undeliverable.map((u) => (
                <li key={u.name}>{u.reason}</li>
              ))}
            </ul>
          </div>
        </div>
      ) : null}

      <section aria-labelledby="modules-heading" className="space-y-2">
        <h2 id="modules-heading" className="text-sm font-semibold">
          Desired vs running
        </h2>
        <p className="text-xs text-muted-foreground">
          Desired is what the template delivers now (pin, else live); running is what the node reported in its last heartbeat.
        </p>
        {data.modules.length === 0 ? (
          <EmptyState
            compact
            icon={<PackageX />}
            title="Nothing to run"
            description={data.template ? "The template delivers no module and the node reports none." : "Give this node a template to tell it what to run."}
          />
        ) : (
          <Table aria-label="Modules: desired vs running">
            <TableHeader>
              <TableRow>
                <TableHead>Module</TableHead>
                <TableHead>Desired version</TableHead>
                <TableHead>Desired digest</TableHead>
                <TableHead>Running digest</TableHead>
                <TableHead>Running since</TableHead>
                <TableHead>State</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {data.modules.map((m) => (
                <TableRow key={m.name} data-testid="instance-module" data-module={m.name} data-state={m.state}>
                  <TableCell>
                    <Link href={`/app/system/modules/${encodeURIComponent(m.name)}`} className="hover:underline">
                      <ModuleChip name={m.name} variant="dot" />
                    </Link>
                  </TableCell>
                  <TableCell className="font-mono text-xs">{m.desired?.version ?? <span className="font-sans text-muted-foreground">not desired</span>}</TableCell>
                  <TableCell>{m.desired ? <Digest value={m.desired.ociDigest} label={`Desired digest of ${m.name}`} /> : <span className="text-muted-foreground">—</span>}</TableCell>
                  <TableCell>
                    {m.running ? <Digest value={m.running.ociDigest} label={`Running digest of ${m.name}`} /> : <span className="text-xs text-muted-foreground">not reported</span>}
                  </TableCell>
                  <TableCell>{m.running?.since ? <TimeAgo date={m.running.since} /> : <span className="text-muted-foreground">—</span>}</TableCell>
                  <TableCell>
                    <Badge variant={MODULE_STATE[m.state].variant}>{MODULE_STATE[m.state].label}</Badge>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>

      <InstanceMetadataSection data={data} />

      <div className="grid gap-6 lg:grid-cols-2">
        <EventsSection title="Drift history" id="drift-history" events={data.events.filter((e) => isDriftEvent(e.kind))} empty={data.neverReported ? "No heartbeat yet: nothing to compare." : "No drift recorded: the node has matched its desired state whenever it reported."} />
        <EventsSection title="Events" id="events" events={data.events} empty="No events yet." />
      </div>
    </div>
  );
}

function Item({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="min-w-0 space-y-1">
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="min-w-0">{children}</dd>
    </div>
  );
}

function EventsSection({ title, id, events, empty }: { title: string; id: string; events: InstanceEventDto[]; empty: string }) {
  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-2">
      <h2 id={`${id}-heading`} className="text-sm font-semibold">
        {title}
      </h2>
      {events.length === 0 ? (
        <EmptyState compact icon={<History />} title={empty} />
      ) : (
        <ol className="divide-y rounded-lg border" data-testid={id}>
          {events.map((event) => {
            const text = describeInstanceEvent(event.kind, event.detail);
            return (
              <li key={event.id} className="flex items-start gap-3 px-3 py-2 text-sm" data-kind={event.kind}>
                <span aria-hidden="true" className={cn("mt-1.5 size-2 shrink-0 rounded-full", TONE_DOT[text.tone])} />
                <div className="min-w-0 flex-1">
                  <p className="font-medium">{text.title}</p>
                  {text.detail ? <p className="truncate text-xs text-muted-foreground" title={text.detail}>{text.detail}</p> : null}
                </div>
                <TimeAgo date={event.createdAt} className="shrink-0 text-xs text-muted-foreground" />
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

/** Rotate, revoke, decommission: operators and above (`instances.manage`); viewers see none of them. */
function InstanceActions({ data }: { data: InstanceDetailDto }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { atLeast } = useMe();
  const [newToken, setNewToken] = useState<string | null>(null);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: trpc.instances.get.queryKey({ instanceId: data.id }) });
    void queryClient.invalidateQueries({ queryKey: trpc.instances.list.pathKey() });
  };
  const rotate = useMutation(trpc.instances.rotateToken.mutationOptions({ onSuccess: refresh }));
  const revoke = useMutation(trpc.instances.revokeToken.mutationOptions({ onSuccess: refresh }));
  const decommission = useMutation(
    trpc.instances.decommission.mutationOptions({
      onSuccess: () => {
        refresh();
        void queryClient.invalidateQueries({ queryKey: trpc.instances.countsByTemplate.queryKey() });
      },
    }),
  );
  if (!atLeast("operator") || data.decommissionedAt) return null;
  return (
    <>
      <ConfirmDialog
        trigger={
          <Button size="sm" variant="outline">
            <KeyRound aria-hidden /> Rotate token…
          </Button>
        }
        title={`Rotate the agent token of ${data.name}?`}
        description="A new token is issued and the current one stops working at once. The node cannot call in until its agent has the new token."
        confirmLabel="Rotate token"
        onConfirm={async () => {
          const result = await rotate.mutateAsync({ instanceId: data.id });
          toastSuccess("Agent token rotated", `${data.name}: copy the new token now.`);
          setNewToken(result.agentToken);
        }}
      />
      {data.agentTokenPrefix ? (
        <ConfirmDialog
          trigger={
            <Button size="sm" variant="outline">
              Revoke token…
            </Button>
          }
          title={`Revoke the agent token of ${data.name}?`}
          description="The node can no longer fetch its desired state or report heartbeats until you rotate in a new token."
          variant="destructive"
          confirmLabel="Revoke token"
          onConfirm={async () => {
            await revoke.mutateAsync({ instanceId: data.id });
            toastSuccess("Agent token revoked", `${data.name} can no longer call in.`);
          }}
        />
      ) : null}
      <ConfirmDialog
        trigger={
          <Button size="sm" variant="destructive">
            Decommission…
          </Button>
        }
        title={`Decommission ${data.name}?`}
        description="Revokes its agent token, marks it terminated and takes it out of the fleet's lists and counts. Its history stays. This cannot be undone."
        variant="destructive"
        reason="required"
        reasonLabel="Reason"
        reasonPlaceholder="e.g. hardware retired, rack moved"
        confirmLabel="Decommission"
        onConfirm={async ({ reason }) => {
          await decommission.mutateAsync({ instanceId: data.id, reason });
          toastSuccess(`Decommissioned ${data.name}`);
        }}
      />
      <SecretDialog
        secret={newToken}
        onClose={() => setNewToken(null)}
        title={`New agent token for ${data.name}`}
        description="This is the only time the token is shown. Put it in the node agent's configuration now; the old one no longer works."
        label="Agent token"
      />
    </>
  );
}
