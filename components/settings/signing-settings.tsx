"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { fieldErrorsOf, useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ErrorState } from "@/components/ui/error-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { Textarea } from "@/components/ui/textarea";
import { TimeAgo } from "@/components/ui/time-ago";
import { toastError, toastSuccess } from "@/components/ui/toast";
import { useMe } from "./use-me";

/**
 * Settings → Signing (docs/ingest.md, Trust policy): the trusted root and thresholds signed ingest verifies with,
 * registry credentials and the webhook secret. Admins only; secrets are write-only.
 */
export function SigningSettings() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { atLeast, me } = useMe();
  const isAdmin = atLeast("admin");
  const settings = useQuery(trpc.ingest.settings.queryOptions(undefined, { enabled: isAdmin }));
  const [rootJson, setRootJson] = useState("");
  const [usePublicGood, setUsePublicGood] = useState(true);
  const [thresholds, setThresholds] = useState({ tlog: 1, ctlog: 1, timestamp: 1 });
  const [registry, setRegistry] = useState({ host: "", username: "", password: "" });
  const [secret, setSecret] = useState<string | null>(null);
  const [rootError, setRootError] = useState<string | undefined>();
  useEffect(() => {
    if (!settings.data) return;
    setUsePublicGood(settings.data.usePublicGood);
    setThresholds({ tlog: settings.data.tlogThreshold, ctlog: settings.data.ctlogThreshold, timestamp: settings.data.timestampThreshold });
  }, [settings.data]);
  const invalidate = () => void queryClient.invalidateQueries({ queryKey: trpc.ingest.settings.queryKey() });
  const update = useMutation(
    trpc.ingest.updateSettings.mutationOptions({
      onSuccess: () => {
        toastSuccess("Trust policy saved");
        setRootJson("");
        setRootError(undefined);
        invalidate();
      },
      onError: (error) => {
        const fields = fieldErrorsOf(error);
        setRootError(fields.trustedRootJson ?? fields.usePublicGood);
        if (!fields.trustedRootJson && !fields.usePublicGood) toastError(error, "Could not save the trust policy");
      },
    }),
  );
  const credential = useMutation(
    trpc.ingest.setRegistryCredential.mutationOptions({
      onSuccess: () => {
        toastSuccess("Registry credentials saved");
        setRegistry({ host: "", username: "", password: "" });
        invalidate();
      },
      onError: (error) => toastError(error, "Could not save the credentials"),
    }),
  );
  const rotate = useMutation(
    trpc.ingest.rotateWebhookSecret.mutationOptions({
      onSuccess: (result) => {
        setSecret(result.secret);
        invalidate();
      },
      onError: (error) => toastError(error, "Could not make a webhook secret"),
    }),
  );

  if (me.isPending) return <Skeleton className="mt-4 h-40 w-full" />;
  if (!isAdmin) return <p className="pt-4 text-sm text-muted-foreground">Only admins can see and change the signing trust policy.</p>;
  if (settings.isError) return <ErrorState error={settings.error} title="Could not load the signing settings" onRetry={() => void settings.refetch()} />;
  if (settings.isPending) return <Skeleton className="mt-4 h-40 w-full" />;
  const s = settings.data;

  return (
    <div className="max-w-3xl space-y-8 pt-4" data-testid="signing-settings">
      <form
        noValidate
        className="space-y-4"
        onSubmit={(event) => {
          event.preventDefault();
          update.mutate({
            ...(rootJson.trim() ? { trustedRootJson: rootJson.trim() } : {}),
            usePublicGood,
            tlogThreshold: thresholds.tlog,
            ctlogThreshold: thresholds.ctlog,
            timestampThreshold: thresholds.timestamp,
          });
        }}
      >
        <div>
          <h3 className="text-sm font-semibold">Trust policy</h3>
          <p className="text-sm text-muted-foreground">
            Signed ingest accepts a version only with a Sigstore signature whose certificate chains to a trusted root, with these many transparency-log
            entries, CT timestamps and signed timestamps, from the signer the module names.
          </p>
        </div>
        <p className="flex items-center gap-2 text-sm">
          Custom trusted root: {s.hasCustomTrustedRoot ? <Badge variant="live">uploaded</Badge> : <Badge variant="outline">none</Badge>}
          {s.hasCustomTrustedRoot ? (
            <Button type="button" size="sm" variant="ghost" loading={update.isPending} onClick={() => update.mutate({ trustedRootJson: null })}>
              Remove
            </Button>
          ) : null}
        </p>
        <Field label="Upload a trusted_root.json" optional error={rootError} description="Your own Fulcio CA, TSA, Rekor and CT keys (cosign trusted-root create). Leave empty to keep the current one.">
          <Textarea rows={4} className="font-mono text-xs" value={rootJson} onChange={(event) => setRootJson(event.target.value)} placeholder='{"mediaType": "application/vnd.dev.sigstore.trustedroot+json;version=0.1", …}' />
        </Field>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" className="size-4 accent-current" checked={usePublicGood} onChange={(event) => setUsePublicGood(event.target.checked)} />
          Also trust the Sigstore public-good root (shipped with Strata, works offline)
        </label>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field label="Transparency-log entries">
            <Input type="number" min={0} max={10} value={thresholds.tlog} onChange={(event) => setThresholds({ ...thresholds, tlog: Number(event.target.value) })} />
          </Field>
          <Field label="CT log SCTs">
            <Input type="number" min={0} max={10} value={thresholds.ctlog} onChange={(event) => setThresholds({ ...thresholds, ctlog: Number(event.target.value) })} />
          </Field>
          <Field label="Timestamps (at least 1)">
            <Input type="number" min={1} max={10} value={thresholds.timestamp} onChange={(event) => setThresholds({ ...thresholds, timestamp: Number(event.target.value) })} />
          </Field>
        </div>
        <Button type="submit" loading={update.isPending}>
          Save trust policy
        </Button>
      </form>

      <section className="space-y-3">
        <h3 className="text-sm font-semibold">Registry credentials</h3>
        {s.registries.length ? (
          <Table>
            <TableHeader>
              <TableRow>
                <TableHead>Registry</TableHead>
                <TableHead>User</TableHead>
                <TableHead>Updated</TableHead>
                <TableHead align="right">
                  <span className="sr-only">Actions</span>
                </TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {s.registries.map((r) => (
                <TableRow key={r.registryHost}>
                  <TableCell className="font-mono text-xs">{r.registryHost}</TableCell>
                  <TableCell className="font-mono text-xs">{r.username}</TableCell>
                  <TableCell className="text-xs">
                    <TimeAgo date={r.updatedAt} />
                  </TableCell>
                  <TableCell align="right">
                    <Button size="sm" variant="ghost" onClick={() => credential.mutate({ registryHost: r.registryHost, username: r.username, password: null })}>
                      Remove
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        ) : (
          <p className="text-sm text-muted-foreground">No credentials: registries are read anonymously.</p>
        )}
        <form
          className="grid items-end gap-2 sm:grid-cols-[1fr_1fr_1fr_auto]"
          onSubmit={(event) => {
            event.preventDefault();
            credential.mutate({ registryHost: registry.host.trim(), username: registry.username, password: registry.password });
          }}
        >
          <Field label="Registry host">
            <Input className="font-mono text-xs" placeholder="registry.example.com" value={registry.host} onChange={(e) => setRegistry({ ...registry, host: e.target.value })} />
          </Field>
          <Field label="User">
            <Input autoComplete="off" value={registry.username} onChange={(e) => setRegistry({ ...registry, username: e.target.value })} />
          </Field>
          <Field label="Password or token">
            <Input type="password" autoComplete="new-password" value={registry.password} onChange={(e) => setRegistry({ ...registry, password: e.target.value })} />
          </Field>
          <Button type="submit" variant="outline" loading={credential.isPending} disabled={!registry.host || !registry.username || !registry.password}>
            Save
          </Button>
        </form>
      </section>

      <section className="space-y-2">
        <h3 className="text-sm font-semibold">Push webhook</h3>
        <p className="text-sm text-muted-foreground">
          Point the registry's or forge's push webhook at <code className="font-mono text-xs">/api/v1/system/ingest/webhook?account={me.data?.accountSlug ?? "…"}</code>, signed
          with HMAC-SHA256. Secret: {s.webhookSecretSet ? "set" : "not set"}.
        </p>
        <Button variant="outline" size="sm" loading={rotate.isPending} onClick={() => rotate.mutate()}>
          {s.webhookSecretSet ? "Replace the webhook secret" : "Make a webhook secret"}
        </Button>
        {secret ? (
          <div className="space-y-1 rounded-md border p-2">
            <p className="text-xs text-muted-foreground">Shown once: store it in the webhook's settings now. The previous secret no longer works.</p>
            <Input readOnly aria-label="New webhook secret" value={secret} className="font-mono text-xs" onFocus={(e) => e.currentTarget.select()} />
          </div>
        ) : null}
      </section>
    </div>
  );
}
