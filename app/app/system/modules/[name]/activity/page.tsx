import type { Metadata } from "next";
import { pageTitle } from "@/components/shell/page-title";
import { ModuleActivity } from "@/components/modules/activity";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
  return { title: pageTitle(decodeURIComponent((await params).name), "Activity") };
}

export default async function ModuleActivityPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return <ModuleActivity name={decodeURIComponent(name)} />;
}
