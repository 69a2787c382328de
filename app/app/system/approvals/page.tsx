import type { Metadata } from "next";
import Link from "next/link";
import { ApprovalsQueue } from "@/components/approvals/approvals-queue";
import { PageHeader } from "@/components/shell/page-header";
import { buttonVariants } from "@/components/ui/button-variants";

export const metadata: Metadata = { title: "Approvals" };

export default function ApprovalsPage() {
  return (
    <div className="space-y-4">
      <PageHeader
        title="Approvals"
        description="Live requests waiting for approvers, soonest expiry first, and the history of decided ones. Open a request to see its blast radius before deciding."
        actions={
          <Link href="/app/system/pipeline" className={buttonVariants({ variant: "outline", size: "sm" })}>
            Pipeline board
          </Link>
        }
      />
      <ApprovalsQueue />
    </div>
  );
}
