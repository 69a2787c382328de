"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import type { ModuleDetailDto } from "./types";
import { LatestVersionBadges, SensorBadges } from "./version-badges";

/**
 * The module header's version chips and sensor badges. The layout renders them on the server with `initial`; from
 * then on they read `modules.get` from the query cache, so a promote, bless or rollback on the Versions tab (which
 * invalidates `modules.get`, `usePipelineInvalidation`) updates the header without a reload.
 */
export function ModuleHeaderVersions({ initial }: { initial: ModuleDetailDto }) {
  const trpc = useTRPC();
  const module = useQuery(trpc.modules.get.queryOptions({ name: initial.name }, { initialData: initial, staleTime: 15_000 }));
  const summary = module.data.versions;
  return (
    <span className="contents" data-testid="module-header-versions">
      <LatestVersionBadges summary={summary} />
      <SensorBadges summary={summary} />
    </span>
  );
}
