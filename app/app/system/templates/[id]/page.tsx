import type { Metadata } from "next";
import { Suspense } from "react";
import { BreadcrumbLabel } from "@/components/shell/breadcrumb-labels";
import { pageTitle } from "@/components/shell/page-title";
import { TemplateEditor } from "@/components/templates/template-editor";
import { Skeleton } from "@/components/ui/skeleton";
import { templateName } from "../../entity-names";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: pageTitle(await templateName((await params).id), "Template") };
}

export default async function TemplatePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <>
      <BreadcrumbLabel segment={id} label={await templateName(id)} />
      <Suspense fallback={<Skeleton className="h-64 w-full" />}>
        <TemplateEditor templateId={id} />
      </Suspense>
    </>
  );
}
