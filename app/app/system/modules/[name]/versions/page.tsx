import type { Metadata } from "next";
import { pageTitle } from "@/components/shell/page-title";
import { ComparePicker } from "@/components/modules/version-compare";
import { PipelineView } from "@/components/pipeline/pipeline-view";
import { ModuleRollout } from "@/components/rollouts/rollout-track";

interface Props {
  params: Promise<{ name: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name } = await params;
  return { title: pageTitle(decodeURIComponent(name), "Versions") };
}

/** The module's versions pipeline (the "Versions" tab of the module page). */
export default async function ModuleVersionsPage({ params }: Props) {
  const name = decodeURIComponent((await params).name);
  return (
    <div className="space-y-4">
      <h2 className="text-base font-semibold">
        Versions of <span className="font-mono">{name}</span>
      </h2>
      <ModuleRollout moduleName={name} />
      <ComparePicker moduleName={name} compact />
      <PipelineView moduleName={name} />
    </div>
  );
}
