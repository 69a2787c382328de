import { Badge, type BadgeVariant } from "@/components/ui/badge";
import type { DriftSeverity } from "@/server/domain/drift/drift";
import { plural } from "@/server/domain/plural";

const VARIANT: Record<DriftSeverity, BadgeVariant> = {
  critical: "error",
  high: "warning",
  medium: "outline",
  none: "neutral",
};

export const DRIFT_LABELS: Record<DriftSeverity, string> = { critical: "critical", high: "high", medium: "medium", none: "in sync" };

/**
 * A node's drift severity (docs/fleet.md, Drift): critical red, high amber, medium outlined, none "in sync". The
 * word is always shown: colour is never the only signal. Server-renderable.
 */
export function DriftBadge({ severity, differences, neverReported = false }: { severity: DriftSeverity; differences?: number; neverReported?: boolean }) {
  // Nothing to compare yet: "in sync" would be a claim the node never made.
  if (neverReported) {
    return (
      <Badge variant="outline" data-drift="unknown" title="This node has never sent a heartbeat">
        no report
      </Badge>
    );
  }
  const title = differences !== undefined && severity !== "none" ? `${plural(differences, "difference")} from the desired state` : undefined;
  return (
    <Badge variant={VARIANT[severity]} data-drift={severity} title={title}>
      {severity === "none" ? null : <span aria-hidden="true" className={severity === "critical" ? "size-1.5 rounded-full bg-error" : severity === "high" ? "size-1.5 rounded-full bg-warning" : "size-1.5 rounded-full bg-muted-foreground"} />}
      {severity === "none" ? DRIFT_LABELS.none : `${DRIFT_LABELS[severity]} drift`}
    </Badge>
  );
}
