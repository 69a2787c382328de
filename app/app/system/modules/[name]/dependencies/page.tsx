import type { Metadata } from "next";
import { pageTitle } from "@/components/shell/page-title";
import { ModuleDependencies } from "@/components/modules/dependencies";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
  return { title: pageTitle(decodeURIComponent((await params).name), "Dependencies") };
}

export default async function ModuleDependenciesPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return <ModuleDependencies name={decodeURIComponent(name)} />;
}
