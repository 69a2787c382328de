import { ModuleOverview } from "@/components/modules/overview";

export default async function ModuleOverviewPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return <ModuleOverview name={decodeURIComponent(name)} />;
}
