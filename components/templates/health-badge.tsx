import { Check } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import type { Health } from "./types";
import { plural } from "@/server/domain/plural";

/** errors (red; "accepted" when an operator overrode them with a reason) / warnings (amber) + conflicts (violet) / clean. */
export function HealthBadge({ health, overrideReason }: { health: Health; overrideReason?: string | null }) {
  if (health.status === "errors") {
    return (
      <span className="inline-flex items-center gap-1" data-testid="health-badge" data-health="errors">
        <Badge variant="error" title={health.accepted && overrideReason ? `Accepted: ${overrideReason}` : undefined}>
          {plural(health.errors, "error")}
          {health.accepted ? " · accepted" : ""}
        </Badge>
        {health.conflicts > 0 ? <Badge variant="conflict">{plural(health.conflicts, "conflict")}</Badge> : null}
      </span>
    );
  }
  if (health.status === "warnings") {
    return (
      <span className="inline-flex items-center gap-1" data-testid="health-badge" data-health="warnings">
        {health.warnings > 0 ? <Badge variant="warning">{plural(health.warnings, "warning")}</Badge> : null}
        {health.conflicts > 0 ? <Badge variant="conflict">{plural(health.conflicts, "conflict")}</Badge> : null}
      </span>
    );
  }
  return (
    <Badge variant="outline" data-testid="health-badge" data-health="clean">
      <Check aria-hidden /> clean
    </Badge>
  );
}
