"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { AlertTriangle, RefreshCw } from "lucide-react";
import Link from "next/link";
import { useMe as useSettingsMe } from "@/components/settings/use-me";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Digest } from "@/components/ui/digest";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { toastError, toastSuccess } from "@/components/ui/toast";
import { SimpleTooltip } from "@/components/ui/tooltip";
import { RegexpTestBox } from "./regexp-field";
import { StarterDownload } from "./starter-download";

/**
 * The module page's "Signing & ingest" section (docs/ingest.md): where versions come from, who may sign them
 * (with the live tester), the last poll, every attempt with its outcome and reason, and "poll now".
 */
export function IngestSection({ name }: { name: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { atLeast } = useSettingsMe();
  const module = useQuery(trpc.modules.get.queryOptions({ name }));
  const attempts = useQuery(trpc.ingest.attempts.queryOptions({ moduleName: name, limit: 100 }));
  const poll = useMutation(
    trpc.ingest.poll.mutationOptions({
      onSuccess: (result) => {
        const accepted = result.attempts.filter((a) => a.outcome === "accepted").length;
        const rejected = result.attempts.length - accepted;
        toastSuccess(result.attempts.length === 0 ? `Nothing new in ${result.repository}` : `${accepted} accepted, ${rejected} rejected`);
        void queryClient.invalidateQueries({ queryKey: trpc.ingest.attempts.queryKey({ moduleName: name, limit: 100 }) });
        void queryClient.invalidateQueries({ queryKey: trpc.modules.get.queryKey({ name }) });
        if (accepted > 0) void queryClient.invalidateQueries({ queryKey: trpc.promotion.pipeline.queryKey() });
      },
      onError: (error) => toastError(error, "The poll failed"),
    }),
  );

  if (module.isError) return <ErrorState error={module.error} title="Could not load the module" onRetry={() => void module.refetch()} />;
  if (module.isPending) return <Skeleton className="h-48 w-full" />;
  const m = module.data;
  const overwrites = attempts.data?.filter((a) => a.tagOverwrite) ?? [];

  return (
    <div className="space-y-4" data-testid="ingest-section">
      {overwrites.length > 0 ? (
        <div role="alert" className="flex items-start gap-2 rounded-md border px-3 py-2 text-sm severity-error">
          <AlertTriangle aria-hidden="true" className="mt-0.5 size-4 shrink-0" />
          <span>
            Possible tag overwrite: tag <span className="font-mono">{overwrites[0]!.tag}</span> now points at another digest than the version Strata
            ingested. No version was changed; find out who re-pushed it.
          </span>
        </div>
      ) : null}
      <section className="grid gap-4 lg:grid-cols-2">
        <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1.5 text-sm">
          <dt className="text-muted-foreground">Repository</dt>
          <dd className="font-mono text-xs break-all">{m.ociRepository ?? <span className="font-sans text-muted-foreground italic">none — versions arrive only through the REST ingest call</span>}</dd>
          <dt className="text-muted-foreground">Signer identity</dt>
          <dd className="font-mono text-xs break-all">{m.cosignIdentityRegexp ?? <span className="font-sans text-muted-foreground italic">not set: no signer is accepted</span>}</dd>
          <dt className="text-muted-foreground">OIDC issuer</dt>
          <dd className="font-mono text-xs break-all">{m.cosignIssuerRegexp ?? <span className="font-sans text-muted-foreground italic">not set: no signer is accepted</span>}</dd>
          <dt className="text-muted-foreground">Last poll</dt>
          <dd className="text-xs">{m.lastPolledAt ? <TimeAgo date={m.lastPolledAt} /> : "never"}</dd>
          <dd className="col-span-2 pt-1">
            {m.ociRepository && atLeast("author") ? (
              <Button size="sm" variant="outline" loading={poll.isPending} onClick={() => poll.mutate({ name })}>
                <RefreshCw aria-hidden="true" /> Poll now
              </Button>
            ) : null}
            <span className="ml-2 text-xs text-muted-foreground">
              Edit the repository and regexps on the{" "}
              <Link className="hover:underline" href={`/app/system/modules/${encodeURIComponent(name)}`}>
                overview
              </Link>
              ; the trust policy is in{" "}
              <Link className="hover:underline" href="/app/system/settings?tab=signing">
                Settings → Signing
              </Link>
              .
            </span>
          </dd>
        </dl>
        <div className="space-y-2">
          <RegexpTestBox source={m.cosignIdentityRegexp ?? ""} label="Test a signer identity" placeholder="https://git.example/acme/modules/.forgejo/workflows/release.yaml@refs/heads/main" />
          <RegexpTestBox source={m.cosignIssuerRegexp ?? ""} label="Test an OIDC issuer" placeholder="https://git.example" />
        </div>
      </section>
      <StarterDownload name={name} />
      <section className="space-y-2">
        <h3 className="text-sm font-semibold">Ingest attempts</h3>
        {attempts.isError ? (
          <ErrorState error={attempts.error} title="Could not load the attempts" onRetry={() => void attempts.refetch()} />
        ) : attempts.isPending ? (
          <Skeleton className="h-32 w-full" />
        ) : attempts.data.length === 0 ? (
          <EmptyState
            compact
            title="No version yet: Strata has not seen a tag"
            description={
              m.ociRepository
                ? `Nothing was pushed to ${m.ociRepository} yet, or the poller has not run. Push the starter repository above: its CI pushes and signs the artifact and calls the webhook; or Poll now. A pushed but unsigned artifact shows up here as NO_SIGNATURE.`
                : "Set an OCI repository on the overview to ingest signed versions from a registry."
            }
          />
        ) : (
          <Table data-testid="ingest-attempts">
            <TableHeader>
              <TableRow>
                <TableHead>Tag</TableHead>
                <TableHead>Digest</TableHead>
                <TableHead>Outcome</TableHead>
                <TableHead>Reason</TableHead>
                <TableHead>Signer</TableHead>
                <TableHead>When</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {attempts.data.map((a) => (
                <TableRow key={a.id} data-outcome={a.outcome} data-tag={a.tag}>
                  <TableCell className="font-mono text-xs">{a.tag}</TableCell>
                  <TableCell>{a.digest ? <Digest value={a.digest} /> : "—"}</TableCell>
                  <TableCell>
                    {a.outcome === "accepted" ? (
                      <Badge variant="live">accepted</Badge>
                    ) : a.tagOverwrite ? (
                      <Badge variant="error">tag overwrite</Badge>
                    ) : (
                      <Badge variant="error">rejected</Badge>
                    )}
                  </TableCell>
                  <TableCell className="max-w-md text-xs [overflow-wrap:anywhere]">
                    <span className="font-mono text-[11px] text-muted-foreground">{a.reasonCode}</span> {a.reason}
                  </TableCell>
                  <TableCell className="max-w-56 text-xs">
                    {a.signerIdentity ? (
                      <SimpleTooltip content={<span className="break-all">{a.signerIdentity}{a.issuer ? ` (issuer ${a.issuer})` : ""}</span>}>
                        <span tabIndex={0} className="block truncate">
                          {a.signerIdentity}
                        </span>
                      </SimpleTooltip>
                    ) : (
                      "—"
                    )}
                  </TableCell>
                  <TableCell className="text-xs whitespace-nowrap">
                    <TimeAgo date={a.at} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>
    </div>
  );
}
