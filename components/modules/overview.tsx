"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Pencil } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState, type ReactNode } from "react";
import { FormProvider, useForm, type FieldPath } from "react-hook-form";
import type { z } from "zod";
import { useMe } from "@/components/settings/use-me";
import { fieldErrorsOf, useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ErrorState } from "@/components/ui/error-state";
import { Field } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { ModuleChip } from "@/components/ui/module-chip";
import { Skeleton } from "@/components/ui/skeleton";
import { StateBadge } from "@/components/ui/state-badge";
import { PROMOTION_STATES } from "@/components/ui/state-colors";
import { TimeAgo } from "@/components/ui/time-ago";
import { getErrorCode, toastError, toastSuccess } from "@/components/ui/toast";
import { updateModulePatch } from "@/server/contracts/modules";
import { plural } from "@/server/domain/plural";
import { VARIETY_DESCRIPTIONS } from "./form-parts";
import { ModuleFields } from "./module-fields";
import type { ModuleDetailDto } from "./types";

type EditInput = z.input<typeof updateModulePatch>;
type EditOutput = z.output<typeof updateModulePatch>;

export function ModuleOverview({ name }: { name: string }) {
  const trpc = useTRPC();
  const { atLeast } = useMe();
  const [editing, setEditing] = useState(false);
  const module = useQuery(trpc.modules.get.queryOptions({ name }));

  if (module.isError) return <ErrorState title="Could not load the module" error={module.error} onRetry={() => void module.refetch()} retrying={module.isFetching} />;
  if (module.isPending) {
    return (
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_22rem]" aria-busy="true" aria-label="Loading module">
        <Skeleton className="h-72 w-full" />
        <Skeleton className="h-48 w-full" />
      </div>
    );
  }
  const m = module.data;
  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
      <section aria-labelledby="registration-heading" className="min-w-0 space-y-3">
        <div className="flex items-center justify-between gap-2">
          <h2 id="registration-heading" className="text-sm font-semibold">
            Registration
          </h2>
          {atLeast("author") && !editing ? (
            <Button variant="outline" size="sm" onClick={() => setEditing(true)}>
              <Pencil aria-hidden="true" />
              Edit
            </Button>
          ) : null}
        </div>
        {editing ? <EditRegistration module={m} onDone={() => setEditing(false)} /> : <RegistrationFacts module={m} />}
      </section>
      <aside className="space-y-6">
        <PriorityDerivation module={m} />
        <VersionsSummary module={m} />
      </aside>
    </div>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid gap-0.5 py-2 sm:grid-cols-[11rem_minmax(0,1fr)] sm:gap-3">
      <dt className="text-xs font-medium text-muted-foreground sm:text-sm sm:font-normal">{label}</dt>
      <dd className="min-w-0 text-sm break-words">{children}</dd>
    </div>
  );
}

const none = <span className="text-muted-foreground">—</span>;

function RegistrationFacts({ module: m }: { module: ModuleDetailDto }) {
  return (
    <dl className="divide-y divide-border rounded-md border border-border px-3">
      <Fact label="Name">
        <span className="font-mono">{m.name}</span> <span className="text-xs text-muted-foreground">(permanent)</span>
      </Fact>
      <Fact label="Display name">{m.displayName}</Fact>
      <Fact label="Description">{m.description ? <span className="whitespace-pre-line">{m.description}</span> : none}</Fact>
      <Fact label="Category">
        {m.category.name} <span className="font-mono text-xs text-muted-foreground">{m.category.slug} · position {m.category.position}</span>
      </Fact>
      <Fact label="Variety">
        <Badge variant="outline">{m.variety}</Badge> <span className="text-xs text-muted-foreground">{VARIETY_DESCRIPTIONS[m.variety]}</span>
      </Fact>
      <Fact label="Parent module">
        {m.parentModule ? (
          <Link href={`/app/system/modules/${m.parentModule.name}`} className="hover:underline">
            <ModuleChip name={m.parentModule.name} />
          </Link>
        ) : (
          none
        )}
      </Fact>
      <Fact label="Config modules">
        {m.children.length ? (
          <span className="flex flex-wrap gap-1">
            {m.children.map((child) => (
              <Link key={child.name} href={`/app/system/modules/${child.name}`} className="hover:underline">
                <ModuleChip name={child.name} />
              </Link>
            ))}
          </span>
        ) : (
          none
        )}
      </Fact>
      <Fact label="Priority">
        <span className="font-mono">{m.priority}</span> <span className="text-xs text-muted-foreground">tie-breaker inside the category (0–999)</span>
      </Fact>
      <Fact label="Visibility">{m.visibility}</Fact>
      <Fact label="Repository">
        {m.repositoryUrl ? (
          <a href={m.repositoryUrl} className="font-mono text-xs hover:underline" rel="noreferrer noopener" target="_blank">
            {m.repositoryUrl}
          </a>
        ) : (
          none
        )}
      </Fact>
      <Fact label="OCI repository">
        {m.ociRepository ? (
          <Link href={`/app/system/modules/${encodeURIComponent(m.name)}/ingest`} className="font-mono text-xs break-all hover:underline">
            {m.ociRepository}
          </Link>
        ) : (
          none
        )}
      </Fact>
      <Fact label="Cosign identity">{m.cosignIdentityRegexp ? <code className="font-mono text-xs break-all">{m.cosignIdentityRegexp}</code> : <span className="text-muted-foreground">any identity (not recommended)</span>}</Fact>
      <Fact label="Cosign issuer">{m.cosignIssuerRegexp ? <code className="font-mono text-xs break-all">{m.cosignIssuerRegexp}</code> : <span className="text-muted-foreground">any issuer (not recommended)</span>}</Fact>
      <Fact label="Draft manifest">
        {m.manifestBytes > 0 ? (
          <Link href={`/app/system/modules/${m.name}/manifest`} className="hover:underline">
            {plural(m.manifestBytes, "byte", { thousands: true })}
          </Link>
        ) : (
          <span className="text-muted-foreground">
            none yet —{" "}
            <Link href={`/app/system/modules/${m.name}/manifest`} className="text-foreground hover:underline">
              write one
            </Link>
          </span>
        )}
      </Fact>
      <Fact label="Registered">
        <TimeAgo date={m.createdAt} />
      </Fact>
      <Fact label="Last changed">
        <TimeAgo date={m.updatedAt} />
      </Fact>
    </dl>
  );
}

function PriorityDerivation({ module: m }: { module: ModuleDetailDto }) {
  const d = m.derivation;
  return (
    <section aria-labelledby="priority-heading" className="space-y-2">
      <h2 id="priority-heading" className="text-sm font-semibold">
        Effective priority
      </h2>
      <div className="rounded-md border border-border p-3">
        <p className="font-mono text-2xl font-semibold tabular-nums">{d.effective}</p>
        <p className="mt-1 font-mono text-xs" data-testid="priority-derivation">
          {d.text}
        </p>
        <dl className="mt-3 space-y-1 text-xs text-muted-foreground">
          <div className="flex justify-between gap-2">
            <dt>category {d.categorySlug}</dt>
            <dd className="font-mono">{d.categoryPosition}</dd>
          </div>
          <div className="flex justify-between gap-2">
            <dt>variety {d.variety} (subscription 0, config 1, instance 2)</dt>
            <dd className="font-mono">+{d.varietyRank}</dd>
          </div>
          <div className="flex justify-between gap-2">
            <dt>× 1000, plus module priority</dt>
            <dd className="font-mono">+{d.modulePriority}</dd>
          </div>
        </dl>
        <p className="mt-3 text-xs text-muted-foreground">
          Layers stack in ascending effective priority; the higher one wins a path both ship. A template assignment can override it.
        </p>
      </div>
    </section>
  );
}

function VersionsSummary({ module: m }: { module: ModuleDetailDto }) {
  const v = m.versions;
  return (
    <section aria-labelledby="versions-heading" className="space-y-2">
      <div className="flex items-center justify-between">
        <h2 id="versions-heading" className="text-sm font-semibold">
          Versions
        </h2>
        <Link href={`/app/system/modules/${m.name}/versions`} className="text-xs hover:underline">
          All versions →
        </Link>
      </div>
      {v.total === 0 ? (
        <p className="rounded-md border border-dashed border-border p-3 text-sm text-muted-foreground">No versions yet. CI pushes builds with an API token; they arrive as built.</p>
      ) : (
        <ul className="divide-y divide-border rounded-md border border-border">
          {PROMOTION_STATES.map((state) => {
            const ref = v.latestByState[state];
            return (
              <li key={state} className="flex items-center justify-between gap-2 px-3 py-1.5 text-sm">
                <StateBadge state={state} />
                <span className="flex items-center gap-2 text-xs text-muted-foreground">
                  {ref ? <span className="font-mono text-foreground">{ref.version}</span> : null}
                  <span className="tabular-nums">{v.counts[state]}</span>
                </span>
              </li>
            );
          })}
        </ul>
      )}
      {v.stale ? (
        <p className="text-xs text-warning-fg">
          {v.stale.version} has waited in staging {Math.floor(v.stale.hoursInStaging)} h (stale after {v.stale.thresholdHours} h).
        </p>
      ) : null}
      {v.ready ? <p className="text-xs text-state-blessed-fg">{v.ready.version} is ready to bless: {v.ready.summary}.</p> : null}
    </section>
  );
}

function EditRegistration({ module: m, onDone }: { module: ModuleDetailDto; onDone: () => void }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const form = useForm<EditInput, unknown, EditOutput>({
    resolver: zodResolver(updateModulePatch),
    defaultValues: {
      displayName: m.displayName,
      description: m.description,
      categorySlug: m.category.slug,
      variety: m.variety,
      parentModule: m.parentModule?.name ?? "",
      priority: m.priority,
      visibility: m.visibility,
      repositoryUrl: m.repositoryUrl ?? "",
      ociRepository: m.ociRepository ?? "",
      cosignIdentityRegexp: m.cosignIdentityRegexp ?? "",
      cosignIssuerRegexp: m.cosignIssuerRegexp ?? "",
    },
  });
  const update = useMutation(
    trpc.modules.update.mutationOptions({
      onSuccess: (result) => {
        toastSuccess(result.changed.length ? `Saved ${m.name}` : "Nothing changed", result.changed.length ? `Changed: ${result.changed.join(", ")}` : undefined);
        void queryClient.invalidateQueries({ queryKey: trpc.modules.get.queryKey({ name: m.name }) });
        void queryClient.invalidateQueries({ queryKey: trpc.modules.list.queryKey() });
        void queryClient.invalidateQueries({ queryKey: trpc.modules.activity.queryKey({ name: m.name }) });
        // The header above is server-rendered from the same facts.
        router.refresh();
        onDone();
      },
      onError: (error) => {
        // tRPC input errors name the field inside the input (`patch.priority`); service errors name it directly.
        const entries = Object.entries(fieldErrorsOf(error)).map(([key, message]) => [key.replace(/^patch\./, ""), message] as const);
        entries.forEach(([field, message], index) => form.setError(field as FieldPath<EditInput>, { message }, { shouldFocus: index === 0 }));
        if (entries.length === 0) {
          toastError(error, getErrorCode(error) === "CONFLICT" ? `${m.name} changed since you opened it` : "Could not save the module");
          if (getErrorCode(error) === "CONFLICT") void queryClient.invalidateQueries({ queryKey: trpc.modules.get.queryKey({ name: m.name }) });
        }
      },
    }),
  );

  return (
    <FormProvider {...form}>
      <form
        noValidate
        aria-label={`Edit ${m.name}`}
        className="space-y-6 rounded-md border border-border p-3"
        onSubmit={(event) => void form.handleSubmit((patch) => update.mutate({ name: m.name, patch, expectedUpdatedAt: m.updatedAt }))(event)}
        onKeyDown={(event) => {
          if (event.key === "Escape" && !update.isPending) onDone();
        }}
      >
        <ModuleFields
          saved={m}
          headingLevel={3}
          nameField={
            <Field label="Name" description="Permanent: references, file paths and node agents use it. Register a new module to get another name.">
              <Input className="bg-muted/50 font-mono text-muted-foreground" value={m.name} readOnly />
            </Field>
          }
        />
        <div className="flex items-center gap-2">
          <Button type="submit" loading={update.isPending} disabled={!form.formState.isDirty}>
            Save changes
          </Button>
          <Button variant="ghost" onClick={onDone} disabled={update.isPending}>
            Cancel
          </Button>
          <span className="text-xs text-muted-foreground">Every change is audited.</span>
        </div>
      </form>
    </FormProvider>
  );
}
