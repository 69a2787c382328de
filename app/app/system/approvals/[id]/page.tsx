import type { Metadata } from "next";
import { RequestDetail } from "@/components/approvals/request-detail";
import { BreadcrumbLabel } from "@/components/shell/breadcrumb-labels";
import { pageTitle } from "@/components/shell/page-title";
import { requestLabel } from "../../entity-names";

interface Props {
  params: Promise<{ id: string }>;
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: pageTitle(await requestLabel((await params).id), "Live request") };
}

/** One live request with its blast radius; the approve button explains itself when the caller may not approve. */
export default async function ApprovalRequestPage({ params }: Props) {
  const { id } = await params;
  return (
    <>
      <BreadcrumbLabel segment={id} label={await requestLabel(id)} />
      <RequestDetail requestId={id} />
    </>
  );
}
