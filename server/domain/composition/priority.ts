import type { PriorityDerivation, Variety } from "./types";

export const VARIETY_RANK: Readonly<Record<Variety, number>> = { subscription: 0, config: 1, instance: 2 };

export interface PriorityArgs {
  categorySlug: string;
  /** `undefined` when the category is unknown; it then counts as 0 and `categoryKnown` is false. */
  categoryPosition: number | undefined;
  variety: Variety;
  priority: number;
  override?: number | null;
}

/**
 * docs/composition.md: `(category.position + varietyRank) × 1000 + module.priority`, unless the assignment's
 * `effectivePriorityOverride` replaces it. The derivation is returned as data and as the sentence the UI shows,
 * e.g. `(userland 90 + config 1) × 1000 + 5 = 91005` or `override 95000 (derived would be 90005)`.
 */
export function deriveEffectivePriority(args: PriorityArgs): PriorityDerivation {
  const position = args.categoryPosition ?? 0;
  const rank = VARIETY_RANK[args.variety] ?? 0;
  const derived = (position + rank) * 1000 + args.priority;
  const formula = `(${args.categorySlug} ${position} + ${args.variety} ${rank}) × 1000 + ${args.priority} = ${derived}`;
  const override = args.override ?? null;
  if (override !== null) {
    return {
      kind: "override",
      categorySlug: args.categorySlug,
      categoryPosition: position,
      categoryKnown: args.categoryPosition !== undefined,
      variety: args.variety,
      varietyRank: rank,
      modulePriority: args.priority,
      derived,
      override,
      effective: override,
      text: `override ${override} (derived would be ${derived})`,
      formula,
    };
  }
  return {
    kind: "derived",
    categorySlug: args.categorySlug,
    categoryPosition: position,
    categoryKnown: args.categoryPosition !== undefined,
    variety: args.variety,
    varietyRank: rank,
    modulePriority: args.priority,
    derived,
    override: null,
    effective: derived,
    text: formula,
    formula,
  };
}

/** Layer order: ascending effective priority, then module name, then owner. The last layer wins a path. */
export function compareLayers(
  a: { effectivePriority: number; name: string; owner: string },
  b: { effectivePriority: number; name: string; owner: string },
): number {
  if (a.effectivePriority !== b.effectivePriority) return a.effectivePriority - b.effectivePriority;
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  if (a.owner !== b.owner) return a.owner < b.owner ? -1 : 1;
  return 0;
}
