"use client";

import { useQuery } from "@tanstack/react-query";
import { useMe } from "@/components/settings/use-me";
import { useTRPC } from "@/components/trpc/client";
import { PipelineActionDialog, type PipelineAction } from "./pipeline-action-dialog";
import { usePipelineActions } from "./use-pipeline-actions";

export type BoardActionKind = "staging" | "blessed" | "requestLive";

export interface BoardActionTarget {
  moduleName: string;
  versionId: string;
  kind: BoardActionKind;
}

/**
 * An action started from the fleet-wide board, through the module page's own dialog and mutations: the module's
 * pipeline is loaded (policy, freeze windows, sensors, the bless gate) and `PipelineActionDialog` asks exactly
 * what the Versions tab asks, so the rules cannot drift between the two places.
 */
export function BoardActionDialog({ target, onClose }: { target: BoardActionTarget; onClose: () => void }) {
  const trpc = useTRPC();
  const { me } = useMe();
  const pipeline = useQuery(trpc.promotion.pipeline.queryOptions({ moduleName: target.moduleName }));
  const actions = usePipelineActions(target.moduleName, me.data?.user?.email ?? "you");
  const version = pipeline.data?.versions.find((v) => v.id === target.versionId);
  if (!pipeline.data || !version) return null;
  const action: PipelineAction =
    target.kind === "requestLive" ? { kind: "requestLive", version } : { kind: "promote", version, target: target.kind };
  return <PipelineActionDialog action={action} data={pipeline.data} actions={actions} onClose={onClose} />;
}
