import type { Metadata } from "next";
import { Construction } from "lucide-react";
import { PageHeader } from "@/components/shell/page-header";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Templates" };

export default function TemplatesPage() {
  return (
    <div className="space-y-4">
      <PageHeader title="Templates" />
      <EmptyState icon={<Construction />} title="Not available yet" description="Template composition and the priority overlay are not built yet. Use the REST API or the audit log meanwhile." />
    </div>
  );
}
