import type { Metadata } from "next";
import Link from "next/link";
import { RegisterModuleForm } from "@/components/modules/register-form";
import { PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "Register module" };

export default function RegisterModulePage() {
  return (
    <div className="space-y-4">
      <PageHeader
        eyebrow={
          <Link href="/app/system/modules" className="hover:underline">
            ← Modules
          </Link>
        }
        title="Register a module"
        description="Registration fixes what every version shares: where the module sits in the layer stack and who may sign its builds. Versions arrive later from CI."
      />
      <RegisterModuleForm />
    </div>
  );
}
