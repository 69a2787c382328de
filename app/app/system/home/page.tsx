import type { Metadata } from "next";
import { AttentionHome } from "@/components/home/attention-home";
import { PageHeader } from "@/components/shell/page-header";

export const metadata: Metadata = { title: "Home" };

/** What needs a person now: each count links to the list it counts (docs/ui.md, "The attention home"). */
export default function HomePage() {
  return (
    <div className="space-y-4">
      <PageHeader title="Needs attention" description="What is waiting for a person in this account right now. Each count opens the list it counts." />
      <AttentionHome />
    </div>
  );
}
