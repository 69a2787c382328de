import type { Metadata } from "next";
import { Suspense } from "react";
import { ModulesCatalog, RegisterModuleButton } from "@/components/modules/catalog";
import { PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "Modules" };

export default function ModulesPage() {
  return (
    <div className="space-y-4">
      <PageHeader
        title="Modules"
        description="Every module of this account, in its category, with the latest version in each promotion state."
        actions={<RegisterModuleButton />}
      />
      {/* useSearchParams needs a Suspense boundary; the catalog renders its own skeleton meanwhile. */}
      <Suspense>
        <ModulesCatalog />
      </Suspense>
    </div>
  );
}
