"use client";

import { useQuery } from "@tanstack/react-query";
import { Layers, Plus } from "lucide-react";
import dynamic from "next/dynamic";
import { useState } from "react";
import { useMe } from "@/components/settings/use-me";
import { RoleNotice } from "@/components/shell/read-only-notice";
import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Pagination } from "@/components/ui/pagination";
import { SearchInput } from "@/components/ui/search-input";
import { Skeleton } from "@/components/ui/skeleton";
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  type SortDirection,
} from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";
import { groupThousands, plural } from "@/server/domain/plural";
import { HealthBadge } from "./health-badge";
import { useUrlState } from "@/components/ui/use-url-state";
import { IntentLink } from "@/components/ui/intent-link";
import {
  templatesListInput,
  templatesState,
  TEMPLATES_PAGE_SIZE,
  type TemplateSort,
} from "./templates-input";

type Sort = TemplateSort;

// The form (react-hook-form, zod) loads when the dialog first opens, not with the list.
const CreateTemplateDialog = dynamic(() => import("./create-template-dialog"), { ssr: false });

export function TemplatesList() {
  const trpc = useTRPC();
  const { params, set } = useUrlState();
  const { atLeast } = useMe();
  const listState = templatesState(params);
  const { search, sort, page } = listState;
  const dir: SortDirection = listState.dir;
  // The page prefetched this very input on the server (templates-input.ts): the first render has the rows.
  const templates = useQuery(
    trpc.templates.list.queryOptions(templatesListInput(listState), {
      placeholderData: (previous) => previous,
    }),
  );
  const fleetCounts = useQuery(
    trpc.instances.countsByTemplate.queryOptions(undefined, {
      refetchInterval: 30_000,
    }),
  );
  const [creating, setCreating] = useState(params.get("new") === "1");

  const sortable = (key: Sort) => ({
    sortDirection: sort === key ? dir : undefined,
    onSort: () =>
      set({
        sort: key === "name" ? undefined : key,
        dir: sort === key && dir === "asc" ? "desc" : undefined,
        page: undefined,
      }),
  });

  return (
    <div className="space-y-3">
      <RoleNotice
        need="operator"
        sees="templates"
        cannot="create or change them"
      />
      <div className="flex flex-wrap items-end justify-between gap-3">
        <div className="w-72" role="search" aria-label="Filter templates">
          <SearchInput
            aria-label="Search templates"
            defaultValue={search}
            placeholder="Name or description…"
            onValueChange={(value) =>
              set({ q: value || undefined, page: undefined })
            }
          />
        </div>
        {atLeast("operator") ? (
          <Button size="sm" onClick={() => setCreating(true)}>
            <Plus aria-hidden /> New template
          </Button>
        ) : null}
      </div>
      {templates.isError ? (
        <ErrorState
          title="Could not load templates"
          error={templates.error}
          onRetry={() => void templates.refetch()}
          retrying={templates.isFetching}
        />
      ) : templates.isPending ? (
        <div
          className="space-y-2"
          aria-busy="true"
          aria-label="Loading templates"
        >
          {Array.from({ length: 4 }, (_, i) => (
            <Skeleton key={i} className="h-9 w-full" />
          ))}
        </div>
      ) : templates.data.total === 0 ? (
        <EmptyState
          icon={Layers}
          title={
            search ? "No template matches this search" : "No templates yet"
          }
          description={
            search
              ? "Clear the search or try another name."
              : "A template is a stack of modules that nodes boot from. Create one and add modules to it."
          }
          action={
            !search && atLeast("operator") ? (
              <Button size="sm" onClick={() => setCreating(true)}>
                <Plus aria-hidden /> New template
              </Button>
            ) : undefined
          }
        />
      ) : (
        <>
          <Table aria-label="Templates">
            <TableHeader>
              <TableRow>
                <TableHead {...sortable("name")}>Template</TableHead>
                <TableHead align="right" {...sortable("modules")}>
                  Modules
                </TableHead>
                <TableHead align="right" {...sortable("instances")}>
                  Instances
                </TableHead>
                <TableHead {...sortable("health")}>Composition</TableHead>
                <TableHead {...sortable("updated")}>Updated</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {templates.data.templates.map((t) => (
                <TableRow key={t.id} data-testid="template-row">
                  <TableCell className="max-w-md">
                    <IntentLink
                      href={`/app/system/templates/${t.id}`}
                      className="font-mono text-sm font-medium hover:underline"
                    >
                      {t.name}
                    </IntentLink>
                    {t.description ? (
                      <div className="truncate text-xs text-muted-foreground">
                        {t.description}
                      </div>
                    ) : null}
                  </TableCell>
                  <TableCell align="right" className="tabular-nums">
                    {t.enabledModuleCount}
                    {t.moduleCount !== t.enabledModuleCount ? (
                      <span className="text-muted-foreground">
                        {" "}
                        / {t.moduleCount}
                      </span>
                    ) : null}
                  </TableCell>
                  <TableCell align="right" className="tabular-nums">
                    <InstancesCell
                      counts={
                        fleetCounts.data
                          ? (fleetCounts.data[t.id] ?? { total: 0, inSync: 0 })
                          : undefined
                      }
                      templateId={t.id}
                    />
                  </TableCell>
                  <TableCell>
                    {t.health ? (
                      <HealthBadge
                        health={t.health}
                        overrideReason={t.override?.reason}
                      />
                    ) : null}
                  </TableCell>
                  <TableCell>
                    <TimeAgo date={t.updatedAt} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <Pagination
            page={page}
            pageSize={TEMPLATES_PAGE_SIZE}
            total={templates.data.total}
            item="template"
            onPageChange={(next) =>
              set({ page: next === 1 ? undefined : String(next) })
            }
          />
        </>
      )}
      {creating ? <CreateTemplateDialog open={creating} onOpenChange={setCreating} /> : null}
    </div>
  );
}

/** Live nodes of the template and how many are in sync (docs/fleet.md); links to them on the Instances page. */
function InstancesCell({
  counts,
  templateId,
}: {
  counts: { total: number; inSync: number } | undefined;
  templateId: string;
}) {
  if (!counts) return <Skeleton className="ml-auto h-4 w-12" />;
  if (counts.total === 0)
    return <span className="text-muted-foreground">0</span>;
  return (
    <IntentLink
      href={`/app/system/instances?template=${encodeURIComponent(templateId)}`}
      className="hover:underline"
      title={`${counts.inSync} of ${plural(counts.total, "instance")} in sync`}
      data-testid="template-instances"
    >
      {groupThousands(counts.total)}{" "}
      <span
        className={
          counts.inSync < counts.total
            ? "text-warning-fg"
            : "text-muted-foreground"
        }
      >
        ({counts.inSync}/{counts.total} in sync)
      </span>
    </IntentLink>
  );
}
