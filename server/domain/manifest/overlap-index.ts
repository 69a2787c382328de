/**
 * Pairwise glob overlap is exact but not free, and lists may hold thousands of globs. Two absolute globs whose
 * first segments are different literals can never overlap, so candidates are bucketed by first segment; globs
 * that start with a wildcard are candidates for everything. A budget caps the total work on adversarial input.
 */
import { firstLiteralSegment, parsedGlobsOverlap, type ParsedGlob } from "./globs";

export const OVERLAP_CHECK_BUDGET = 50_000;

export class OverlapIndex<T extends { glob: ParsedGlob }> {
  private readonly byFirst = new Map<string, T[]>();
  private readonly wildcardFirst: T[] = [];

  constructor(entries: Iterable<T>) {
    for (const e of entries) {
      const first = firstLiteralSegment(e.glob);
      if (first === null) this.wildcardFirst.push(e);
      else {
        const bucket = this.byFirst.get(first);
        if (bucket) bucket.push(e);
        else this.byFirst.set(first, [e]);
      }
    }
  }

  candidates(glob: ParsedGlob): T[] {
    const first = firstLiteralSegment(glob);
    if (first === null) return [...this.byFirst.values()].flat().concat(this.wildcardFirst);
    return (this.byFirst.get(first) ?? []).concat(this.wildcardFirst);
  }
}

/** Counts overlap tests against a shared budget; `exhausted` tells the caller its answers are incomplete. */
export class OverlapBudget {
  private used = 0;
  exhausted = false;

  constructor(private readonly limit: number = OVERLAP_CHECK_BUDGET) {}

  /** A witness path both globs match, null when none; also null (with `exhausted` set) past the budget. */
  overlap(a: ParsedGlob, b: ParsedGlob): string | null {
    if (this.used >= this.limit) {
      this.exhausted = true;
      return null;
    }
    this.used++;
    return parsedGlobsOverlap(a, b);
  }
}
