import type { Metadata } from "next";
import { InstanceDetail } from "@/components/fleet/instance-detail";
import { BreadcrumbLabel } from "@/components/shell/breadcrumb-labels";
import { pageTitle } from "@/components/shell/page-title";
import { instanceName } from "../../entity-names";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: pageTitle(await instanceName((await params).id), "Instance") };
}

/** One node: desired vs running, drift, events, agent token (docs/fleet.md). */
export default async function InstancePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <>
      <BreadcrumbLabel segment={id} label={await instanceName(id)} />
      <InstanceDetail instanceId={id} />
    </>
  );
}
