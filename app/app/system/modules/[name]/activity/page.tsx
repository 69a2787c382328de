import type { Metadata } from "next";
import { ModuleActivity } from "@/components/modules/activity";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
  return { title: `${decodeURIComponent((await params).name)} · Activity` };
}

export default async function ModuleActivityPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return <ModuleActivity name={decodeURIComponent(name)} />;
}
