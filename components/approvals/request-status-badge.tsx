import { Badge, type BadgeVariant } from "@/components/ui/badge";

const VARIANT: Record<string, BadgeVariant> = {
  pending: "staging",
  approved: "live",
  rejected: "error",
  cancelled: "outline",
  expired: "neutral",
};

/** A live request's status: pending amber, approved emerald (it went live), rejected red, others neutral. */
export function RequestStatusBadge({ status }: { status: string }) {
  return (
    <Badge variant={VARIANT[status] ?? "neutral"} data-request-status={status}>
      {status}
    </Badge>
  );
}
