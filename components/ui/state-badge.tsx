import * as React from "react";

import { Badge } from "./badge";
import { cn } from "./cn";
import { STATE_LABELS, STATE_TONES, type PromotionState } from "./state-colors";

export interface StateBadgeProps extends Omit<React.ComponentProps<"span">, "children"> {
  state: PromotionState;
  /** A coloured dot before the label (default true); helps scanning long version lists. */
  dot?: boolean;
  /** Replaces the label text (the colour still follows `state`). */
  children?: React.ReactNode;
}

/** `<StateBadge state="live" />`: the promotion state in its colour; retired is struck through. */
export function StateBadge({ state, dot = true, className, children, ...props }: StateBadgeProps) {
  const tone = STATE_TONES[state];
  return (
    <Badge variant={state} data-promotion-state={state} className={className} {...props}>
      {dot ? <span aria-hidden="true" className={cn("size-1.5 rounded-full", tone.solid)} /> : null}
      {children ?? STATE_LABELS[state]}
    </Badge>
  );
}
