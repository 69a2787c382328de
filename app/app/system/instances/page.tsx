import type { Metadata } from "next";
import { Suspense } from "react";
import { InstancesList } from "@/components/fleet/instances-list";
import { Skeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Instances" };

/** The fleet: nodes, drift, heartbeats (docs/fleet.md). */
export default function InstancesPage() {
  return (
    <Suspense fallback={<Skeleton className="h-64 w-full" />}>
      <InstancesList />
    </Suspense>
  );
}
