"use client";

import { useQuery } from "@tanstack/react-query";
import { ArrowDownToLine, ArrowUpFromLine, Network } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Badge, type BadgeVariant } from "@/components/ui/badge";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { ModuleChip } from "@/components/ui/module-chip";
import { Skeleton } from "@/components/ui/skeleton";
import { StateBadge } from "@/components/ui/state-badge";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import type { ModuleDependenciesDto } from "./types";

type Status = ModuleDependenciesDto["requires"][number]["status"];

const STATUS: Record<Status, { label: string; variant: BadgeVariant }> = {
  resolved: { label: "resolved", variant: "live" },
  needs_pin: { label: "needs a pin", variant: "blessed" },
  not_deliverable: { label: "not blessed yet", variant: "warning" },
  unsatisfied: { label: "no matching version", variant: "warning" },
  unknown_module: { label: "unknown module", variant: "warning" },
  cross_account: { label: "other account", variant: "warning" },
  unprovided: { label: "nobody provides it", variant: "warning" },
  self: { label: "self-dependency", variant: "error" },
  invalid: { label: "invalid", variant: "error" },
};

function StatusBadge({ status }: { status: Status }) {
  const tone = STATUS[status];
  return <Badge variant={tone.variant}>{tone.label}</Badge>;
}

function ModuleLink({ name }: { name: string }) {
  return (
    <Link href={`/app/system/modules/${name}`} className="rounded-sm hover:underline">
      <ModuleChip name={name} />
    </Link>
  );
}

function Section({ id, title, icon, description, children }: { id: string; title: string; icon: ReactNode; description: string; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="space-y-2">
      <div>
        <h2 id={id} className="flex items-center gap-1.5 text-sm font-semibold">
          {icon}
          {title}
        </h2>
        <p className="text-xs text-muted-foreground">{description}</p>
      </div>
      {children}
    </section>
  );
}

export function ModuleDependencies({ name }: { name: string }) {
  const trpc = useTRPC();
  const deps = useQuery(trpc.modules.dependencies.queryOptions({ name }));
  if (deps.isError) return <ErrorState title="Could not load dependencies" error={deps.error} onRetry={() => void deps.refetch()} retrying={deps.isFetching} />;
  if (deps.isPending) {
    return (
      <div className="space-y-3" aria-busy="true" aria-label="Loading dependencies">
        <Skeleton className="h-8 w-64" />
        <Skeleton className="h-32 w-full" />
        <Skeleton className="h-24 w-full" />
      </div>
    );
  }
  const d = deps.data;
  return (
    <div className="space-y-8">
      {!d.draftParsed ? (
        <p className="rounded-md border border-dashed border-border p-3 text-sm text-muted-foreground">
          The draft manifest is empty or not valid YAML, so nothing is read from it.{" "}
          <Link href={`/app/system/modules/${name}/manifest`} className="text-foreground hover:underline">
            Open the manifest
          </Link>
          .
        </p>
      ) : null}

      <Section
        id="requires-heading"
        title="Requires"
        icon={<ArrowDownToLine aria-hidden="true" className="size-4" />}
        description="From dependencies.requires of the draft manifest, resolved against this account's modules now: a requirement resolves when a blessed or live version satisfies its range."
      >
        {d.requires.length === 0 ? (
          <EmptyState compact icon={Network} title="Requires nothing" description="Add entries such as powernode/system-base@^2025.1 or capability:container-runtime under dependencies.requires." />
        ) : (
          <Table aria-label="Requirements">
            <TableHeader>
              <TableRow>
                <TableHead>Requirement</TableHead>
                <TableHead>Module / providers</TableHead>
                <TableHead>Status</TableHead>
                <TableHead>Satisfied by</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {d.requires.map((r, index) => (
                <TableRow key={`${r.raw}-${index}`}>
                  <TableCell className="font-mono text-xs">{r.raw}</TableCell>
                  <TableCell>
                    {r.kind === "module" && r.module && r.status !== "cross_account" && r.status !== "unknown_module" ? (
                      <ModuleLink name={r.module} />
                    ) : r.kind === "capability" && r.providers?.length ? (
                      <span className="flex flex-wrap gap-1">
                        {r.providers.map((provider) => (
                          <ModuleLink key={provider} name={provider} />
                        ))}
                      </span>
                    ) : (
                      <span className="text-muted-foreground">—</span>
                    )}
                  </TableCell>
                  <TableCell>
                    <span className="flex flex-col items-start gap-0.5">
                      <StatusBadge status={r.status} />
                      <span className="text-xs text-muted-foreground">{r.message}</span>
                    </span>
                  </TableCell>
                  <TableCell>
                    {r.satisfiedBy ? (
                      <StateBadge state={r.satisfiedBy.state} title={r.satisfiedBy.state}>
                        <span className="font-mono">{r.satisfiedBy.version}</span>
                      </StateBadge>
                    ) : (
                      <span className="text-muted-foreground">—</span>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Section>

      <Section
        id="provides-heading"
        title="Provides"
        icon={<ArrowUpFromLine aria-hidden="true" className="size-4" />}
        description="Capability tags from dependencies.provides. A tag with a value (http.port:80) is exclusive: two modules providing it cannot be composed together."
      >
        {d.provides.length === 0 ? (
          <p className="text-sm text-muted-foreground">Provides no capabilities.</p>
        ) : (
          <ul className="divide-y divide-border rounded-md border border-border">
            {d.provides.map((p) => (
              <li key={p.raw} className="flex flex-wrap items-center gap-2 px-3 py-2 text-sm">
                <code className="font-mono text-xs">{p.raw}</code>
                {p.exclusive ? <Badge variant="outline">exclusive</Badge> : null}
                {p.alsoProvidedBy.length ? (
                  <span className="flex flex-wrap items-center gap-1 text-xs">
                    <Badge variant="conflict">conflict</Badge>
                    also provided by
                    {p.alsoProvidedBy.map((other) => (
                      <ModuleLink key={other} name={other} />
                    ))}
                  </span>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section
        id="required-by-heading"
        title="Required by"
        icon={<Network aria-hidden="true" className="size-4" />}
        description="Other modules whose draft manifests require this one, by name or through a capability it provides."
      >
        {d.requiredBy.length === 0 ? (
          <p className="text-sm text-muted-foreground">No other module requires {name}.</p>
        ) : (
          <Table aria-label="Dependent modules">
            <TableHeader>
              <TableRow>
                <TableHead>Module</TableHead>
                <TableHead>Requirement</TableHead>
                <TableHead>Status</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {d.requiredBy.map((r, index) => (
                <TableRow key={`${r.module}-${r.requirement}-${index}`}>
                  <TableCell>
                    <ModuleLink name={r.module} />
                  </TableCell>
                  <TableCell className="font-mono text-xs">
                    {r.requirement} {r.via === "capability" ? <span className="font-sans text-muted-foreground">(capability)</span> : null}
                  </TableCell>
                  <TableCell>
                    <span className="flex flex-col items-start gap-0.5">
                      <StatusBadge status={r.status} />
                      <span className="text-xs text-muted-foreground">{r.message}</span>
                    </span>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Section>
    </div>
  );
}
