import type { Metadata } from "next";
import { Suspense } from "react";
import { PageHeader } from "@/components/shell/page-header";
import { TemplatesList } from "@/components/templates/templates-list";
import { Skeleton } from "@/components/ui/skeleton";

export const metadata: Metadata = { title: "Templates" };

export default function TemplatesPage() {
  return (
    <div className="space-y-4">
      <PageHeader
        title="Templates"
        description="Compositions of modules that nodes boot from. The badge is the health of each template's composition as it would deploy now."
      />
      <Suspense fallback={<Skeleton className="h-40 w-full" />}>
        <TemplatesList />
      </Suspense>
    </div>
  );
}
