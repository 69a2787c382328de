import type { Metadata } from "next";
import { AuditLog } from "@/components/audit/audit-log";
import { PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "Audit" };

export default function AuditPage() {
  return (
    <div className="space-y-4">
      <PageHeader title="Audit log" description="Every change in this account: who did what, to what, when and why. Newest first." />
      <AuditLog />
    </div>
  );
}
