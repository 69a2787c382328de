import type { Metadata } from "next";
import { Construction } from "lucide-react";
import { PageHeader } from "@/components/shell/page-header";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Instances" };

export default function InstancesPage() {
  return (
    <div className="space-y-4">
      <PageHeader title="Instances" />
      <EmptyState icon={<Construction />} title="Not available yet" description="Instance list and drift report are not built yet. Use the REST API or the audit log meanwhile." />
    </div>
  );
}
