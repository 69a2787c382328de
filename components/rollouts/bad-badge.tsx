import { OctagonAlert } from "lucide-react";
import { Badge } from "@/components/ui/badge";

/**
 * A version marked bad (docs/rollouts.md): by a failed rollout or an admin. The reason is in the tooltip and, for
 * screen readers, in the name next to the visible word.
 */
export function BadBadge({ reason }: { reason: string | null | undefined }) {
  return (
    <Badge variant="error" title={reason ?? "Marked bad"} data-testid="bad-badge">
      <OctagonAlert aria-hidden="true" /> bad
      {reason ? <span className="sr-only">: {reason}</span> : null}
    </Badge>
  );
}
