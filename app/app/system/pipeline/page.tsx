import type { Metadata } from "next";
import Link from "next/link";
import { FleetBoard } from "@/components/pipeline/fleet-board";
import { ActiveRollouts } from "@/components/rollouts/active-rollouts";
import { PageHeader } from "@/components/shell/page-header";
import { buttonVariants } from "@/components/ui/button-variants";

export const metadata: Metadata = { title: "Pipeline board" };

export default function PipelineBoardPage() {
  return (
    <div className="space-y-4">
      <PageHeader
        title="Pipeline board"
        description="Every module with its versions in state columns. Filter for what needs attention: stale staging, versions ready to bless, live requests awaiting approval."
        actions={
          <Link href="/app/system/approvals" className={buttonVariants({ variant: "outline", size: "sm" })}>
            Approvals
          </Link>
        }
      />
      <ActiveRollouts />
      <FleetBoard />
    </div>
  );
}
