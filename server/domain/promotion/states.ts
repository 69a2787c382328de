/**
 * Promotion states of a module version (docs/promotion.md). `retired` is terminal.
 * The order of the tuple is the pipeline order; UIs may rely on it for lanes.
 */
export const PROMOTION_STATES = ["built", "staging", "blessed", "live", "retired"] as const;

export type PromotionState = (typeof PROMOTION_STATES)[number];

/** Old lifecycle words still found in older manifests, CI payloads and exports (docs/manifest-validation.md). */
export const LEGACY_STATE_NAMES = {
  draft: "built",
  archived: "retired",
} as const satisfies Record<string, PromotionState>;

export type LegacyStateName = keyof typeof LEGACY_STATE_NAMES;

/** States a node agent may be handed as its desired version (docs/promotion.md: only blessed or live). */
export const DELIVERABLE_STATES = ["blessed", "live"] as const satisfies readonly PromotionState[];

/** The version column stamped with `now` when a version enters a state; `built` uses the row's creation time. */
export const STATE_TIMESTAMP_FIELD = {
  built: null,
  staging: "stagingAt",
  blessed: "blessedAt",
  live: "liveAt",
  retired: "retiredAt",
} as const satisfies Record<PromotionState, string | null>;

export type StateTimestampField = NonNullable<(typeof STATE_TIMESTAMP_FIELD)[PromotionState]>;

const STATE_SET: ReadonlySet<string> = new Set(PROMOTION_STATES);

export function isPromotionState(value: unknown): value is PromotionState {
  return typeof value === "string" && STATE_SET.has(value);
}

export function isLegacyStateName(value: unknown): value is LegacyStateName {
  return typeof value === "string" && Object.hasOwn(LEGACY_STATE_NAMES, value);
}

export function isDeliverableState(state: PromotionState): state is (typeof DELIVERABLE_STATES)[number] {
  return state === "blessed" || state === "live";
}

/**
 * Maps a state word — current or legacy, any case, surrounding whitespace ignored — to a PromotionState.
 * Returns `undefined` for anything else so callers decide whether an unknown word is an error.
 */
export function normalizeLegacyState(value: string): PromotionState | undefined {
  const word = value.trim().toLowerCase();
  if (isPromotionState(word)) return word;
  if (isLegacyStateName(word)) return LEGACY_STATE_NAMES[word];
  return undefined;
}
