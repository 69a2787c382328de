import type { Metadata } from "next";
import { pageTitle } from "@/components/shell/page-title";
import { ManifestEditor } from "@/components/manifest-editor/manifest-editor";

interface Props {
  params: Promise<{ name: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { name } = await params;
  return { title: pageTitle(decodeURIComponent(name), "Manifest") };
}

/**
 * The Manifest tab of a module. Standalone it renders its own small heading; inside the module layout (tabs and
 * the module's <h1>) the same heading reads as the tab's section title.
 */
export default async function ModuleManifestPage({ params }: Props) {
  const { name } = await params;
  return <ManifestEditor moduleName={decodeURIComponent(name)} />;
}
