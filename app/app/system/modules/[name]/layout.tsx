import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import type { ReactNode } from "react";
import { TRPCError } from "@trpc/server";
import { ModuleTabs } from "@/components/modules/module-tabs";
import { ModuleHeaderVersions } from "@/components/modules/module-header-versions";
import { PageHeader } from "@/components/shell/page-header";
import { pageTitle } from "@/components/shell/page-title";
import { Badge } from "@/components/ui/badge";
import { ModuleChip } from "@/components/ui/module-chip";
import { getServerCaller } from "@/server/api/rsc";

interface Props {
  params: Promise<{ name: string }>;
  children: ReactNode;
}

async function loadModule(name: string) {
  const { caller } = await getServerCaller();
  try {
    return await caller.modules.get({ name });
  } catch (error) {
    // Unknown here includes "another account's": both are simply not found.
    if (error instanceof TRPCError && (error.code === "NOT_FOUND" || error.code === "BAD_REQUEST")) notFound();
    throw error;
  }
}

export async function generateMetadata({ params }: { params: Promise<{ name: string }> }): Promise<Metadata> {
  const { name } = await params;
  // The Overview tab's title; each other tab names itself the same way (pageTitle).
  return { title: pageTitle(decodeURIComponent(name), "Overview") };
}

/** Header and tabs shared by every section of a module page; unknown modules are a 404. */
export default async function ModuleLayout({ params, children }: Props) {
  const name = decodeURIComponent((await params).name);
  const module = await loadModule(name);
  return (
    <div className="space-y-4">
      <PageHeader
        eyebrow={
          <span className="flex flex-wrap items-center gap-1.5">
            <Link href="/app/system/modules" className="hover:underline">
              Modules
            </Link>
            <span aria-hidden="true">/</span>
            <Link href={`/app/system/modules?category=${module.category.slug}`} className="hover:underline">
              {module.category.name}
            </Link>
          </span>
        }
        title={module.displayName}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <ModuleChip name={module.name} />
            <Badge variant="outline">{module.variety}</Badge>
            {module.parentModule ? (
              <span className="text-xs">
                overrides{" "}
                <Link href={`/app/system/modules/${module.parentModule.name}`} className="font-mono hover:underline">
                  {module.parentModule.name}
                </Link>
              </span>
            ) : null}
            <span className="font-mono text-xs" title={module.derivation.text}>
              priority {module.effectivePriority}
            </span>
            <ModuleHeaderVersions initial={module} />
          </span>
        }
      >
        <ModuleTabs name={module.name} versionCount={module.versions.total} />
      </PageHeader>
      {children}
    </div>
  );
}
