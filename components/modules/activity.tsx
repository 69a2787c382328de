"use client";

import { keepPreviousData, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { AuditEventsTable } from "@/components/audit/audit-events-table";
import { useTRPC } from "@/components/trpc/client";
import { pageParam, useUrlState } from "@/components/ui/use-url-state";

const PAGE_SIZE = 50;

/** The module's audit trail: the module, its versions and their live requests, newest first. */
export function ModuleActivity({ name }: { name: string }) {
  const trpc = useTRPC();
  const { params, set } = useUrlState();
  const page = pageParam(params);
  const activity = useQuery(trpc.modules.activity.queryOptions({ name, page, pageSize: PAGE_SIZE }, { placeholderData: keepPreviousData }));

  return (
    <div className="space-y-2">
      <p className="text-xs text-muted-foreground">
        Changes to {name}, its versions and their live requests. The{" "}
        <Link href={`/app/system/audit?target=${encodeURIComponent(name)}`} className="text-foreground underline underline-offset-2">
          audit log
        </Link>{" "}
        has everything else.
      </p>
      <AuditEventsTable
        query={activity}
        page={page}
        pageSize={PAGE_SIZE}
        onPageChange={(next) => set({ page: next > 1 ? String(next) : undefined })}
        aria-label={`Activity of ${name}`}
        errorTitle="Could not load the activity"
        empty={{ title: "No activity yet", description: "Registration, edits, builds and promotions of this module appear here." }}
        rowTestId="activity-row"
      />
    </div>
  );
}
