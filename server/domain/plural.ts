export interface PluralOptions {
  /** The plural form when it is not `word` + "s": `{ many: "entries" }`. */
  many?: string;
  /** Group thousands with commas ("12,000 modules"), for counts that can be large: paths, catalog totals, CLI summaries. */
  thousands?: boolean;
  /** `false`: the word alone, agreeing with `n` — for a verb that follows a count ("1 approver … approves"). */
  withCount?: boolean;
}

// Fixed to en-US on purpose: the console and the CLI are English, and the output must not depend on the locale of
// the browser or the shell (CLI output is parsed and asserted on).
const grouped = new Intl.NumberFormat("en-US", { maximumFractionDigits: 20 });

/** A count with thousands separators and no noun ("12,000"), for "2 of 12,000"-style text next to `plural()`. */
export function groupThousands(n: number): string {
  return grouped.format(n);
}

/**
 * "1 error", "3 errors", "12,000 modules": the one way Strata writes a count with its noun, in the console and the
 * CLI alike (pure, so both use it). An irregular plural is the third argument, as a string or as `many`:
 * `plural(2, "entry", "entries")`.
 */
export function plural(n: number, word: string, manyOrOptions?: string | PluralOptions): string {
  const options: PluralOptions = typeof manyOrOptions === "string" ? { many: manyOrOptions } : (manyOrOptions ?? {});
  const noun = n === 1 ? word : (options.many ?? `${word}s`);
  if (options.withCount === false) return noun;
  return `${options.thousands ? groupThousands(n) : String(n)} ${noun}`;
}
