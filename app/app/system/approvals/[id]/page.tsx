import type { Metadata } from "next";
import { RequestDetail } from "@/components/approvals/request-detail";

export const metadata: Metadata = { title: "Live request" };

interface Props {
  params: Promise<{ id: string }>;
}

/** One live request with its blast radius; the approve button explains itself when the caller may not approve. */
export default async function ApprovalRequestPage({ params }: Props) {
  const { id } = await params;
  return <RequestDetail requestId={id} />;
}
