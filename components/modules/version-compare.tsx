"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowRight, GitCompare } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { FileDiff } from "@/components/approvals/file-diff";
import { ManifestDiff } from "@/components/approvals/manifest-diff";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { buttonVariants } from "@/components/ui/button-variants";
import { cn } from "@/components/ui/cn";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Field } from "@/components/ui/field";
import { NativeSelect } from "@/components/ui/select";
import { Skeleton } from "@/components/ui/skeleton";
import { StateBadge } from "@/components/ui/state-badge";
import { SEVERITY_TONES } from "@/components/ui/state-colors";
import { plural } from "@/server/domain/plural";
import type { VersionComparison } from "@/server/services/version-compare";

export function compareHref(moduleName: string, from: string, to: string): string {
  return `/app/system/modules/${encodeURIComponent(moduleName)}/versions/compare?${new URLSearchParams({ from, to }).toString()}`;
}

/**
 * Pick two versions and open their comparison. Defaults: the live version (else the second newest) against the
 * newest. On the Versions tab and at the top of the comparison page.
 */
export function ComparePicker({ moduleName, from, to, compact = false }: { moduleName: string; from?: string; to?: string; compact?: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const pipeline = useQuery(trpc.promotion.pipeline.queryOptions({ moduleName }));
  const versions = pipeline.data?.versions ?? [];
  const newest = versions[0]?.version;
  const live = versions.find((v) => v.promotionState === "live")?.version;
  const defaultFrom = from ?? (live && live !== newest ? live : versions[1]?.version);
  const [picked, setPicked] = useState<{ from?: string; to?: string }>({});
  const a = picked.from ?? defaultFrom ?? "";
  const b = picked.to ?? to ?? newest ?? "";
  if (versions.length < 2) return compact ? null : <p className="text-sm text-muted-foreground">{moduleName} needs two versions to compare.</p>;
  const options = versions.map((v) => (
    <option key={v.id} value={v.version}>
      {v.version} ({v.promotionState})
    </option>
  ));
  return (
    <form
      className="flex flex-wrap items-end gap-2"
      aria-label={`Compare two versions of ${moduleName}`}
      data-testid="compare-picker"
      onSubmit={(event) => {
        event.preventDefault();
        router.push(compareHref(moduleName, a, b));
      }}
    >
      <Field label="From" className="w-44">
        <NativeSelect size="sm" className="font-mono text-xs" value={a} onChange={(e) => setPicked({ ...picked, from: e.target.value })}>
          {options}
        </NativeSelect>
      </Field>
      <ArrowRight aria-hidden="true" className="mb-1.5 size-4 text-muted-foreground" />
      <Field label="To" className="w-44">
        <NativeSelect size="sm" className="font-mono text-xs" value={b} onChange={(e) => setPicked({ ...picked, to: e.target.value })}>
          {options}
        </NativeSelect>
      </Field>
      <Button type="submit" size="sm" variant="outline" disabled={!a || !b || a === b}>
        <GitCompare aria-hidden="true" /> Compare
      </Button>
    </form>
  );
}

/** Two versions side by side: the manifest diff (Monaco), files, packages and the composition effect. */
export function VersionCompare({ moduleName, from, to }: { moduleName: string; from?: string; to?: string }) {
  const trpc = useTRPC();
  const ready = Boolean(from && to);
  const query = useQuery(trpc.promotion.compare.queryOptions({ moduleName, from: from ?? "", to: to ?? "" }, { enabled: ready }));
  return (
    <div className="space-y-4">
      <ComparePicker key={`${from}-${to}`} moduleName={moduleName} from={from} to={to} />
      {!ready ? (
        <EmptyState compact icon={GitCompare} title="Pick two versions" description="Choose the version to compare from and the one to compare to." />
      ) : query.isError ? (
        <ErrorState title={`Could not compare ${from} with ${to}`} error={query.error} onRetry={() => void query.refetch()} />
      ) : query.isPending ? (
        <div className="space-y-3" aria-busy="true" aria-label="Comparing the versions">
          <Skeleton className="h-8 w-80" />
          <Skeleton className="h-[420px] w-full" />
        </div>
      ) : (
        <Comparison data={query.data} />
      )}
    </div>
  );
}

function Comparison({ data }: { data: VersionComparison }) {
  const { from, to } = data;
  return (
    <div className="space-y-6" data-testid="version-comparison">
      <p className="flex flex-wrap items-center gap-2 text-sm">
        <span className="font-mono">{data.module.name}</span>
        <StateBadge state={from.state}>
          <span className="font-mono">{from.version}</span>
        </StateBadge>
        <ArrowRight aria-hidden="true" className="size-4 text-muted-foreground" />
        <StateBadge state={to.state}>
          <span className="font-mono">{to.version}</span>
        </StateBadge>
        <Link href={compareHref(data.module.name, to.version, from.version)} className="text-xs text-muted-foreground underline underline-offset-2 hover:text-foreground">
          Swap
        </Link>
      </p>
      <section aria-labelledby="compare-manifest" className="space-y-2">
        <h2 id="compare-manifest" className="text-sm font-semibold">
          Manifest
        </h2>
        <ManifestDiff original={data.manifest.from} modified={data.manifest.to} originalLabel={`${from.version} (${from.state})`} modifiedLabel={`${to.version} (${to.state})`} />
      </section>
      <section aria-labelledby="compare-files" className="space-y-2">
        <h2 id="compare-files" className="text-sm font-semibold">
          Files and packages
        </h2>
        <FileDiff
          files={{ ...data.files, candidateCount: data.files.toCount, liveCount: data.files.fromCount, changed: null }}
          packages={data.packages}
          liveVersion={from.version}
          candidateVersion={to.version}
        />
      </section>
      <section aria-labelledby="compare-composition" className="space-y-2">
        <h2 id="compare-composition" className="text-sm font-semibold">
          Composition effect
        </h2>
        {data.compositions.length === 0 ? (
          <p className="text-sm text-muted-foreground">No template composes {data.module.name}, so swapping versions changes no composition.</p>
        ) : (
          <ul className="space-y-2">
            {data.compositions.map((c) => (
              <li key={c.templateId} className="rounded-md border p-3" data-testid="compare-composition">
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <Link href={`/app/system/templates/${c.templateId}`} className="font-mono text-sm hover:underline">
                    {c.templateName}
                  </Link>
                  {c.to ? (
                    <span className="flex gap-1 text-xs">
                      <Badge variant={c.to.errors ? "error" : "outline"}>{plural(c.to.errors, "error")}</Badge>
                      <Badge variant={c.to.conflicts ? "conflict" : "outline"}>{plural(c.to.conflicts, "conflict")}</Badge>
                      <Badge variant={c.to.warnings ? "warning" : "outline"}>{plural(c.to.warnings, "warning")}</Badge>
                    </span>
                  ) : null}
                </div>
                {c.error ? (
                  <p className="mt-1 text-xs text-error">{c.error}</p>
                ) : c.introduced.length === 0 && c.resolved.length === 0 ? (
                  <p className="mt-1 text-xs text-muted-foreground">
                    {to.version} introduces and resolves no issue here compared with {from.version}.
                  </p>
                ) : (
                  <ul className="mt-2 space-y-1">
                    {c.introduced.map((issue, i) => (
                      <li key={`i-${i}`} className={cn("rounded border px-2 py-1 text-xs wrap-anywhere", SEVERITY_TONES[issue.severity].badge)}>
                        <span className="font-medium">introduced</span> <span className="font-mono">{issue.code}</span> — {issue.message}
                      </li>
                    ))}
                    {c.resolved.map((issue, i) => (
                      <li key={`r-${i}`} className="rounded border px-2 py-1 text-xs text-muted-foreground wrap-anywhere">
                        <span className="font-medium">resolved</span> <span className="font-mono">{issue.code}</span> — {issue.message}
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ul>
        )}
        {data.templatesNotComposed > 0 ? <p className="text-xs text-muted-foreground">{plural(data.templatesNotComposed, "more template")} not composed here.</p> : null}
      </section>
      <Link href={`/app/system/modules/${encodeURIComponent(data.module.name)}/versions`} className={buttonVariants({ variant: "outline", size: "sm" })}>
        Back to versions
      </Link>
    </div>
  );
}
