import type { Metadata } from "next";
import { Construction } from "lucide-react";
import { PageHeader } from "@/components/shell/page-header";
import { EmptyState } from "@/components/ui/empty-state";

export const metadata: Metadata = { title: "Modules" };

export default function ModulesPage() {
  return (
    <div className="space-y-4">
      <PageHeader title="Modules" />
      <EmptyState icon={<Construction />} title="Not available yet" description="The modules catalog (registration, manifest editor, versions) is not built yet. Use the REST API or the audit log meanwhile." />
    </div>
  );
}
