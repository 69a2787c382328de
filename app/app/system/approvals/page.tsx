import type { Metadata } from "next";
import { Construction } from "lucide-react";
import { PageHeader } from "@/components/shell/page-header";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Approvals" };

export default function ApprovalsPage() {
  return (
    <div className="space-y-4">
      <PageHeader title="Approvals" />
      <EmptyState icon={<Construction />} title="Not available yet" description="The live-promotion approvals queue is not built yet. Use the REST API or the audit log meanwhile." />
    </div>
  );
}
