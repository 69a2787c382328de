import Link from "next/link";
import { PackageX } from "lucide-react";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

/** An unknown module (or another account's: the same answer). Rendered inside the console shell. */
export default function ModuleNotFound() {
  return (
    <EmptyState
      icon={PackageX}
      title="Module not found"
      description="There is no module by that name in this account. It may have a different name, or belong to another account."
      action={
        <Button asChild variant="outline" size="sm">
          <Link href="/app/system/modules">Browse modules</Link>
        </Button>
      }
    />
  );
}
