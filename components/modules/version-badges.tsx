import { Clock, Sparkles } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { StateBadge } from "@/components/ui/state-badge";
import type { PromotionState } from "@/components/ui/state-colors";
import type { VersionSummaryDto } from "./types";

/** Left to right the way a version travels, retired last (and only when nothing else exists). */
const SHOWN_STATES: PromotionState[] = ["live", "blessed", "staging", "built"];

/** The latest version in each state as state-coloured badges: `live 1.1.0  blessed 1.3.0`. */
export function LatestVersionBadges({ summary, showEmpty = true }: { summary: VersionSummaryDto | null | undefined; showEmpty?: boolean }) {
  if (!summary || summary.total === 0) {
    return showEmpty ? <span className="text-xs text-muted-foreground">no versions</span> : null;
  }
  const states = SHOWN_STATES.filter((state) => summary.latestByState[state]);
  if (states.length === 0 && summary.latestByState.retired) states.push("retired");
  return (
    <span className="flex flex-wrap items-center gap-1">
      {states.map((state) => {
        const ref = summary.latestByState[state];
        if (!ref) return null;
        const count = summary.counts[state];
        return (
          <StateBadge
            key={state}
            state={state}
            title={`Latest ${state} version: ${ref.version}${count > 1 ? ` (${count} ${state} versions)` : ""}`}
          >
            <span className="sr-only">{state} </span>
            <span className="font-mono">{ref.version}</span>
            {ref.badReason ? (
              <span className="text-error" title={`Marked bad: ${ref.badReason}`} data-testid="header-bad">
                {" "}
                bad
              </span>
            ) : null}
          </StateBadge>
        );
      })}
    </span>
  );
}

/** The promotion sensors' flags (docs/promotion.md): stale in staging, ready to bless. */
export function SensorBadges({ summary }: { summary: VersionSummaryDto | null | undefined }) {
  if (!summary || (!summary.stale && !summary.ready)) return null;
  return (
    <span className="flex flex-wrap items-center gap-1">
      {summary.stale ? (
        <Badge
          variant="warning"
          title={`${summary.stale.version} has been in staging for ${Math.floor(summary.stale.hoursInStaging)} h with no operator action (stale after ${summary.stale.thresholdHours} h)`}
        >
          <Clock aria-hidden="true" />
          stale <span className="font-mono">{summary.stale.version}</span>
        </Badge>
      ) : null}
      {summary.ready ? (
        <Badge variant="blessed" title={`${summary.ready.version}: ${summary.ready.summary}`}>
          <Sparkles aria-hidden="true" />
          ready to bless <span className="font-mono">{summary.ready.version}</span>
        </Badge>
      ) : null}
    </span>
  );
}
