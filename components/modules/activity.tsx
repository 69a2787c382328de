"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { ScrollText } from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { Fragment, useState } from "react";
import { useTRPC } from "@/components/trpc/client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { ErrorState } from "@/components/ui/error-state";
import { Pagination } from "@/components/ui/pagination";
import { Skeleton } from "@/components/ui/skeleton";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@/components/ui/table";
import { TimeAgo } from "@/components/ui/time-ago";

const PAGE_SIZE = 50;

/** The module's audit trail: the module, its versions and their live requests, newest first. */
export function ModuleActivity({ name }: { name: string }) {
  const trpc = useTRPC();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
  const activity = useQuery(trpc.modules.activity.queryOptions({ name, page, pageSize: PAGE_SIZE }, { placeholderData: keepPreviousData }));
  const [expanded, setExpanded] = useState<string | null>(null);

  if (activity.isError) return <ErrorState title="Could not load the activity" error={activity.error} onRetry={() => void activity.refetch()} retrying={activity.isFetching} />;
  if (activity.isPending) {
    return (
      <div className="space-y-2" aria-busy="true" aria-label="Loading activity">
        {Array.from({ length: 6 }, (_, i) => (
          <Skeleton key={i} className="h-9 w-full" />
        ))}
      </div>
    );
  }
  const { events, total } = activity.data;
  if (total === 0) {
    return <EmptyState icon={ScrollText} title="No activity yet" description="Registration, edits, builds and promotions of this module appear here." />;
  }
  return (
    <div className="space-y-2">
      <p className="text-xs text-muted-foreground">
        Changes to {name}, its versions and their live requests. The{" "}
        <Link href={`/app/system/audit?target=${encodeURIComponent(name)}`} className="text-foreground hover:underline">
          audit log
        </Link>{" "}
        has everything else.
      </p>
      <Table aria-label={`Activity of ${name}`}>
        <TableHeader>
          <TableRow>
            <TableHead className="w-32">When</TableHead>
            <TableHead>Actor</TableHead>
            <TableHead>Action</TableHead>
            <TableHead>Target</TableHead>
            <TableHead>Reason</TableHead>
            <TableHead className="w-20">
              <span className="sr-only">Details</span>
            </TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {events.map((event) => {
            const hasDetails = event.before != null || event.after != null;
            const open = expanded === event.id;
            return (
              <Fragment key={event.id}>
                <TableRow data-testid="activity-row">
                  <TableCell>
                    <TimeAgo date={event.createdAt} />
                  </TableCell>
                  <TableCell className="font-mono text-xs">{event.actorLabel}</TableCell>
                  <TableCell>
                    <Badge variant="neutral" className="font-mono">
                      {event.action}
                    </Badge>
                  </TableCell>
                  <TableCell className="font-mono text-xs">{event.targetLabel}</TableCell>
                  <TableCell className="max-w-xs truncate" title={event.reason ?? undefined}>
                    {event.reason ?? <span className="text-muted-foreground">—</span>}
                  </TableCell>
                  <TableCell>
                    {hasDetails ? (
                      <Button variant="ghost" size="sm" aria-expanded={open} onClick={() => setExpanded(open ? null : event.id)}>
                        {open ? "Hide" : "Details"}
                      </Button>
                    ) : null}
                  </TableCell>
                </TableRow>
                {open ? (
                  <TableRow>
                    <TableCell colSpan={6} className="bg-muted/40">
                      <div className="grid gap-3 py-2 md:grid-cols-2">
                        {(["before", "after"] as const).map((side) => (
                          <div key={side}>
                            <div className="mb-1 text-xs font-medium text-muted-foreground capitalize">{side}</div>
                            <pre className="overflow-auto rounded bg-background p-2 font-mono text-xs">{JSON.stringify(event[side] ?? null, null, 2)}</pre>
                          </div>
                        ))}
                      </div>
                    </TableCell>
                  </TableRow>
                ) : null}
              </Fragment>
            );
          })}
        </TableBody>
      </Table>
      <Pagination
        page={page}
        pageSize={PAGE_SIZE}
        total={total}
        item="event"
        onPageChange={(next) => router.replace(`${pathname}${next > 1 ? `?page=${next}` : ""}`, { scroll: false })}
      />
    </div>
  );
}
