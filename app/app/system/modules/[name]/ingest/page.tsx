import type { Metadata } from "next";
import { pageTitle } from "@/components/shell/page-title";
import { IngestSection } from "@/components/modules/ingest-section";

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
  return { title: pageTitle(decodeURIComponent((await params).name), "Signing & ingest") };
}

export default async function ModuleIngestPage({ params }: { params: Promise<{ name: string }> }) {
  const { name } = await params;
  return <IngestSection name={decodeURIComponent(name)} />;
}
