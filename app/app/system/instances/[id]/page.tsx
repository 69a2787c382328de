import type { Metadata } from "next";
import { InstanceDetail } from "@/components/fleet/instance-detail";

export const metadata: Metadata = { title: "Instance" };

/** One node: desired vs running, drift, events, agent token (docs/fleet.md). */
export default async function InstancePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <InstanceDetail instanceId={id} />;
}
