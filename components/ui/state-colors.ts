/**
 * The UI language's colour rules in one place (ARCHITECTURE.md, "The UI language"). Class names are written out in
 * full so Tailwind's scanner sees them. The CSS variables behind them live in app/globals.css.
 */

export const PROMOTION_STATES = ["built", "staging", "blessed", "live", "retired"] as const;
export type PromotionState = (typeof PROMOTION_STATES)[number];

export const SEVERITIES = ["error", "warning", "conflict"] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface ToneClasses {
  /** Subtle background + text + border, for chips and badges (same as the `state-*` / `severity-*` utility). */
  badge: string;
  /** Solid fill: dots, pipeline lane markers, bars. */
  solid: string;
  /** Text colour only. */
  text: string;
  /** Border colour only (lanes, cards). */
  border: string;
  /** Subtle background only. */
  bg: string;
  /** CSS colour value of the solid tone, for inline styles and SVG (`stroke={STATE_TONES.live.cssVar}`). */
  cssVar: string;
}

export const STATE_TONES: Record<PromotionState, ToneClasses> = {
  built: {
    badge: "state-built",
    solid: "bg-state-built",
    text: "text-state-built-fg",
    border: "border-state-built-border",
    bg: "bg-state-built-bg",
    cssVar: "var(--state-built)",
  },
  staging: {
    badge: "state-staging",
    solid: "bg-state-staging",
    text: "text-state-staging-fg",
    border: "border-state-staging-border",
    bg: "bg-state-staging-bg",
    cssVar: "var(--state-staging)",
  },
  blessed: {
    badge: "state-blessed",
    solid: "bg-state-blessed",
    text: "text-state-blessed-fg",
    border: "border-state-blessed-border",
    bg: "bg-state-blessed-bg",
    cssVar: "var(--state-blessed)",
  },
  live: {
    badge: "state-live",
    solid: "bg-state-live",
    text: "text-state-live-fg",
    border: "border-state-live-border",
    bg: "bg-state-live-bg",
    cssVar: "var(--state-live)",
  },
  retired: {
    badge: "state-retired",
    solid: "bg-state-retired",
    text: "text-state-retired-fg line-through",
    border: "border-state-retired-border",
    bg: "bg-state-retired-bg",
    cssVar: "var(--state-retired)",
  },
};

export const SEVERITY_TONES: Record<Severity, ToneClasses> = {
  error: {
    badge: "severity-error",
    solid: "bg-error",
    text: "text-error",
    border: "border-error-border",
    bg: "bg-error-bg",
    cssVar: "var(--error)",
  },
  warning: {
    badge: "severity-warning",
    solid: "bg-warning",
    text: "text-warning-fg",
    border: "border-warning-border",
    bg: "bg-warning-bg",
    cssVar: "var(--warning)",
  },
  conflict: {
    badge: "severity-conflict",
    solid: "bg-conflict",
    text: "text-conflict",
    border: "border-conflict-border",
    bg: "bg-conflict-bg",
    cssVar: "var(--conflict)",
  },
};

export const STATE_LABELS: Record<PromotionState, string> = {
  built: "Built",
  staging: "Staging",
  blessed: "Blessed",
  live: "Live",
  retired: "Retired",
};

export function isPromotionState(value: unknown): value is PromotionState {
  return typeof value === "string" && (PROMOTION_STATES as readonly string[]).includes(value);
}
